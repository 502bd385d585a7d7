"""What a child's phone downloads, and how fast the respondent pages are, measured for real.

    .venv/bin/python bench/respond_bench.py [--quick] [--json] [--load auto|wrk|python]
        [--rounds 5] [--seconds 5] [--connections 16] [--only weight pages answers]
    make bench

Prints figures and passes no judgement by exit status (docs/performance.md explains them):
1. the bytes a phone downloads for a question page (HTML, then every stylesheet, script,
   icon, image and font it references), gzip-compressed as the server sends them, counted
   exactly off the socket, against the targets: 30 KB in all, 14 KB for the first HTML
   response (what fits in TCP's first round trip). The heaviest question page of the whole
   survey, walked in every age version, is printed too;
2. question-page requests per second from Voices, and from bare Starlette + Jinja2 serving
   the same page from the same template with a fixed context (bench/bare/same_page.py: no
   database, cookies, security or locale middleware), alternating, median of --rounds; the
   ratio of medians is the figure (target >= 0.5). A minimal page (bench/bare/minimal.py)
   is measured too, for context. Each server's CPU time per request is read from /proc: on
   a shared machine it is steadier than requests per second;
3. answers saved per second: POSTs of real answers to /c/MYCARE/q/<id>, as a child's browser
   sends them, spread over many respondents and questions, on SQLite (a fresh file, WAL) and,
   when reachable, on PostgreSQL (the `voices_bench` database, created if missing). Each
   round posts to its own respondents and each connection its own slice of them, so the
   figure is new answers (rows added, counted in the database); posts that changed an
   answer already given (a slice wrapping round) are reported apart.

Every server is one uvicorn worker in its own process on a port in 8771-8789; the load comes
from `wrk` when installed (apt-get install -y wrk), else from bench/loadgen.py's asyncio
client, and the output says which. Servers and temporary files go away however it ends.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen, pageweight  # noqa: E402
from bench.respond_report import report  # noqa: E402
from voices import db, demo  # noqa: E402
from voices.definitions import Question, Survey, load_catalog  # noqa: E402

PORTS = range(8771, 8790)  # the range this benchmark may use; others use other ports
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/voices_bench"  # never `test`
CODE, SURVEY, VERSION = "MYCARE", "my-life-in-care", "8-11"
TOTAL_TARGET, HTML_TARGET, RATIO_TARGET = 30 * 1024, 14 * 1024, 0.5
SECRET = "bench-secret-not-for-production"


def log(message: str) -> None:
    """Progress goes to stderr so that --json output stays clean on stdout."""
    print(message, file=sys.stderr, flush=True)


# --- servers -----------------------------------------------------------------------------


def free_port(taken: set[int]) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port
    raise RuntimeError("no free port in 8771-8789")


@dataclass(frozen=True)
class Server:
    base: str
    pid: int

    def cpu_seconds(self) -> float | None:
        """User + system CPU the server process has used: a figure that other work on the
        machine does not inflate, unlike requests per second. None without /proc."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Round:
    load: loadgen.LoadResult
    cpu_ms_per_request: float | None  # the server's CPU time for one request


