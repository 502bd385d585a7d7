"""A live group session, measured for real: 40 phones join a worker's session and answer
while the facilitator screen polls for results.

    .venv/bin/python bench/live_bench.py [--db sqlite|postgresql|both] [--rounds 3]
        [--phones 40] [--join-window 10] [--json]
    make bench-live

Per database, one uvicorn worker (bench/respond_bench.py's helpers: ports 8771-8789, a fresh
SQLite file, PostgreSQL's own `voices_bench` database, never `test`) serves an organisation,
a worker, a consultation of surveys/group-session.yaml and a live session, all written
straight into the database. Each round is a new live session:

- the worker signs in and opens the facilitator screen, which polls the results fragment
  every second as htmx does (next poll 1 s after the last fired, or after a swap);
- a second, faster poller (every 100 ms) watches the same fragment only to measure how soon
  the server has an answer; its requests are load too, and are shown apart;
- each phone (its own httpx2 client and cookies) starts at a random moment in the join
  window, opens the welcome page, starts, answers the 5 questions with 0.5-2 s to think
  before each, checks its answers and submits, as a browser would (redirects followed).

Printed: the join window achieved; p50/p95/max latency of each kind of request; for each
closed answer from the 3rd of its question on (the screen shows nothing before), the time
until the screen's "N answered" reached it. Medians over the rounds. Figures pass no
judgement by exit status: it is non-zero only on errors (HTTP 4xx/5xx, an answer or a
submission missing from the database).
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
import sys
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import live_report  # noqa: E402
from bench.live_data import (  # noqa: E402
    PASSWORD,
    SURVEY,
    VERSION,
    WORKER,
    Setup,
    new_live_session,
    prepare,
    stored,
)
from bench.respond_bench import (  # noqa: E402
    PG_BENCH,
    Server,
    free_port,
    interrupt,
    log,
    machine,
    postgres_database,
    voices_server,
)
from voices.definitions import Question, Survey, load_catalog  # noqa: E402

THINK = (0.5, 2.0)  # seconds a phone takes before each answer
SETTLE = 5.0  # seconds the screen may take, after the last phone, to show everything
WORDS = [  # free text for the one text question (coded on submit, like a real answer)
    "More activities in the school holidays, and staying in touch with my brother.",
    "Listen to us before you decide where we live.",
    "Help with money and getting a flat when I leave care.",
    "Stop changing our social workers so often.",
]


class BenchError(RuntimeError):
    """An error that makes the run fail: an HTTP error, a lost answer."""


# --- requests ----------------------------------------------------------------------------


@dataclass
class Recorder:
    """Every request's latency by kind, and what went wrong."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    async def timed(
        self, kind: str, sent: Awaitable[httpx.Response], expect: int
    ) -> tuple[httpx.Response, float]:
        started = time.perf_counter()
        response = await sent
        done = time.perf_counter()
        self.latencies.setdefault(kind, []).append((done - started) * 1000)
        if response.status_code != expect:
            raise BenchError(f"{kind} {response.request.url.path}: HTTP {response.status_code}")
        return response, done


def browser(base: str) -> httpx.AsyncClient:
    """A phone's (or the facilitator's) browser: its own cookies; the headers a browser sends
    with a same-site form post (voices/security.py refuses cross-site ones)."""
    headers = {"Origin": base, "Sec-Fetch-Site": "same-origin", "Accept-Language": "en"}
    return httpx.AsyncClient(base_url=base, headers=headers, timeout=30)


def answer_form(question: Question, rng: random.Random) -> str:
    """A random answer, as the question's form posts it."""
    options = [o.id for o in getattr(question, "options", ())]
    fields: list[tuple[str, str]] = {
        "choice": lambda: [("answer", rng.choice(options))],
        "choices": lambda: [("answer", o) for o in rng.sample(options, 2)],
        "scale": lambda: [("answer", str(rng.randint(1, 5)))],
        "yes_no": lambda: [("answer", rng.choice(["yes", "no"]))],
        "text": lambda: [("answer", rng.choice(WORDS))],
        "info": lambda: [],
    }[question.type_name]()
    return urlencode([*fields, ("action", "continue")])


