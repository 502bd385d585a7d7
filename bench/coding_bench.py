"""How fast the coding engine codes answers: throughput and per-answer latency on one core.

    .venv/bin/python bench/coding_bench.py [--texts 10000] [--rounds 3] [--framework shanarri] [--json]

The texts are every labelled answer in tests/data/coding/, cycled to --texts, each made
unique by a number so no whole-text cache can help (each round has its own numbers, as a
council's next batch brings names and slips never seen). Each answer is timed on its own
through the whole pipeline (themes, sentiment, safeguarding). The process is pinned to one
core where the system allows.

Floors: at least 1,000 answers a second, and 99 in 100 answers coded in under 20 ms. The
ratio to TextBlob's bare document sentiment is printed for the record only.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from textblob import TextBlob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voices.coding.pipeline import coder_for  # noqa: E402
from voices.paths import CODING_DATA as DATA  # noqa: E402

FLOOR_PER_SECOND = 1000
FLOOR_P99_MS = 20.0


def texts(count: int, first_number: int = 0) -> list[str]:
    base = [
        json.loads(line)["text"]
        for path in sorted(DATA.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [f"{base[i % len(base)]} {first_number + i}" for i in range(count)]


def one_core() -> str:
    """Pin this process to one core; say which, or why not."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"core {core}"


def percentile(sorted_values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    rank = max(1, round(share * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def timed(work, items: list[str]) -> tuple[float, list[float]]:
    """(answers per second, each answer's seconds) for work over items."""
    gc.collect()
    each = []
    clock = time.perf_counter
    started = clock()
    for item in items:
        begun = clock()
        work(item)
        each.append(clock() - begun)
    return len(items) / (clock() - started), each


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--framework", default="shanarri")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    core = one_core()
    rounds = [texts(args.texts, first_number=r * args.texts) for r in range(args.rounds)]
    built = time.perf_counter()
    coder = coder_for(args.framework)
    build_seconds = time.perf_counter() - built

    def baseline(text: str) -> float:
        return TextBlob(text).sentiment.polarity

    coder.code("warm up")
    baseline("warm up")
    rates, blob_rates, latencies = [], [], []
    for items in rounds:
        rate, each = timed(coder.code, items)
        rates.append(rate)
        latencies += each
        blob_rates.append(timed(baseline, items)[0])
    latencies.sort()
    rate, blob = statistics.median(rates), statistics.median(blob_rates)
    ms = {
        name: round(1000 * percentile(latencies, share), 3)
        for name, share in (("median", 0.5), ("p95", 0.95), ("p99", 0.99))
    }
    ms["max"] = round(1000 * latencies[-1], 3)
    met = rate >= FLOOR_PER_SECOND and ms["p99"] < FLOOR_P99_MS
    result = {
        "framework": args.framework,
        "texts": args.texts,
        "rounds": args.rounds,
        "cpu": core,
        "answers_per_second": round(rate),
        "latency_ms": ms,
        "floors": {"answers_per_second": FLOOR_PER_SECOND, "p99_ms": FLOOR_P99_MS},
        "floors_met": met,
        "textblob_answers_per_second": round(blob),
        "ratio_to_textblob": round(rate / blob, 3),
        "coder_build_seconds": round(build_seconds, 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0 if met else 1


def report(result: dict) -> None:
    ms, rate = result["latency_ms"], result["answers_per_second"]
    blob = result["textblob_answers_per_second"]
    print(
        f"Coding {result['texts']} answers x {result['rounds']} rounds against "
        f"{result['framework']} ({result['cpu']})"
    )
    print(f"  whole pipeline      {rate:>8} answers/s   (floor {FLOOR_PER_SECOND})")
    print(f"  latency median      {ms['median']:>8.2f} ms")
    print(f"  latency p95         {ms['p95']:>8.2f} ms")
    print(f"  latency p99         {ms['p99']:>8.2f} ms   (floor < {FLOOR_P99_MS:.0f})")
    print(f"  latency max         {ms['max']:>8.2f} ms")
    print(f"  floors              {'met' if result['floors_met'] else 'MISSED'}")
    print(f"  TextBlob alone      {blob:>8} answers/s   (ratio {rate / blob:.2f}, for the record)")
    print(f"  building the coder  {result['coder_build_seconds']:>8.2f} s")
    print(f"  peak RSS            {result['peak_rss_mib']:>8.1f} MiB")


if __name__ == "__main__":
    sys.exit(main())
