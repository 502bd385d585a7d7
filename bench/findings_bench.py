"""Findings at national scale, measured: the findings page, a filtered view and the CSV
export over 100,000 respondents (bench/findings_data.py), on SQLite and PostgreSQL.

    .venv/bin/python bench/findings_bench.py [--db sqlite|postgresql|both]
        [--respondents 100000] [--runs 5] [--sqlite-file PATH] [--reuse] [--json]
    make bench-findings

Per database: the data set is loaded (or, with --reuse, the one a previous run left is
used), then the app is built on it (voices.app.create_app) and driven in this process
through ASGI, with a viewer (pages) and a worker (export) signed in for real. Each request
runs once unmeasured, then --runs times; the figures are medians of the server's own time
(what RequestLogMiddleware measures, start of the request to the last byte sent).

- baseline: a bare COUNT(*) of the newest round's responses on the app's engine, same run;
  every time is printed with its ratio to it, so figures from a busier machine compare;
- findings page: the newest round, its default framework, no filters (the previous round's
  change included, as the page shows it);
- filtered view: the same page for 12-17s who live with foster carers (version + breakdown);
- CSV export: the worker's one-row-per-answer CSV of the newest round, streamed; rows a
  second, and the process's peak resident memory while it ran, above what it held before
  (sampled every 5 ms; the body is counted as it is sent, never kept).

Targets (docs/performance.md): findings page at most 500 ms on both databases; export
memory flat, under 200 MB. The exit status passes no judgement: non-zero only on errors.
A page or an export the app does not have yet is reported as "missing", not measured.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from bench import findings_data as data  # noqa: E402
from voices.app import create_app  # noqa: E402
from voices.settings import Settings  # noqa: E402

SECRET = "findings-bench-secret-not-for-production"
FILTERED = {"version": "12-17", "by-where-live": "foster"}
PAGE_TARGET_MS, MEMORY_TARGET_MB = 500, 200
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class BenchError(RuntimeError):
    """An error that makes the run fail: a page that answers with an error."""


# --- the server's own time -------------------------------------------------------------------


class ServerTimes(logging.Handler):
    """Keeps the time RequestLogMiddleware logs for each request ("GET name 200 12.3ms")."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.times: list[tuple[str, int, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        _method, name, status, elapsed = record.args  # type: ignore[misc]
        self.times.append((str(name), int(status), float(elapsed)))


@dataclass
class Sent:
    status: int = 0
    size: int = 0
    lines: int = 0
    head: bytearray = field(default_factory=bytearray)  # the first 64 KB, for checks


async def call(app: Any, path: str, query: dict[str, str], cookie: str) -> Sent:
    """One GET through the ASGI app; the body is counted as it is sent, not kept."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": urlencode(query).encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent = Sent()
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)  # the client never goes away mid-export
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.status = message["status"]
        elif message["type"] == "http.response.body":
            body = message.get("body", b"")
            sent.size += len(body)
            sent.lines += body.count(b"\n")
            if len(sent.head) < 65536:
                sent.head += body[: 65536 - len(sent.head)]

    await app(scope, receive, send)
    return sent


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


class PeakMemory:
    """The process's largest resident size while in the `with` block, sampled every 5 ms."""

    def __init__(self) -> None:
        self.before = self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss())

    def __enter__(self) -> PeakMemory:
        self.before = self.peak = rss()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss())

    @property
    def growth_mb(self) -> float:
        return round((self.peak - self.before) / 2**20, 1)


# --- one database ------------------------------------------------------------------------------


def sign_in(app: Any, email: str) -> str:
    """A real sign-in through the app; the cookie header it leaves."""
    client = TestClient(app, base_url="http://testserver", headers={"Origin": "http://testserver"})
    headers = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    form = {"email": email, "password": data.PASSWORD}
    signed = client.post("/staff/sign-in", data=form, headers=headers, follow_redirects=False)
    if signed.status_code != 303 or "voices_staff" not in client.cookies:
        raise BenchError(f"{email} could not sign in (HTTP {signed.status_code})")
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def has_route(app: Any, name: str) -> bool:
    return any(getattr(route, "name", None) == name for route in app.routes)