def found(pattern: str, text: str, what: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise BenchError(f"no {what} on the page")
    return match.group(1)


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Phone:
    """One phone's journey; it notes when it joined and when each answer was saved."""

    client: httpx.AsyncClient
    code: str
    delay: float
    rng: random.Random
    arrived_at: float | None = None
    joined_at: float | None = None
    answers: list[tuple[str, float]] = field(default_factory=list)

    async def run(self, rec: Recorder, survey: Survey, closed: set[str]) -> None:
        await asyncio.sleep(self.delay)
        self.arrived_at = time.perf_counter()
        welcome, _ = await rec.timed("welcome", self.client.get(f"/c/{self.code}"), 200)
        key = found(r'name="start_key" value="([^"]+)"', welcome.text, "start key")
        data = {"start_key": key, "version": VERSION}
        started, self.joined_at = await rec.timed(
            "start", self.client.post(f"/c/{self.code}/start", data=data), 303
        )
        path = started.headers["location"]
        while "/q/" in path:
            await rec.timed("question", self.client.get(path), 200)
            await asyncio.sleep(self.rng.uniform(*THINK))
            question = survey.question(path.rsplit("/", 1)[1])
            body = answer_form(question, self.rng)
            posted, done = await rec.timed(
                "answer", self.client.post(path, content=body, headers=FORM), 303
            )
            if question.id in closed:
                self.answers.append((question.id, done))
            path = posted.headers["location"]
        check, _ = await rec.timed("check", self.client.get(path), 200)
        action = found(r'<form method="post" action="([^"]*/submit)"', check.text, "submit form")
        sent, _ = await rec.timed("submit", self.client.post(action, headers=FORM), 303)
        await rec.timed("thanks", self.client.get(sent.headers["location"]), 200)


# --- the facilitator ---------------------------------------------------------------------


@dataclass
class Poller:
    """Polls the results fragment as the screen's htmx does: `v` and `n` name what it has,
    204 means no change. Every arrival of a changed fragment is noted with its counts."""

    client: httpx.AsyncClient
    kind: str
    url: str
    every: float
    browser_like: bool  # htmx: after a swap, the next poll is `every` after the swap
    seen: list[tuple[float, dict[str, int]]] = field(default_factory=list)
    last: live_report.Screen = field(default_factory=live_report.Screen)

    async def run(self, rec: Recorder, stop: asyncio.Event) -> None:
        fire = time.perf_counter()
        while not stop.is_set():
            sent = time.perf_counter()
            response = await self.client.get(self.url, headers={"HX-Request": "true"})
            now = time.perf_counter()
            rec.latencies.setdefault(self.kind, []).append((now - sent) * 1000)
            if response.status_code not in (200, 204):
                raise BenchError(f"{self.kind}: HTTP {response.status_code}")
            fire += self.every
            if response.status_code == 200:
                self.last = live_report.parse_screen(response.text)
                self.seen.append((now, self.last.answered))
                self.url = self.last.poll_url or self.url
                fire = now + self.every if self.browser_like else fire
            while fire < now:  # a poll still in flight when the next was due: htmx drops it
                fire += self.every
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), max(0.0, fire - time.perf_counter()))


async def sign_in(client: httpx.AsyncClient) -> None:
    signed = await client.post("/staff/sign-in", data={"email": WORKER, "password": PASSWORD})
    if signed.status_code != 303 or "voices_staff" not in client.cookies:
        raise BenchError(f"the worker could not sign in (HTTP {signed.status_code})")


