"""The pure parts of bench/live_bench.py: reading the facilitator's results fragment,
percentiles, matching answers to the moment the screen showed them, and the printed table.
No HTTP, no database, no clocks: tests/test_live_bench.py runs them."""

from __future__ import annotations

import html
import math
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.respond_report import met

REQUEST_TARGET_MS = 300.0
SCREEN_TARGET_S = 2.0
SHOWN_FROM = 3  # the facilitator screen shows a question's count from this many answers on

_SECTION = re.compile(r'<section class="live-result"[^>]*aria-labelledby="q-([^"]+)"')
_ANSWERED = re.compile(r'class="live-result__answered">\s*(\d+)')
_POLL = re.compile(r'id="live-results"[^>]*?hx-get="([^"]+)"')
_COUNT = re.compile(r'class="live-counts__number">\s*(\d+)\s*<')


@dataclass(frozen=True)
class Screen:
    """What one facilitator page or fragment showed: "N answered" per question (absent while
    fewer than 3 have answered), the phones joined and finished (when sent), the next poll."""

    answered: dict[str, int] = field(default_factory=dict)
    joined: int | None = None
    finished: int | None = None
    poll_url: str | None = None


def parse_screen(markup: str) -> Screen:
    """Read the results region as live-staff renders it (templates/staff/live/_results.html)."""
    answered: dict[str, int] = {}
    starts = [(m.start(), m.group(1)) for m in _SECTION.finditer(markup)]
    for n, (start, question_id) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(markup)
        found = _ANSWERED.search(markup, start, end)
        if found:
            answered[question_id] = int(found.group(1))
    counts = [int(c) for c in _COUNT.findall(markup)]
    poll = _POLL.search(markup)
    return Screen(
        answered,
        joined=counts[0] if len(counts) >= 2 else None,
        finished=counts[1] if len(counts) >= 2 else None,
        poll_url=html.unescape(poll.group(1)) if poll else None,
    )


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), linear between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values: Sequence[float], digits: int = 1) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), digits),
        "p95": round(percentile(values, 95), digits),
        "max": round(max(values), digits) if values else math.nan,
    }


def shown_after(
    answers: Iterable[tuple[str, float]],
    seen: Sequence[tuple[float, Mapping[str, int]]],
) -> tuple[list[float], int]:
    """Seconds from each answer's POST completing to the screen first showing it, and how
    many answers the screen never showed.

    answers: (question id, when its POST completed). seen: (when a page or fragment arrived,
    its "N answered" figures), in order. The k-th answer to complete for a question is shown
    once the screen's count for it reaches k; a count reached before the phone had its reply
    (the commit beat the response home) counts as 0 s. The first two answers of a question
    are not measured: the screen shows nothing until the third."""
    by_question: dict[str, list[float]] = {}
    for question_id, done in answers:
        by_question.setdefault(question_id, []).append(done)
    delays, unseen = [], 0
    for question_id, dones in by_question.items():
        for k, done in enumerate(sorted(dones), start=1):
            if k < SHOWN_FROM:
                continue
            at = next((t for t, counts in seen if counts.get(question_id, 0) >= k), None)
            if at is None:
                unseen += 1
            else:
                delays.append(max(0.0, at - done))
    return delays, unseen


def median_of(rounds: Sequence[Mapping[str, Any]], *path: str) -> float:
    values = []
    for figures in rounds:
        for key in path:
            figures = figures.get(key, {}) if isinstance(figures, Mapping) else {}
        if isinstance(figures, int | float) and not math.isnan(figures):
            values.append(figures)
    return round(statistics.median(values), 3) if values else math.nan


# --- the printed table -------------------------------------------------------------------


