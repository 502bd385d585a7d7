"""How fast the coding engine is, against TextBlob's bare document sentiment in the same run.

    .venv/bin/python bench/coding_bench.py [--texts 10000] [--rounds 5] [--framework shanarri] [--json]

Both sides code the same texts: the development set, cycled to --texts, each made unique by
a number so no whole-text cache can help. Each round has its own numbers, so every answer
brings one word the engine's per-word memory has not seen, as a real batch brings names and
slips. Each round times TextBlob over all the texts, then the engine. With --chunk N they
take turns N texts at a time instead (the first to go swapping each turn): less noisy when
comparing two versions of the engine, but it reads higher than whole rounds on our machine
(each side cools the other's caches), so figures against the target use whole rounds, the
default.

Prints medians over rounds, the ratio of the engine's texts per second to TextBlob's
(target >= 0.5: the whole pipeline costs at most twice sentiment alone), the time to build
the coder, and memory: the process's peak RSS and the Python heap the coder holds.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from textblob import TextBlob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voices.coding.pipeline import coder_for  # noqa: E402

DEV = ROOT / "tests" / "data" / "coding" / "dev.jsonl"


def texts(count: int, first_number: int = 0) -> list[str]:
    base = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()]
    return [f"{base[i % len(base)]} {first_number + i}" for i in range(count)]


def rates(
    engine: Callable[[str], object], baseline: Callable[[str], object], items: list[str], chunk: int
) -> tuple[float, float]:
    """Texts per second of engine and of baseline over items, timed in turns of chunk texts."""
    gc.collect()
    spent = [0.0, 0.0]
    for turn, first in enumerate(range(0, len(items), chunk)):
        part = items[first : first + chunk]
        order = [(1, baseline), (0, engine)]
        if turn % 2:
            order.reverse()
        for side, work in order:
            started = time.perf_counter()
            for item in part:
                work(item)
            spent[side] += time.perf_counter() - started
    return len(items) / spent[0], len(items) / spent[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chunk", type=int, default=0, help="texts per turn (0: whole rounds)")
    parser.add_argument("--framework", default="shanarri")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    # Each round its own numbers: one word in each answer is new to the engine's per-word
    # memory every round, as a council's next batch brings names and slips never seen.
    rounds = [texts(args.texts, first_number=r * args.texts) for r in range(args.rounds)]
    chunk = args.chunk or args.texts
    tracemalloc.start()
    built = time.perf_counter()
    coder = coder_for(args.framework)
    build_seconds = time.perf_counter() - built
    coder_heap = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    def baseline(text: str) -> float:
        return TextBlob(text).sentiment.polarity

    coder.code("warm up")  # load lazy state on both sides before timing
    baseline("warm up")
    engine_rates, blob_rates, ratios = [], [], []
    for items in rounds:
        engine_rate, blob_rate = rates(coder.code, baseline, items, chunk)
        engine_rates.append(engine_rate)
        blob_rates.append(blob_rate)
        ratios.append(engine_rate / blob_rate)
    engine, blob = statistics.median(engine_rates), statistics.median(blob_rates)
    ratio = statistics.median(ratios)
    result = {
        "framework": args.framework,
        "texts": args.texts,
        "rounds": args.rounds,
        "chunk": chunk,
        "engine_texts_per_second": round(engine),
        "textblob_texts_per_second": round(blob),
        "ratio": round(ratio, 3),
        "round_ratios": [round(r, 3) for r in ratios],
        "target_ratio": 0.5,
        "coder_build_seconds": round(build_seconds, 3),
        "coder_heap_mib": round(coder_heap / 2**20, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Coding {args.texts} texts against {args.framework}, median of {args.rounds} rounds")
    print(f"  full pipeline         {engine:>9.0f} texts/s")
    print(f"  TextBlob sentiment    {blob:>9.0f} texts/s")
    print(f"  ratio                 {ratio:>9.2f}   (target >= 0.5; median of each round's)")
    print(f"  each round's ratio    {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"  building the coder    {build_seconds:>9.2f} s")
    print(f"  coder's Python heap   {coder_heap / 2**20:>9.1f} MiB")
    print(f"  peak RSS              {result['peak_rss_mib']:>9.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