@dataclass(frozen=True)
class CPU:
    """CPU seconds the server and this client used while the phones ran: on a shared
    machine, steadier than latencies, and they show where the cores went."""

    server: float
    client: float

    def per(self, seconds: float, requests: int) -> dict[str, float]:
        return {
            "server_cpu": round(self.server / seconds, 3),  # share of one core
            "client_cpu": round(self.client / seconds, 3),
            "server_cpu_ms_per_request": round(self.server * 1000 / max(1, requests), 2),
        }


# --- one round ---------------------------------------------------------------------------


async def run_round(
    target: Server, setup: Setup, survey: Survey, args: argparse.Namespace, seed: int
) -> dict[str, Any]:
    base = target.base
    sid, code = new_live_session(setup)
    rng = random.Random(seed)
    # The last phone arrives a second before the window closes: time to open the welcome
    # page and press Start, which is what joining within the window means.
    arrivals = max(0.0, args.join_window - 1.0)
    closed = {
        q.id for q in survey.questions if q.type_name in {"choice", "choices", "scale", "yes_no"}
    }
    rec = Recorder()
    screen_url = f"/staff/o/{setup.org_slug}/consultations/{setup.consultation_id}/sessions/{sid}"
    phones = [
        Phone(browser(base), code, rng.uniform(0, arrivals), random.Random(rng.random()))
        for _ in range(args.phones)
    ]  # clients made before the clock starts: making one costs CPU a phone would not spend
    async with browser(base) as facilitator, browser(base) as observer:
        await sign_in(facilitator)
        observer.cookies = facilitator.cookies
        page, _ = await rec.timed("screen page", facilitator.get(screen_url), 200)
        first = live_report.parse_screen(page.text).poll_url
        if first is None:
            raise BenchError("the facilitator screen has no polled results region")
        pollers = [Poller(facilitator, "poll (1 s)", first, args.poll, True)]
        if args.observer_ms:
            pollers.append(Poller(observer, "observer", first, args.observer_ms / 1000, False))
        stop = asyncio.Event()
        polling = [asyncio.create_task(p.run(rec, stop)) for p in pollers]
        cpu, began, ours = target.cpu_seconds(), time.perf_counter(), time.process_time()
        outcomes = await asyncio.gather(
            *(p.run(rec, survey, closed) for p in phones), return_exceptions=True
        )
        cpu = CPU((target.cpu_seconds() or 0) - (cpu or 0), time.process_time() - ours)
        cpu = cpu.per(time.perf_counter() - began, sum(map(len, rec.latencies.values())))
        await settle(pollers, args.phones, closed)
        stop.set()
        outcomes += await asyncio.gather(*polling, return_exceptions=True)
    for phone in phones:
        await phone.client.aclose()
    rec.errors += [f"{o.__class__.__name__}: {o}" for o in outcomes if isinstance(o, Exception)]
    found = figures(rec, phones, pollers, setup, sid, args.phones, len(survey.questions))
    return {**found, **cpu}


async def settle(pollers: list[Poller], phones: int, closed: set[str]) -> None:
    """Give the screen up to SETTLE seconds after the last phone to show every answer."""
    deadline = time.perf_counter() + SETTLE
    while time.perf_counter() < deadline:
        if all(all(p.last.answered.get(q, 0) >= phones for q in closed) for p in pollers):
            return
        await asyncio.sleep(0.05)


def figures(
    rec: Recorder,
    phones: list[Phone],
    pollers: list[Poller],
    setup: Setup,
    sid: int,
    n: int,
    questions: int,
) -> dict[str, Any]:
    joined = [p.joined_at for p in phones if p.joined_at is not None]
    arrived = [p.arrived_at for p in phones if p.arrived_at is not None]
    answers = [a for p in phones for a in p.answers]
    screen = {}
    for poller, name in zip(pollers, ("screen (1 s)", "observer"), strict=False):
        delays, unseen = live_report.shown_after(answers, poller.seen)
        screen[name] = {**live_report.spread(delays, 3), "unseen": unseen}
    saved, submitted = stored(setup.url, sid)
    if saved != n * questions or submitted != n:
        rec.errors.append(f"stored {saved} answers and {submitted} submissions of {n} phones")
    return {
        "join_seconds": round(max(joined) - min(arrived), 2) if joined else float("nan"),
        "joined": len(joined),
        "requests": {kind: live_report.spread(v) for kind, v in rec.latencies.items()},
        "screen": screen,
        "stored": {
            "answers": saved,
            "submitted": submitted,
            "expected_answers": n * questions,
            "expected_submitted": n,
        },
        "errors": rec.errors,
    }