def report(result: Mapping[str, Any]) -> None:
    machine = result["machine"]
    print(
        f"Live group session: {result['phones']} phones, medians of {result['rounds']} rounds;"
        f" {machine['cpus']} CPUs, client and server on one machine, load average"
        f" {machine['load_average_before'][0]} before and {machine['load_average_after'][0]} after"
    )
    print(
        f"The facilitator screen polls every {result['poll_seconds']:g} s as its htmx does:"
        " answer->screen is measured on what it shows."
    )
    for name, db in result["databases"].items():
        print()
        if "skipped" in db:
            print(f"{name}: {db['skipped']}")
            continue
        report_database(name, db, result["join_window"])
        if db.get("observer_round"):
            report_observer(db["observer_round"], result["observer_ms"])


def report_database(name: str, db: Mapping[str, Any], window: float) -> None:
    summary = db["summary"]
    join = summary["join_seconds"]
    print(
        f"{name}: {summary['joined']}/{db['phones']} phones joined, the last {join:.1f} s after"
        f" the first arrived (target: all within {window:g} s: {met(join <= window)})"
    )
    print(
        f"  CPU while the phones ran: server {summary['server_cpu']:.0%} of one core"
        f" ({summary['server_cpu_ms_per_request']:.1f} ms a request), this client"
        f" {summary['client_cpu']:.0%}"
    )
    print(f"  {'request':<16}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  target p95 <= 300 ms")
    for kind, s in summary["requests"].items():
        mark = met(s["p95"] <= REQUEST_TARGET_MS)
        print(f"  {kind:<16}{s['n']:>5.0f}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['max']:>9.1f}  {mark}")
    print(
        f"  {'answer->screen':<16}{'n':>5}{'p50 s':>9}{'p95 s':>9}{'max s':>9}  target p95 <= 2 s"
    )
    s = summary["screen"]["screen (1 s)"]
    unseen = f", never shown: {s['unseen']}" if s["unseen"] else ""
    mark = met(s["p95"] <= SCREEN_TARGET_S)
    print(
        f"  {'screen (1 s)':<16}{s['n']:>5.0f}{s['p50']:>9.2f}{s['p95']:>9.2f}{s['max']:>9.2f}  {mark}{unseen}"
    )
    checks = summary["stored"]
    print(
        f"  stored per round: {checks['answers']} answers, {checks['submitted']} submitted"
        f" (expected {checks['expected_answers']} and {checks['expected_submitted']})"
    )


def report_observer(observed: Mapping[str, Any], every_ms: int) -> None:
    """The extra round: how soon the server's fragment had each answer, seen every 100 ms."""
    s, poll = observed["screen"]["observer"], observed["requests"].get("observer", {})
    answer = observed["requests"]["answer"]
    print(
        f"  one more round with a {every_ms} ms observer polling too (measurement only):"
        f" answer->fragment p50 {s['p50']:.2f} s, p95 {s['p95']:.2f} s, max {s['max']:.2f} s;"
        f" its polls p95 {poll.get('p95', math.nan):.0f} ms, answers p95 {answer['p95']:.0f} ms"
        " under that extra load"
    )


def summarise(rounds: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the rounds; stored counts and errors summed."""
    kinds = dict.fromkeys(k for r in rounds for k in r["requests"])
    screens = dict.fromkeys(k for r in rounds for k in r["screen"])
    return {
        "join_seconds": median_of(rounds, "join_seconds"),
        **{
            key: median_of(rounds, key)
            for key in ("server_cpu", "client_cpu", "server_cpu_ms_per_request")
        },
        "joined": min(r["joined"] for r in rounds),
        "requests": {
            kind: {f: median_of(rounds, "requests", kind, f) for f in ("n", "p50", "p95", "max")}
            for kind in kinds
        },
        "screen": {
            kind: {
                **{f: median_of(rounds, "screen", kind, f) for f in ("n", "p50", "p95", "max")},
                "unseen": sum(r["screen"][kind]["unseen"] for r in rounds),
            }
            for kind in screens
        },
        "stored": {
            key: min(r["stored"][key] for r in rounds)
            for key in ("answers", "submitted", "expected_answers", "expected_submitted")
        },
    }
