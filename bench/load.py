"""Load on the respondent side, with a count of rows at the end: no answer lost or doubled.

    .venv/bin/python bench/load.py [--db sqlite|postgresql|both] [--scenario group|window|both]
        [--workers 2] [--runs 3] [--phones 40] [--respondents 2000] [--json]
    make bench-load

Per database, `voices serve --workers N` (ports 18100-18199; SQLite in WAL mode in a
temporary folder, or PostgreSQL's own `voices_load_bench` database, emptied first) serves:

- group: a self-paced live session of surveys/group-session.yaml; --phones phones arrive at
  random within --join-window seconds, open the welcome page, start, answer its 5 questions
  with --think seconds before each, check their answers and submit;
- window: a survey window of surveys/my-life-in-care.yaml (the 8-11 version: 15 questions
  after an intro page); --respondents respondents complete it with no pause, at most
  --concurrency at once.

Every phone is a browser: its own cookies, `Origin` and `Sec-Fetch-Site: same-origin` on
POSTs, and its own address in X-Forwarded-For (the server trusts 127.0.0.1 as its proxy,
so per-address limits see one address per phone). While a scenario runs, a baseline
client fetches a small static file 10 times a second: the same machine's cost of a request
that touches no database, to compare with. Loopback only; each run stops starting new
phones after --max-seconds. Printed: requests a second, p50/p95/p99 and errors per kind of
request (medians over --runs), then the row count (bench/load_check.py). Exit status is
non-zero on any error or any row lost, doubled, changed or invented.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import live_bench, live_data, live_report, load_server  # noqa: E402
from bench.live_bench import answer_form  # noqa: E402
from bench.load_check import Ledger, Recorder, summarise, verify  # noqa: E402
from voices.definitions import Survey, load_catalog  # noqa: E402

BASELINE = "/static/icons/favicon.svg"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
COOKIE = "voices_response"


class Phone:
    """One child's browser. Any failed request ends its journey and is counted as an error."""

    def __init__(self, base: str, number: int, transport: httpx.AsyncBaseTransport | None):
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        headers = {
            "Origin": base,
            "Sec-Fetch-Site": "same-origin",
            "Accept-Language": "en",
            "X-Forwarded-For": address,
        }
        self.client = httpx.AsyncClient(
            base_url=base, headers=headers, timeout=30, transport=transport
        )

    async def send(self, rec: Recorder, kind: str, expect: int, method: str, path: str, **kw):
        started = time.perf_counter()
        try:
            response = await self.client.request(method, path, **kw)
        except httpx.HTTPError as exc:
            rec.fail(kind, exc.__class__.__name__)
            raise Abandoned from exc
        rec.note(kind, (time.perf_counter() - started) * 1000)
        if response.status_code != expect:
            rec.fail(kind, f"HTTP {response.status_code}")
            raise Abandoned
        return response

    async def journey(
        self, rec: Recorder, ledger: Ledger, code: str, survey: Survey, version: str, think: tuple
    ) -> None:
        rng = random.Random()
        welcome = await self.send(rec, "welcome", 200, "GET", f"/c/{code}")
        key = re.search(r'name="start_key" value="([^"]+)"', welcome.text)
        data = {"start_key": key.group(1) if key else "", "version": version}
        started = await self.send(rec, "start", 303, "POST", f"/c/{code}/start", data=data)
        token = self.client.cookies.get(COOKIE, "")
        ledger.started.add(token)
        path = started.headers["location"]
        while "/q/" in path:
            await self.send(rec, "question", 200, "GET", path)
            await asyncio.sleep(rng.uniform(*think))
            question = survey.question(path.rsplit("/", 1)[1])
            body = answer_form(question, rng)
            pair = (token, question.id)
            ledger.attempted.add(pair)
            posted = await self.send(rec, "answer", 303, "POST", path, content=body, headers=FORM)
            ledger.answers[pair] = expected_value(question, body)
            path = posted.headers["location"]
        check = await self.send(rec, "check", 200, "GET", path)
        action = re.search(r'<form method="post" action="([^"]*/submit)"', check.text)
        sent = await self.send(rec, "submit", 303, "POST", action.group(1) if action else path)
        ledger.submits.add(token)
        await self.send(rec, "thanks", 200, "GET", sent.headers["location"])

    async def close(self) -> None:
        await self.client.aclose()


class Abandoned(Exception):
    """A phone gave up after a failed request (already counted)."""


def expected_value(question: Any, body: str) -> Any:
    """What the server stores for this form: the question's own parse, through JSON."""
    from urllib.parse import parse_qs

    fields = parse_qs(body, keep_blank_values=True)
    skipped = fields.get("action") == ["skip"]
    value = None if skipped else question.parse(fields)
    return json.loads(json.dumps(value))


