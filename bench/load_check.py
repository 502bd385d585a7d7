"""What bench/load.py's phones were told, and whether the database agrees.

The ledger holds every acknowledgement a phone received: an answer POST answered 303 (the
next page) and a submit answered 303 (thank you). After a run, `verify` counts rows: each
acknowledged answer must be stored exactly once with the value posted, no answer may
appear that no phone posted, and submitted responses must equal acknowledged submits.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from voices import db
from voices.security import keyed_hash

Pair = tuple[str, str]  # (a phone's response cookie, question id)


@dataclass
class Ledger:
    answers: dict[Pair, Any] = field(default_factory=dict)  # acknowledged: the value posted
    attempted: set[Pair] = field(default_factory=set)  # posted, acknowledged or not
    submits: set[str] = field(default_factory=set)  # cookies whose submit was acknowledged
    started: set[str] = field(default_factory=set)  # cookies of every response started


@dataclass
class Recorder:
    """Latency of every request by kind, and what failed (status or exception) by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def note(self, kind: str, ms: float) -> None:
        self.latencies[kind].append(ms)

    def fail(self, kind: str, what: str) -> None:
        self.errors[kind].append(what)


def spread(values: list[float], seconds: float) -> dict[str, float]:
    """Count, requests a second and p50/p95/p99 of one kind of request (ms)."""
    if not values:
        return {"count": 0, "rps": 0.0, "p50": float("nan"), "p95": float("nan"), "p99": 0.0}
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else None
    pick = (lambda p: cuts[p - 1]) if cuts else (lambda _p: values[0])
    return {
        "count": len(values),
        "rps": round(len(values) / seconds, 1) if seconds > 0 else 0.0,
        "p50": round(pick(50), 1),
        "p95": round(pick(95), 1),
        "p99": round(pick(99), 1),
    }


def summarise(rec: Recorder, seconds: float) -> dict[str, Any]:
    kinds = sorted(set(rec.latencies) | set(rec.errors))
    every = [ms for values in rec.latencies.values() for ms in values]
    return {
        "seconds": round(seconds, 2),
        "requests": {
            k: {**spread(rec.latencies.get(k, []), seconds), "errors": len(rec.errors.get(k, []))}
            for k in kinds
        },
        "all": {**spread(every, seconds), "errors": sum(map(len, rec.errors.values()))},
        "error_samples": [f"{k}: {e}" for k in kinds for e in rec.errors.get(k, [])[:3]],
    }


def verify(url: str, secret: str, ledger: Ledger) -> dict[str, Any]:
    """Rows against acknowledgements. `problems` is empty only when nothing was lost,
    duplicated, changed or invented."""
    by_hash = {keyed_hash(secret, token): token for token in ledger.started}
    stored: dict[Pair, list[Any]] = defaultdict(list)
    submitted: set[str] = set()
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT r.token_hash, r.status, a.question_id, a.value FROM response r"
                    " LEFT JOIN answer a ON a.response_id = r.id"
                )
            )
            for token_hash, status, question_id, value in rows:
                token = by_hash.get(token_hash)
                if token is None:
                    continue  # not one of this run's phones (a warm-up, an earlier run)
                if status == "submitted":
                    submitted.add(token)
                if question_id is not None:
                    stored[(token, question_id)].append(_plain(value))
    finally:
        engine.dispose()
    lost = [p for p in ledger.answers if p not in stored]
    duplicated = [p for p, values in stored.items() if len(values) > 1]
    changed = [p for p, v in ledger.answers.items() if p in stored and v not in stored[p]]
    invented = [p for p in stored if p not in ledger.attempted]
    check = {
        "acknowledged_answers": len(ledger.answers),
        "stored_answers": sum(len(v) for v in stored.values()),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "changed": len(changed),
        "invented": len(invented),
        "acknowledged_submits": len(ledger.submits),
        "submitted": len(submitted),
        "unacknowledged_submitted": len(submitted - ledger.submits),
    }
    problems = [f"{name}: {check[name]}" for name in ("lost", "duplicated", "changed", "invented")]
    problems = [p for p in problems if not p.endswith(": 0")]
    if ledger.submits - submitted:
        problems.append(f"acknowledged submits not submitted: {len(ledger.submits - submitted)}")
    return {**check, "problems": problems}


def _plain(value: Any) -> Any:
    """JSON as the driver returns it (text on SQLite, objects on PostgreSQL) as objects."""
    import json

    return json.loads(value) if isinstance(value, str) else value
