"""What the fault tests share: a seeded database, real uvicorn servers, a phone, row counts.

Servers use ports 18200-18299. Every server is started in its own session (process group)
and stopped by that group's id, however the test ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
from bs4 import BeautifulSoup
from sqlalchemy import event, text
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.conftest import SECRET, TEST_SURVEYS, make_consultation
from voices import db
from voices.app import create_app
from voices.models import Membership, User
from voices.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(18200, 18300)
CODE = "TQ4RTX"
TEXT_QUESTION = "anything-else"
DISCLOSURE = "my stepdad hits me when he is drunk"  # the screen raises tier "alert"
LEADS = ("deputy@example.org", "lead@example.org")  # sorted, as the outbox is counted


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18200-18299")


def seed(url: str) -> None:
    """Migrate, add the consultation TQ4RTX and two safeguarding leads."""
    db.upgrade(url)
    engine = db.make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            consultation = make_consultation(session)
            for email in LEADS:
                user = User(email=email, display_name=email.split("@")[0])
                session.add(user)
                session.flush()
                session.add(
                    Membership(
                        user_id=user.id,
                        organisation_id=consultation.organisation_id,
                        role="safeguarding",
                    )
                )
            session.commit()
    finally:
        engine.dispose()


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    pause_file: Path
    log_file: Path

    def started_workers(self) -> int:
        """How many worker processes have finished starting (uvicorn logs at info level)."""
        return self.log_file.read_text(errors="replace").count("Application startup complete")

    def health(self) -> httpx.Response | None:
        try:
            return httpx.get(self.base + "/healthz", timeout=30)
        except httpx.TransportError:
            return None

    def healthy(self) -> bool:
        return is_healthy(self.health())

    def workers(self) -> list[int]:
        """The uvicorn supervisor's live worker processes (not multiprocessing's tracker)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(p) for p in children.read_text().split()]
        return [p for p in pids if _alive(p) and b"spawn_main" in _cmdline(p)]

    def pause_at(self, moment: str) -> None:
        """The next COMMIT in any worker waits "before" or "after" it (fault_app.py)."""
        self.pause_file.with_suffix(".paused").unlink(missing_ok=True)
        self.pause_file.write_text(moment)

    def paused_pid(self, seconds: float = 20) -> int:
        marker = self.pause_file.with_suffix(".paused")
        wait_until(marker.exists, seconds, "no worker reached the paused commit")
        time.sleep(0.05)  # the pid is written in one small write; let it land
        return int(marker.read_text())

    def release(self) -> None:
        self.pause_file.unlink(missing_ok=True)


def is_healthy(answer: httpx.Response | None) -> bool:
    return answer is not None and answer.status_code == 200


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextlib.contextmanager
def uvicorn_server(
    url: str, work: Path, workers: int = 1, log_level: str = "warning", **env: str
) -> Iterator[Server]:
    port = free_port()
    pause = work / "pause"
    command = [sys.executable, "-m", "uvicorn", "tests.faults.fault_app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", log_level, "--no-access-log"]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VOICES_")}
    settings = {
        "VOICES_DATABASE_URL": url,
        "VOICES_SECRET_KEY": SECRET,
        "VOICES_SECRET_KEY_FILE": str(work / "secret.key"),
        "VOICES_SURVEYS_DIR": str(TEST_SURVEYS),
        "VOICES_BASE_URL": f"http://127.0.0.1:{port}",
        "FAULT_PAUSE_FILE": str(pause),
    }
    log_file = work / f"server-{port}.log"
    log = log_file.open("wb")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**clean, **settings, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", process, pause, log_file)
    try:
        wait_until(lambda: process.poll() is not None or server.healthy(), 60, "no server")
        assert process.poll() is None, log_file.read_text()[-3000:]
        wait_until(lambda: len(server.workers()) >= workers or workers == 1, 30, "workers")
        yield server
    finally:
        server.release()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # our own process group, by its id
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_until(check, seconds: float, what: str, step: float = 0.05) -> float:
    """Poll check() until it is true; returns the seconds it took."""
    began = time.monotonic()
    while not check():
        if time.monotonic() - began > seconds:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(step)
    return time.monotonic() - began