async def baseline(base: str, rec: Recorder, stop: asyncio.Event) -> None:
    """A static file ten times a second: a request with no database, on the same machine."""
    phone = Phone(base, 0, None)
    try:
        while not stop.is_set():
            with contextlib.suppress(Abandoned):
                await phone.send(rec, "baseline", 200, "GET", BASELINE)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.1)
    finally:
        await phone.close()


# --- scenarios ---------------------------------------------------------------------------


async def facilitator(target: load_server.Target, sid: int, rec: Recorder, stop: asyncio.Event):
    """The worker's screen in the room: signed in, polling the results every second."""
    setup = target.setup
    screen = f"/staff/o/{setup.org_slug}/consultations/{setup.consultation_id}/sessions/{sid}"
    phone = Phone(target.base, 0xFFFF, None)
    try:
        await live_bench.sign_in(phone.client)
        page = await phone.send(rec, "screen", 200, "GET", screen)
        first = live_report.parse_screen(page.text).poll_url
        if first is None:
            rec.fail("screen", "no polled results region")
            return
        poller = live_bench.Poller(phone.client, "poll", first, 1.0, True)
        await poller.run(rec, stop)  # type: ignore[arg-type]
    except (Abandoned, live_bench.BenchError, httpx.HTTPError) as exc:
        rec.fail("poll", str(exc) or exc.__class__.__name__)
    finally:
        await phone.close()