def baseline_ms(app: Any, consultation_id: int, runs: int) -> float:
    sql = text("SELECT COUNT(*) FROM response WHERE consultation_id = :c")
    spent = []
    with app.state.engine.connect() as conn:
        conn.execute(sql, {"c": consultation_id}).scalar_one()
        for _ in range(runs):
            began = time.perf_counter()
            conn.execute(sql, {"c": consultation_id}).scalar_one()
            spent.append((time.perf_counter() - began) * 1000)
    return statistics.median(spent)


def run_call(app: Any, path: str, query: dict[str, str], cookie: str) -> Any:
    """One request through the app on an event loop of its own (in a thread of its own when
    the caller's thread already runs a loop, as under a test runner)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(call(app, path, query, cookie))
    result: list[Any] = []
    worker = threading.Thread(
        target=lambda: result.append(asyncio.run(call(app, path, query, cookie)))
    )
    worker.start()
    worker.join()
    return result[0]


def page_ms(
    app: Any, times: ServerTimes, path: str, query: dict[str, str], cookie: str, runs: int
) -> dict[str, Any]:
    """Median server time of one page over runs (after one unmeasured request)."""
    measured: list[float] = []
    for number in range(runs + 1):
        times.times.clear()
        sent = run_call(app, path, query, cookie)
        if sent.status != 200:
            raise BenchError(f"{path}?{urlencode(query)}: HTTP {sent.status}")
        if number:
            measured.append(times.times[-1][2])
    return {"ms": round(statistics.median(measured), 1), "bytes": sent.size}


def export_figures(app: Any, times: ServerTimes, path: str, cookie: str) -> dict[str, Any]:
    """One streamed CSV export: rows a second (server time) and peak memory growth."""
    times.times.clear()  # measured once: at national scale one export is a minute
    with PeakMemory() as memory:
        sent = run_call(app, path, {}, cookie)
    if sent.status != 200:
        raise BenchError(f"{path}: HTTP {sent.status}")
    seconds = times.times[-1][2] / 1000
    rows = max(0, sent.lines - 1)  # the header line
    return {
        "rows": rows,
        "megabytes": round(sent.size / 2**20, 1),
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else 0,
        "peak_growth_mb": memory.growth_mb,
        "peak_rss_mb": round(memory.peak / 2**20, 1),
    }


def with_ratio(figures: dict[str, Any], base: float) -> dict[str, Any]:
    return {**figures, "x_baseline": round(figures["ms"] / base, 1) if base else None}


def measure(name: str, url: str, setup: data.Setup, runs: int) -> dict[str, Any]:
    app = create_app(Settings(database_url=url, secret_key=SECRET))
    times = ServerTimes()
    logger = logging.getLogger("voices.requests")
    logger.addHandler(times)
    logger.setLevel(logging.INFO)
    newest = setup.consultations[-1]
    org = setup.org_slug
    try:
        base = baseline_ms(app, newest, runs)
        found: dict[str, Any] = {"baseline_ms": round(base, 2)}
        if has_route(app, "staff_findings"):
            viewer = sign_in(app, setup.viewer)
            page = f"/staff/o/{org}/consultations/{newest}/findings"
            found["page"] = with_ratio(page_ms(app, times, page, {}, viewer, runs), base)
            filtered = page_ms(app, times, page, FILTERED, viewer, runs)
            found["filtered"] = with_ratio(filtered, base)
        else:
            found["page"] = found["filtered"] = "missing"
        if has_route(app, "staff_export_answers_csv"):
            worker = sign_in(app, setup.worker)
            path = f"/staff/o/{org}/consultations/{newest}/export/answers.csv"
            found["export"] = export_figures(app, times, path, worker)
        else:
            found["export"] = "missing"
        data.log(f"  {name}: {found}")
        return found
    finally:
        logger.removeHandler(times)
        app.state.engine.dispose()


# --- the run -------------------------------------------------------------------------------


def prepared(name: str, args: argparse.Namespace, pool: tuple[data.Coded, ...]) -> tuple[str, Any]:
    """The database's url and Setup: loaded now, or found from an earlier run (--reuse)."""
    if name == "sqlite":
        url = f"sqlite:///{args.sqlite_file}"
        if not (args.reuse and args.sqlite_file.exists()):
            url = data.sqlite_url(args.sqlite_file)
    else:
        url = data.PG_URL if args.reuse else data.postgres_database()
    if args.reuse:
        found = data.existing(url)  # migrated to head first: new indexes apply to old data
        if found is not None:
            data.log(f"{name}: reusing {found[1]}")
            return url, found
    data.log(f"{name}: loading {args.respondents:,} respondents")
    setup, counts = data.load(url, args.respondents, args.seed, pool)
    return url, (setup, {"rows": counts.rows, "seconds": round(counts.seconds, 1)})