@contextmanager
def server(
    app: str, port: int, ready_path: str, env: dict[str, str], factory: bool = False
) -> Iterator[Server]:
    """One uvicorn worker in its own process, stopped however the benchmark ends."""
    command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "1", "--log-level", "warning", "--no-access-log"]
    command += ["--factory"] if factory else []
    # Settings come only from us: a developer's VOICES_DEBUG=1 would skew the figures.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VOICES_")}
    # Its own session: a Ctrl-C reaches only us, and we stop it in order below.
    process = subprocess.Popen(command, cwd=ROOT, env={**clean, **env}, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{app} exited ({process.returncode}) on port {port}")
            try:
                if httpx.get(base + ready_path, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{app} did not start on port {port}")
            time.sleep(0.1)
        if process.poll() is not None:  # it lost the port to someone else's server
            raise RuntimeError(f"{app} exited ({process.returncode}) on port {port}")
        yield Server(base, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def voices_server(port: int, database_url: str, work: Path) -> AbstractContextManager[Server]:
    env = {
        "VOICES_DATABASE_URL": database_url,
        "VOICES_SECRET_KEY": SECRET,
        "VOICES_SECRET_KEY_FILE": str(work / "secret.key"),  # never write one into the tree
    }
    return server("voices.app:create_app", port, "/healthz", env, factory=True)


# --- data --------------------------------------------------------------------------------


def prepare(url: str) -> None:
    """Migrate and add the demo consultations (MYCARE is my-life-in-care)."""
    db.upgrade(url)
    engine = db.make_engine(url)
    try:
        demo.create_demo(engine, "http://127.0.0.1", load_catalog())
    finally:
        engine.dispose()


def postgres_database() -> str | None:
    """A clean `voices_bench` database, or None (with the reason on stderr) if unreachable."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'voices_bench'")
            if not found.fetchone():
                conn.execute("CREATE DATABASE voices_bench")
        with psycopg.connect(PG_BENCH.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")  # our own database: start empty
            conn.execute("CREATE SCHEMA public")
        return PG_BENCH
    except Exception as exc:  # no server, no rights: say so and measure SQLite only
        return f"skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"


def answer_rows(url: str) -> tuple[int, int]:
    """Answer rows, and (respondent, question) pairs stored more than once: must be none."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT count(*) FROM answer").scalar_one()
            doubled = conn.exec_driver_sql(
                "SELECT count(*) FROM (SELECT response_id, question_id FROM answer"
                " GROUP BY response_id, question_id HAVING count(*) > 1) AS d"
            ).scalar_one()
            return int(rows), int(doubled)
    finally:
        engine.dispose()


# --- a child's journey -------------------------------------------------------------------


def browser(base: str) -> httpx.Client:
    """Headers a phone's browser sends with a same-site form post (see voices/security.py)."""
    return httpx.Client(
        base_url=base,
        headers={"Origin": base, "Sec-Fetch-Site": "same-origin", "Accept-Language": "en"},
    )


def start(client: httpx.Client, version: str = VERSION) -> tuple[str, str]:
    """Open the welcome page, press Start: the response cookie and the first page's path."""
    welcome = client.get(f"/c/{CODE}")
    welcome.raise_for_status()
    key = re.search(r'name="start_key" value="([^"]+)"', welcome.text).group(1)
    started = client.post(f"/c/{CODE}/start", data={"start_key": key, "version": version})
    if started.status_code != 303:
        raise RuntimeError(f"start answered {started.status_code}")
    token = started.cookies["voices_response"]
    client.cookies.clear()  # each caller keeps its own cookie; the client stays reusable
    return f"voices_response={token}", started.headers["location"]


def answer_form(question: Question) -> str:
    """A valid answer to any question type, as its form would post it."""
    options = [o.id for o in getattr(question, "options", ())]
    fields: list[tuple[str, str]] = {
        "info": [],
        "choice": [("answer", options[0])] if options else [],
        "choices": [("answer", o) for o in options[:2]],
        "scale": [("answer", "4")],
        "yes_no": [("answer", "yes")],
        "text": [("answer", "I like my foster carers but I miss my brother.")],
    }[question.type_name]
    return urlencode([*fields, ("action", "continue")])


def walk(base: str, survey: Survey) -> list[dict[str, Any]]:
    """Every question page of every age version, answered in turn: the wire size of each."""
    pages = []
    with browser(base) as client:
        for version in survey.versions:
            cookie, path = start(client, version.id)
            while "/q/" in path:
                page = pageweight.fetch(base, path, cookie)
                pages.append({"version": version.id, "path": path, "bytes": page.wire_bytes})
                question = survey.question(path.rsplit("/", 1)[1])
                posted = client.post(
                    path,
                    content=answer_form(question),
                    headers={
                        "Cookie": cookie,
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                if posted.status_code != 303:
                    raise RuntimeError(f"answering {path} gave {posted.status_code}")
                path = posted.headers["location"]
    return pages


# --- 1. bytes ----------------------------------------------------------------------------


def first_question(client: httpx.Client, survey: Survey) -> tuple[str, str]:
    """Start, and pass the info page if there is one: the first question a child answers."""
    cookie, path = start(client)
    while "/q/" in path and survey.question(path.rsplit("/", 1)[1]).type_name == "info":
        posted = client.post(path, data={"action": "continue"}, headers={"Cookie": cookie})
        path = posted.headers["location"]
    return cookie, path


def page_weight(base: str, survey: Survey) -> dict[str, Any]:
    with browser(base) as client:
        cookie, path = first_question(client, survey)
    fetched, external = pageweight.page_and_assets(base, path, cookie)
    resources = [
        {"path": f.path, "kind": f.kind, "headers": f.header_bytes, "body": f.body_bytes}
        for f in fetched
    ]
    for f in fetched:
        if f.kind in {"html", "css", "js"} and f.headers.get("content-encoding") != "gzip":
            log(f"note: {f.path} was sent uncompressed")
    pages = walk(base, survey)
    heaviest = max(pages, key=lambda p: p["bytes"])
    first, total = fetched[0].wire_bytes, sum(f.wire_bytes for f in fetched)
    return {
        "question": path,
        "resources": resources,
        "first_html_bytes": first,
        "total_bytes": total,
        "total_body_bytes": sum(f.body_bytes for f in fetched),
        "fonts": sum(1 for f in fetched if f.kind == "font"),
        "third_party": external,
        "html_target": HTML_TARGET,
        "total_target": TOTAL_TARGET,
        "html_met": first <= HTML_TARGET,
        "total_met": total <= TOTAL_TARGET,
        "pages_walked": len(pages),
        "heaviest_page": heaviest,
        "heaviest_total_bytes": total - first + heaviest["bytes"],
    }


# --- 2. question page rate ---------------------------------------------------------------


def summarise(rounds: list[Round]) -> dict[str, Any]:
    cpu = [r.cpu_ms_per_request for r in rounds if r.cpu_ms_per_request is not None]
    return {
        "rps": round(statistics.median(r.load.rps for r in rounds), 1),
        "p50_ms": round(statistics.median(r.load.p50_ms for r in rounds), 2),
        "p99_ms": round(statistics.median(r.load.p99_ms for r in rounds), 2),
        "cpu_ms_per_request": round(statistics.median(cpu), 3) if cpu else None,
        "rounds": [round(r.load.rps) for r in rounds],
        "socket_errors": sum(r.load.errors for r in rounds),
    }


def question_rate(
    args: argparse.Namespace, work: Path, taken: set[int], survey: Survey
) -> dict[str, Any]:
    url = f"sqlite:///{work / 'pages.db'}"
    prepare(url)
    gzip = {"Accept-Encoding": "gzip", "Accept-Language": "en"}
    with ExitStack() as stack:
        voices = stack.enter_context(voices_server(free_port(taken), url, work))
        same = stack.enter_context(
            server("bench.bare.same_page:app", free_port(taken), "/page", {})
        )
        minimal = stack.enter_context(
            server("bench.bare.minimal:app", free_port(taken), "/page", {})
        )
        with browser(voices.base) as client:
            cookie, question = first_question(client, survey)
        targets: dict[str, tuple[Server, list[loadgen.Request]]] = {
            "voices": (voices, [loadgen.Request("GET", question, {**gzip, "Cookie": cookie})]),
            "same_page": (same, [loadgen.Request("GET", "/page", gzip)]),
            "minimal": (minimal, [loadgen.Request("GET", "/page", gzip)]),
        }
        results: dict[str, list[Round]] = {name: [] for name in targets}
        for target, requests in targets.values():  # warm up: templates, caches, pools
            load(args, target, requests, args.warmup)
        for round_number in range(args.rounds):
            # Alternate, so noise from other work on the machine falls on all alike.
            for name, (target, requests) in targets.items():
                results[name].append(load(args, target, requests, args.seconds))
            log(
                f"  round {round_number + 1}: "
                + ", ".join(f"{name} {results[name][-1].load.rps:.0f}/s" for name in targets)
            )
    summary = {name: summarise(values) for name, values in results.items()}
    ratio = summary["voices"]["rps"] / summary["same_page"]["rps"]
    cpu = {name: s["cpu_ms_per_request"] for name, s in summary.items()}
    return {
        "question": question,
        **summary,
        # The same comparison by server CPU per request: steadier on a shared machine.
        "cpu_ratio": round(cpu["same_page"] / cpu["voices"], 3) if all(cpu.values()) else None,
        "ratio": round(ratio, 3),
        "ratio_vs_minimal": round(summary["voices"]["rps"] / summary["minimal"]["rps"], 3),
        "ratio_target": RATIO_TARGET,
        "ratio_met": ratio >= RATIO_TARGET,
    }


def load(
    args: argparse.Namespace, target: Server, requests: list[loadgen.Request], seconds: int
) -> Round:
    before = target.cpu_seconds()
    result = loadgen.run(
        args.generator, target.base, requests, seconds, args.connections, args.threads
    )
    after = target.cpu_seconds()
    if before is None or after is None or not result.requests:
        return Round(result, None)
    return Round(result, (after - before) * 1000 / result.requests)


# --- 3. answers saved --------------------------------------------------------------------


def answer_rate(
    args: argparse.Namespace, url: str, work: Path, taken: set[int], survey: Survey
) -> dict[str, Any]:
    prepare(url)
    questions = [q for q in survey.questions_for(VERSION) if q.answerable and q.show_if is None]
    with voices_server(free_port(taken), url, work) as target, browser(target.base) as client:
        cookies = [start(client)[0] for _ in range(args.respondents)]
        form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": target.base}
        form["Sec-Fetch-Site"] = "same-origin"
        # Respondents in groups: one to warm up, one for each round, so a round's answers
        # are new answers. Within a group, question by question across its respondents, as
        # in a real session; each connection posts its own slice (bench/loadgen.py), and
        # only a slice that wraps round posts a pair again, which changes that answer.
        groups = [cookies[n :: args.rounds + 1] for n in range(args.rounds + 1)]
        requests = [
            [
                loadgen.Request(
                    "POST", f"/c/{CODE}/q/{q.id}", {**form, "Cookie": c}, answer_form(q)
                )
                for q in questions
                for c in group
            ]
            for group in groups
        ]
        load(args, target, requests[0], args.warmup)
        results: list[Round] = []
        rows = answer_rows(url)[0]
        added: list[int] = []
        for round_number in range(args.rounds):
            results.append(load(args, target, requests[round_number + 1], args.seconds))
            now = answer_rows(url)[0]
            added.append(now - rows)
            rows = now
            log(
                f"  round {round_number + 1}: {results[-1].load.rps:.0f} answers/s,"
                f" {added[-1]} new of {results[-1].load.requests} posted"
            )
    summary = summarise(results)
    posts = sum(r.load.requests for r in results)
    rows, doubled = answer_rows(url)
    seconds = args.rounds * args.seconds
    return {
        **summary,
        "respondents": args.respondents,
        "questions": len(questions),
        "answers_posted": round(posts),
        # Rows the rounds added are new answers; every other acknowledged post changed one.
        "new_answers": sum(added),
        "changed_answers": round(posts) - sum(added),
        "new_per_second": round(sum(added) / seconds, 1),
        "pairs_per_round": len(requests[1]),
        "answer_rows": rows,
        "duplicates": doubled,  # a repeated post must change a row, never add one
    }


# --- the run -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    def has(module: str) -> bool:
        try:
            __import__(module)
            return True
        except ImportError:
            return False

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "uvicorn_loop": "uvloop" if has("uvloop") else "asyncio",
        "uvicorn_http": "httptools" if has("httptools") else "h11",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }


def interrupt(signum: int, _frame: Any) -> None:
    # SIGTERM and SIGHUP unwind like Ctrl-C, so every `finally` stops servers and removes files.
    raise KeyboardInterrupt(f"signal {signum}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Voices respondent-page benchmark")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per server (median)")
    parser.add_argument("--seconds", type=int, default=5, help="length of one round")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds first")
    parser.add_argument("--connections", type=int, default=16, help="a group session's phones")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--respondents", type=int, default=1000, help="for answers saved")
    parser.add_argument("--load", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["weight", "pages", "answers"],
        default=["weight", "pages", "answers"],
        help="measure only these parts",
    )
    parser.add_argument("--quick", action="store_true", help="3 rounds of 2 s: a smoke run")
    parser.add_argument("--json", action="store_true", help="machine-readable, on stdout")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds, args.warmup, args.respondents = 3, 2, 1, 200
    args.generator = loadgen.choose(args.load)
    return args


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    survey = load_catalog().get(SURVEY)
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_generator": args.generator,
        "connections": args.connections,
        "rounds": args.rounds,
        "seconds": args.seconds,
    }
    work = Path(tempfile.mkdtemp(prefix="voices-bench-"))
    taken: set[int] = set()
    try:
        if "weight" in args.only:
            log("1. page weight")
            url = f"sqlite:///{work / 'weight.db'}"
            prepare(url)
            with voices_server(free_port(taken), url, work) as target:
                result["page_weight"] = page_weight(target.base, survey)
        if "pages" in args.only:
            log(f"2. question page rate ({args.generator})")
            result["question_page"] = question_rate(args, work, taken, survey)
        if "answers" in args.only:
            log("3. answers saved: SQLite")
            sqlite = f"sqlite:///{work / 'answers.db'}"
            answers = {"sqlite": answer_rate(args, sqlite, work, taken, survey)}
            pg = None if args.no_postgres else postgres_database()
            if pg == PG_BENCH:
                log("3. answers saved: PostgreSQL")
                answers["postgresql"] = answer_rate(args, pg, work, taken, survey)
            else:
                answers["postgresql"] = {"skipped": pg or "skipped: --no-postgres"}
            result["answers_per_second"] = answers
        result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    except KeyboardInterrupt:
        log("interrupted: servers stopped, temporary files removed")
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