# --- the run -----------------------------------------------------------------------------


def measure(name: str, url: str, args: argparse.Namespace, work: Path, taken: set[int]) -> dict:
    """Rounds of the real load (phones and the 1 s screen); then, apart, one round with the
    100 ms observer added: its polls are load too, so they stay out of the main figures."""
    survey = load_catalog().get(SURVEY)
    setup = prepare(url)
    plain = argparse.Namespace(**{**vars(args), "observer_ms": 0})
    rounds = []
    with voices_server(free_port(taken), url, work) as target:
        # Unmeasured: a few phones first, so the rounds find templates compiled, pools open.
        warm = argparse.Namespace(**{**vars(plain), "phones": 3, "join_window": 1.0})
        asyncio.run(run_round(target, setup, survey, warm, args.seed - 1))
        for number in range(args.rounds):
            rounds.append(asyncio.run(run_round(target, setup, survey, plain, args.seed + number)))
            log(f"  {name} round {number + 1}: {progress(rounds[-1])}")
        observed = None
        if args.observer_ms:
            observed = asyncio.run(run_round(target, setup, survey, args, args.seed + 100))
            log(f"  {name} observer round: {progress(observed)}")
    extra = [observed] if observed else []
    return {
        "phones": args.phones,
        "summary": live_report.summarise(rounds),
        "observer_round": observed,
        "rounds": rounds,
        "errors": [e for r in rounds + extra for e in r["errors"]],
    }


def progress(figures_: dict[str, Any]) -> str:
    screen = figures_["screen"]["screen (1 s)"]
    return (
        f"joined {figures_['joined']} in {figures_['join_seconds']} s, answer p95"
        f" {figures_['requests']['answer']['p95']} ms, screen p95 {screen['p95']} s,"
        f" server CPU {figures_['server_cpu']:.0%}, errors {len(figures_['errors'])}"
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Voices live group session benchmark")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3, help="sessions per database (median)")
    parser.add_argument("--phones", type=int, default=40)
    parser.add_argument("--join-window", type=float, default=10.0, help="seconds")
    parser.add_argument("--poll", type=float, default=1.0, help="the screen's htmx poll, s")
    parser.add_argument("--observer-ms", type=int, default=100, help="0: no observer")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", action="store_true", help="machine-readable, on stdout")
    return parser.parse_args(argv)


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "phones": args.phones,
        "rounds": args.rounds,
        "join_window": args.join_window,
        "poll_seconds": args.poll,
        "observer_ms": args.observer_ms,
        "databases": {},
    }
    work = Path(tempfile.mkdtemp(prefix="voices-live-bench-"))
    taken: set[int] = set()
    try:
        if args.db in ("sqlite", "both"):
            log("SQLite")
            url = f"sqlite:///{work / 'live.db'}"
            result["databases"]["sqlite"] = measure("sqlite", url, args, work, taken)
        if args.db in ("postgresql", "both"):
            pg = postgres_database()
            if pg == PG_BENCH:
                log("PostgreSQL")
                result["databases"]["postgresql"] = measure("postgresql", pg, args, work, taken)
            else:
                result["databases"]["postgresql"] = {"skipped": pg}
        result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    except KeyboardInterrupt:
        log("interrupted: servers stopped, temporary files removed")
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        live_report.report(result)
    errors = [e for d in result["databases"].values() for e in d.get("errors", [])]
    for error in errors:
        log(f"error: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
