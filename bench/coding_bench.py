"""How fast the coding engine is, against TextBlob's bare document sentiment in the same run.

    .venv/bin/python bench/coding_bench.py [--texts 10000] [--rounds 5] [--framework shanarri] [--json]

Both sides code the same texts (the development set, cycled to --texts, each made unique by
a number so no whole-text cache can help). Prints medians over rounds, the ratio of the
engine's texts per second to TextBlob's (target >= 0.5: the whole pipeline costs at most
twice sentiment alone), the time to build the coder, and memory: the process's peak RSS
and the Python heap the coder holds.
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


def texts(count: int) -> list[str]:
    base = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()]
    return [f"{base[i % len(base)]} {i}" for i in range(count)]


def rate(work: Callable[[str], object], items: list[str]) -> float:
    gc.collect()
    started = time.perf_counter()
    for item in items:
        work(item)
    return len(items) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--framework", default="shanarri")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    items = texts(args.texts)
    tracemalloc.start()
    built = time.perf_counter()
    coder = coder_for(args.framework)
    build_seconds = time.perf_counter() - built
    coder_heap = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    def baseline(text: str) -> float:
        return TextBlob(text).sentiment.polarity

    coder.code(items[0])  # warm lazy state on both sides before timing
    baseline(items[0])
    engine_rates, blob_rates = [], []
    for _ in range(args.rounds):  # alternate, so drift on the machine hits both alike
        blob_rates.append(rate(baseline, items))
        engine_rates.append(rate(coder.code, items))
    engine, blob = statistics.median(engine_rates), statistics.median(blob_rates)
    result = {
        "framework": args.framework,
        "texts": args.texts,
        "rounds": args.rounds,
        "engine_texts_per_second": round(engine),
        "textblob_texts_per_second": round(blob),
        "ratio": round(engine / blob, 3),
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
    print(f"  ratio                 {engine / blob:>9.2f}   (target >= 0.5)")
    print(f"  building the coder    {build_seconds:>9.2f} s")
    print(f"  coder's Python heap   {coder_heap / 2**20:>9.1f} MiB")
    print(f"  peak RSS              {result['peak_rss_mib']:>9.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