def run(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average": list(os.getloadavg())},
        "respondents": args.respondents,
        "runs": args.runs,
        "databases": {},
    }
    pool = data.text_pool()
    names = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    for name in names:
        try:
            url, (setup, loaded) = prepared(name, args, pool)
        except Exception as exc:  # no PostgreSQL here: say so, measure the rest
            if name != "postgresql":
                raise
            result["databases"][name] = {"skipped": f"{exc.__class__.__name__}: {exc}"[:200]}
            continue
        result["databases"][name] = {"load": loaded, **measure(name, url, setup, args.runs)}
    return result


def shown(figures: Any, key: str = "ms", unit: str = "ms") -> str:
    if not isinstance(figures, dict):
        return str(figures)
    ratio = figures.get("x_baseline")
    return f"{figures[key]:,} {unit}" + (f" (x{ratio:,} baseline)" if ratio else "")


def report(result: dict[str, Any]) -> None:
    """The figures as a table, one column per database."""
    dbs = result["databases"]
    print(
        f"Findings at national scale: {result['respondents']:,} respondents,"
        f" medians of {result['runs']} runs, {result['date']}"
    )
    rows: list[tuple[str, list[str]]] = []
    for label, pick in (
        ("load (rows)", lambda d: f"{sum(d['load']['rows'].values()):,}"),
        ("load (answers)", lambda d: f"{d['load']['rows']['answer']:,}"),
        ("load (seconds)", lambda d: f"{d['load']['seconds']}"),
        ("baseline COUNT(*)", lambda d: f"{d['baseline_ms']} ms"),
        ("findings page", lambda d: shown(d["page"])),
        ("filtered view", lambda d: shown(d["filtered"])),
        ("CSV export rate", lambda d: shown(d["export"], "rows_per_second", "rows/s")),
        ("CSV rows", lambda d: shown(d["export"], "rows", "rows")),
        ("CSV peak memory", lambda d: shown(d["export"], "peak_growth_mb", "MB more")),
    ):
        cells = []
        for figures in dbs.values():
            try:
                cells.append(pick(figures))
            except (KeyError, TypeError):
                cells.append(str(figures.get("skipped", "missing")))
        rows.append((label, cells))
    print(f"{'':20}" + "".join(f"{name:>34}" for name in dbs))
    for label, cells in rows:
        print(f"{label:20}" + "".join(f"{cell:>34}" for cell in cells))
    print(
        f"targets: findings page <= {PAGE_TARGET_MS} ms; export memory flat, < {MEMORY_TARGET_MB} MB"
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Voices findings benchmark, national scale")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="measured requests (median)")
    parser.add_argument("--sqlite-file", type=Path, default=Path("findings-bench.db"))
    parser.add_argument("--reuse", action="store_true", help="use the data a run left")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", action="store_true", help="machine-readable, on stdout")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = run(args)
    except BenchError as exc:
        data.log(f"error: {exc}")
        return 1
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