async def group(base: str, code: str, args: argparse.Namespace, rec: Recorder, ledger: Ledger):
    survey = load_catalog().get(live_data.SURVEY)
    rng = random.Random(args.seed)
    last = max(0.0, args.join_window - 1.0)  # a second to open the page and press Start
    phones = [Phone(base, n + 1, None) for n in range(args.phones)]  # made before the clock

    async def one(phone: Phone, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            await phone.journey(rec, ledger, code, survey, live_data.VERSION, tuple(args.think))
        except Abandoned:
            pass
        finally:
            await phone.close()

    await asyncio.gather(*(one(p, rng.uniform(0, last)) for p in phones))


async def window(base: str, code: str, args: argparse.Namespace, rec: Recorder, ledger: Ledger):
    survey = load_catalog().get(load_server.WINDOW_SURVEY)
    deadline = time.perf_counter() + args.max_seconds
    # One connection pool for all: a respondent's browser does not share, but making 2,000
    # TLS-capable clients would cost this client more CPU than the server's work.
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    transport = httpx.AsyncHTTPTransport(limits=limits)
    queue = iter(range(args.respondents))

    async def worker() -> None:
        for number in queue:
            if time.perf_counter() > deadline:
                return
            phone = Phone(base, 1000 + number, transport)
            with contextlib.suppress(Abandoned):
                await phone.journey(rec, ledger, code, survey, load_server.WINDOW_VERSION, (0, 0))

    try:
        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    finally:
        await transport.aclose()


SCENARIOS = {"group": group, "window": window}


async def run_once(
    scenario: str, target: load_server.Target, args: argparse.Namespace
) -> tuple[dict[str, Any], Ledger]:
    rec, ledger, stop = Recorder(), Ledger(), asyncio.Event()
    probes = [asyncio.create_task(baseline(target.base, rec, stop))]
    code = target.window_code
    if scenario == "group":
        sid, code = target.new_group()
        probes.append(asyncio.create_task(facilitator(target, sid, rec, stop)))
    cpu, began = target.cpu_seconds(), time.perf_counter()
    await SCENARIOS[scenario](target.base, code, args, rec, ledger)
    seconds = time.perf_counter() - began
    cpu = target.cpu_seconds() - cpu
    stop.set()
    await asyncio.gather(*probes)
    figures = summarise(rec, seconds)
    figures["server_cpu"] = round(cpu / seconds, 2)  # cores' worth, all workers
    # Steadier than latency on a shared machine: what the server itself spent a request.
    figures["server_cpu_ms"] = round(cpu * 1000 / max(1, figures["all"]["count"]), 2)
    figures["load_average"] = round(os.getloadavg()[0], 1)  # others' work on the machine
    figures["check"] = verify(target.url, load_server.SECRET, ledger)
    return figures, ledger


# --- runs and report ---------------------------------------------------------------------


def measure(db_name: str, url: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with load_server.serve(url, args.workers, work, args.ports) as target:
        warm = argparse.Namespace(**{**vars(args), "phones": 3, "respondents": 3})
        warm.join_window, warm.think = 1.0, [0.0, 0.0]
        for scenario in args.scenario:
            asyncio.run(run_once(scenario, target, warm))  # unmeasured: pools, templates
            runs = []
            for number in range(args.runs):
                figures, _ = asyncio.run(run_once(scenario, target, args))
                runs.append(figures)
                log(f"  {db_name} {scenario} run {number + 1}: {line(figures)}")
            results[scenario] = {"median": median_of(runs), "runs": runs}
    return results


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    kinds = sorted({k for r in runs for k in r["requests"]})
    keys = ("count", "rps", "p50", "p95", "p99", "errors")
    requests = {
        k: {
            key: statistics.median(r["requests"][k][key] for r in runs if k in r["requests"])
            for key in keys
        }
        for k in kinds
    }
    out: dict[str, Any] = {"requests": requests}
    out["all"] = {key: statistics.median(r["all"][key] for r in runs) for key in keys}
    out["server_cpu"] = statistics.median(r["server_cpu"] for r in runs)
    out["server_cpu_ms"] = statistics.median(r["server_cpu_ms"] for r in runs)
    out["load_average"] = [r["load_average"] for r in runs]
    # The ratio within each run (the same moment's machine), then its median.
    ratios = [
        r["requests"]["answer"]["p95"] / r["requests"]["baseline"]["p95"]
        for r in runs
        if r["requests"].get("answer", {}).get("count") and r["requests"].get("baseline")
    ]
    if ratios:
        out["answer_to_baseline_p95"] = round(statistics.median(ratios), 2)
    out["problems"] = [p for r in runs for p in r["check"]["problems"]]
    out["errors"] = sum(r["all"]["errors"] for r in runs)
    return out


def line(figures: dict[str, Any]) -> str:
    answer = figures["requests"].get("answer", {})
    check = figures["check"]
    return (
        f"{figures['all']['count']} requests in {figures['seconds']} s, answer p95"
        f" {answer.get('p95')} ms, errors {figures['all']['errors']}; rows: acknowledged"
        f" {check['acknowledged_answers']}, lost {check['lost']}, duplicated"
        f" {check['duplicated']}, submits {check['acknowledged_submits']}/{check['submitted']}"
    )


def report(result: dict[str, Any]) -> None:
    print(
        f"Voices load, {result['date']}: {result['cpus']} cores, {result['workers']} workers,"
        f" medians of {result['runs']} runs"
    )
    for db_name, scenarios in result["databases"].items():
        if "skipped" in scenarios:
            print(f"\n{db_name}: {scenarios['skipped']}")
            continue
        for scenario, found in scenarios.items():
            m = found["median"]
            print(
                f"\n{db_name}, {scenario}: server CPU {m['server_cpu']} cores,"
                f" {m['server_cpu_ms']} ms a request; load average {m['load_average']}"
            )
            print(
                f"  {'kind':<10} {'count':>6} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} errors"
            )
            for kind, s in m["requests"].items():
                print(
                    f"  {kind:<10} {s['count']:>6.0f} {s['rps']:>7.1f} {s['p50']:>7.1f}"
                    f" {s['p95']:>7.1f} {s['p99']:>7.1f} {s['errors']:>6.0f}"
                )
            print(f"  answer p95 / baseline p95: {m.get('answer_to_baseline_p95')}")
            checks = [r["check"] for r in found["runs"]]
            print(
                "  rows per run: "
                + "; ".join(
                    f"{c['acknowledged_answers']} acknowledged answers, {c['lost']} lost,"
                    f" {c['duplicated']} duplicated, {c['changed']} changed,"
                    f" {c['invented']} invented, {c['acknowledged_submits']} acknowledged"
                    f" submits, {c['submitted']} submitted"
                    for c in checks
                )
            )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Voices load and lost-answer check")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scenario", choices=["group", "window", "both"], default="both")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (median)")
    parser.add_argument("--phones", type=int, default=40, help="group: phones")
    parser.add_argument("--join-window", type=float, default=10.0, help="group: seconds")
    parser.add_argument("--think", type=float, nargs=2, default=[0.5, 2.0], help="group: s")
    parser.add_argument("--respondents", type=int, default=2000, help="window: respondents")
    parser.add_argument("--concurrency", type=int, default=40, help="window: at once")
    parser.add_argument("--max-seconds", type=float, default=600, help="window: then stop")
    parser.add_argument("--ports", type=int, nargs=2, default=[18100, 18199])
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--json", action="store_true", help="machine-readable, on stdout")
    args = parser.parse_args(argv)
    args.scenario = ["group", "window"] if args.scenario == "both" else [args.scenario]
    return args


def interrupt(signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupt)
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "runs": args.runs,
        "databases": {},
    }
    work = Path(tempfile.mkdtemp(prefix="voices-load-"))
    try:
        if args.db in ("sqlite", "both"):
            log("SQLite")
            url = f"sqlite:///{work / 'load.db'}"
            result["databases"]["sqlite"] = measure("sqlite", url, args, work)
        if args.db in ("postgresql", "both"):
            pg = load_server.postgres_database()
            if pg.startswith("postgresql"):
                log("PostgreSQL")
                result["databases"]["postgresql"] = measure("postgresql", pg, args, work)
            else:
                result["databases"]["postgresql"] = {"skipped": pg}
    except KeyboardInterrupt:
        log("interrupted: servers stopped, temporary files removed")
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2)) if args.json else report(result)
    found = [s for d in result["databases"].values() for s in d.values() if isinstance(s, dict)]
    failed = any(s["median"]["problems"] or s["median"]["errors"] for s in found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
