"""The findings page's aggregates as bare SQL over the fact tables, timed on a loaded data set
(bench/findings_data.py): what the page cannot be faster than, query by query, and the plan
each database chose. A check on the indexes, apart from any page code.

    .venv/bin/python bench/findings_queries.py --url sqlite:///findings-bench.db [--runs 5]
        [--plans]

Each query runs --runs times for the newest round; printed: the median in ms and the ratio to
the baseline (a bare COUNT(*) of the consultation's responses), and with --plans the plan.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Connection  # noqa: E402

from voices import db  # noqa: E402

SUBMITTED = "r.consultation_id = :c AND r.status = 'submitted'"
FILTER = (
    " AND r.version = :v AND EXISTS (SELECT 1 FROM closed_answer_fact b"
    " WHERE b.consultation_id = :c AND b.question_id = :bq AND b.option = :bo"
    " AND b.response_id = r.id)"
)
QUERIES: dict[str, str] = {
    "baseline: COUNT(*) of responses": "SELECT COUNT(*) FROM response WHERE consultation_id = :c",
    "respondents and completion": "SELECT r.status, COUNT(*) FROM response r"
    " WHERE r.consultation_id = :c GROUP BY r.status",
    "closed: distributions": "SELECT question_id, option, COUNT(*) FROM closed_answer_fact"
    " WHERE consultation_id = :c GROUP BY question_id, option",
    "closed: means": "SELECT question_id, AVG(number), COUNT(number) FROM closed_answer_fact"
    " WHERE consultation_id = :c AND number IS NOT NULL GROUP BY question_id",
    "themes: respondents": "SELECT theme, reviewed, COUNT(DISTINCT response_id)"
    " FROM theme_mention WHERE consultation_id = :c AND framework = :f"
    " GROUP BY theme, reviewed",
    "themes: sentiment": "SELECT theme, sentiment, COUNT(*) FROM theme_mention"
    " WHERE consultation_id = :c AND framework = :f GROUP BY theme, sentiment",
    "themes: any theme (base)": "SELECT COUNT(DISTINCT response_id) FROM theme_mention"
    " WHERE consultation_id = :c AND framework = :f",
    "filtered: respondents": f"SELECT COUNT(*) FROM response r WHERE {SUBMITTED}{FILTER}",
    "filtered: distributions": "SELECT f.question_id, f.option, COUNT(*)"
    " FROM closed_answer_fact f JOIN response r ON r.id = f.response_id"
    f" WHERE f.consultation_id = :c AND {SUBMITTED}{FILTER} GROUP BY f.question_id, f.option",
    "filtered: themes": "SELECT t.theme, t.reviewed, COUNT(DISTINCT t.response_id)"
    " FROM theme_mention t JOIN response r ON r.id = t.response_id"
    f" WHERE t.consultation_id = :c AND t.framework = :f AND {SUBMITTED}{FILTER}"
    " GROUP BY t.theme, t.reviewed",
}
PARAMS: dict[str, Any] = {"f": "shanarri", "v": "12-17", "bq": "where-live", "bo": "foster"}


def timed(conn: Connection, sql: str, params: dict[str, Any], runs: int) -> tuple[float, int]:
    """Median ms over runs (after one unmeasured run), and the rows returned."""
    rows = len(conn.execute(text(sql), params).all())
    spent = []
    for _ in range(runs):
        began = time.perf_counter()
        conn.execute(text(sql), params).all()
        spent.append((time.perf_counter() - began) * 1000)
    return statistics.median(spent), rows


def plan(conn: Connection, sql: str, params: dict[str, Any]) -> str:
    prefix = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    found = conn.execute(text(prefix + sql), params).all()
    return "\n".join("    " + " ".join(str(c) for c in row[-1:]) for row in found)


def measure(url: str, runs: int = 5, plans: bool = False) -> dict[str, dict[str, float]]:
    """{query name: {"ms": median, "ratio": to the baseline, "rows": n}} for the newest round."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            newest = conn.execute(text("SELECT MAX(id) FROM consultation")).scalar_one()
            params = {**PARAMS, "c": newest}
            found: dict[str, dict[str, float]] = {}
            for name, sql in QUERIES.items():
                ms, rows = timed(conn, sql, params, runs)
                found[name] = {"ms": round(ms, 2), "rows": rows}
                if plans:
                    print(f"  {name}:\n{plan(conn, sql, params)}", file=sys.stderr)
    finally:
        engine.dispose()
    base = next(iter(found.values()))["ms"] or 0.01
    for figures in found.values():
        figures["ratio"] = round(figures["ms"] / base, 1)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description="Findings aggregates as bare SQL, timed")
    parser.add_argument("--url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    found = measure(args.url, args.runs, args.plans)
    print(f"{'query':38} {'median ms':>10} {'x base':>7} {'rows':>6}")
    for name, figures in found.items():
        print(f"{name:38} {figures['ms']:>10.2f} {figures['ratio']:>7.1f} {figures['rows']:>6}")
    print(f"{'sum (one page, no cache)':38} {sum(f['ms'] for f in found.values()):>10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