class Phone:
    """A child's browser: cookies, the headers a same-site form POST carries, no redirects."""

    def __init__(self, base: str, app: Starlette | None = None) -> None:
        headers = {"Origin": base, "Sec-Fetch-Site": "same-origin"}
        if app is not None:  # in-process: the app without its lifespan (no warm-up wait)
            self.client = TestClient(
                app, base, follow_redirects=False, raise_server_exceptions=False
            )
            self.client.headers.update(headers)
        else:
            self.client = httpx.Client(
                base_url=base, follow_redirects=False, timeout=60, headers=headers
            )

    def __enter__(self) -> Phone:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client.close()

    def get(self, path: str) -> httpx.Response:
        return self.client.get(path)

    def post(self, path: str, data: dict[str, str] | None = None) -> httpx.Response:
        return self.client.post(path, data=data or {})

    def start(self) -> httpx.Response:
        welcome = self.get(f"/c/{CODE}")
        assert welcome.status_code == 200, welcome.text[:300]
        key = soup(welcome).find("input", {"name": "start_key"})["value"]
        started = self.post(f"/c/{CODE}/start", {"start_key": key, "version": "8-11"})
        assert started.status_code == 303, started.text[:300]
        return self.get(started.headers["location"])

    def reach_text_question(self) -> str:
        """Start, and skip every question before the free-text one; returns its path."""
        page = self.start()
        while not page.url.path.endswith("/q/" + TEXT_QUESTION):
            moved = self.post(page.url.path, {"action": "skip"})
            assert moved.status_code == 303, moved.text[:300]
            page = self.get(moved.headers["location"])
        return page.url.path

    def post_in_background(self, path: str, data: dict[str, str]) -> dict:
        """Send a POST from another thread; the dict gets its response or its error."""
        outcome: dict = {}

        def send() -> None:
            try:
                outcome["response"] = self.post(path, data)
            except httpx.TransportError as exc:  # the worker died under it
                outcome["error"] = exc

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        outcome["thread"] = thread
        return outcome


def soup(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


@dataclass(frozen=True)
class Rows:
    """What the database holds of the one respondent's free-text answer and its alert."""

    answers: int
    disclosure: bool
    status: str
    submitted: bool
    alerts: int
    emails: tuple[str, ...]


def in_process_app(url: str, busy_ms: int | None = None) -> Starlette:
    """The app on its own engine; busy_ms shortens SQLite's 15 s busy timeout."""
    engine = db.make_engine(url)
    if busy_ms is not None:  # registered after voices.db's pragmas, so this value wins
        event.listen(
            engine, "connect", lambda dbapi, _r: dbapi.execute(f"PRAGMA busy_timeout={busy_ms:d}")
        )
    settings = Settings(
        database_url=url, secret_key=SECRET, surveys_dir=TEST_SURVEYS, base_url=TEST_BASE
    )
    return create_app(settings, engine=engine)


TEST_BASE = "http://testserver"


def rows(url: str) -> Rows:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            one = conn.execute(text("SELECT id, status, submitted_at FROM response")).one()
            values = conn.execute(
                text("SELECT value FROM answer WHERE response_id = :r AND question_id = :q"),
                {"r": one.id, "q": TEXT_QUESTION},
            ).all()
            alerts = conn.execute(
                text("SELECT count(*) FROM safeguarding_alert WHERE response_id = :r"),
                {"r": one.id},
            ).scalar_one()
            emails = conn.execute(
                text(
                    "SELECT e.to_address FROM outbox_email e JOIN safeguarding_alert a"
                    " ON a.id = e.alert_id WHERE a.response_id = :r ORDER BY e.to_address"
                ),
                {"r": one.id},
            ).all()
    finally:
        engine.dispose()
    said = any(DISCLOSURE in str(v.value) for v in values)
    return Rows(
        answers=len(values),
        disclosure=said,
        status=one.status,
        submitted=one.submitted_at is not None,
        alerts=int(alerts),
        emails=tuple(e.to_address for e in emails),
    )


NOTHING_SAVED = Rows(0, False, "in_progress", False, 0, ())
ANSWER_SAVED = Rows(1, True, "in_progress", False, 1, LEADS)
SUBMITTED = Rows(1, True, "submitted", True, 1, LEADS)


def assert_try_again_page(page: httpx.Response, back: str) -> None:
    """The kind 503 page: promises nothing was saved, and leads back to where they were."""
    assert page.status_code == 503, (page.status_code, page.text[:500])
    main = soup(page).find("main").get_text(" ", strip=True)
    assert "may not have been saved" in main
    for claim in ("was saved", "are saved", "has been saved", "were sent", "have been sent"):
        assert claim not in main.replace("may not have been saved", ""), claim
    link = soup(page).find("main").find("a", string="Try again")
    assert link is not None and link["href"] == back, link
