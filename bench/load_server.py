"""bench/load.py's server: `voices serve --workers N` on a seeded database, stopped however
the run ends, and the CPU its processes used."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx2 as httpx
from sqlmodel import Session, select

from bench import live_data
from voices import codes, db
from voices.models import Consultation, Organisation, utcnow

ROOT = Path(__file__).resolve().parent.parent
SECRET = "load-bench-secret-not-for-production"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_LOAD = "postgresql+psycopg://postgres@127.0.0.1:5432/voices_load_bench"  # never `test`
WINDOW_SURVEY, WINDOW_VERSION = "my-life-in-care", "8-11"  # 15 questions after the intro


@dataclass
class Target:
    base: str
    url: str
    pid: int
    setup: live_data.Setup
    window_code: str

    def new_group(self) -> tuple[int, str]:
        """Each group run is a new live session: its id and its own join code."""
        return live_data.new_live_session(self.setup)

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and its worker processes (0 without /proc)."""
        return sum(_cpu(pid) for pid in [self.pid, *_children(self.pid)])


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def free_port(low: int, high: int) -> int:
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def seed(url: str) -> tuple[live_data.Setup, str]:
    """Migrate; the group session's organisation, worker and consultation; a survey window."""
    setup = live_data.prepare(url)
    engine = db.make_engine(url)
    try:
        with Session(engine) as session:
            org = session.exec(select(Organisation).where(Organisation.slug == setup.org_slug))
            window = Consultation(
                organisation_id=org.one().id,
                title="My life in care, spring window",
                survey_id=WINDOW_SURVEY,
                join_code=codes.generate_join_code(),
                versions=[WINDOW_VERSION],
                locales=["en"],
                opens_at=utcnow() - timedelta(days=1),
            )
            session.add(window)
            session.commit()
            return setup, window.join_code
    finally:
        engine.dispose()


@contextmanager
def serve(url: str, workers: int, work: Path, ports: list[int]) -> Iterator[Target]:
    setup, window_code = seed(url)
    port = free_port(*ports)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VOICES_")}
    env = {
        **clean,
        "VOICES_DATABASE_URL": url,
        "VOICES_SECRET_KEY": SECRET,
        "VOICES_SECRET_KEY_FILE": str(work / "secret.key"),
        "VOICES_TRUSTED_PROXIES": "127.0.0.1",  # each phone's X-Forwarded-For is its address
    }
    command = [sys.executable, "-m", "voices.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    # Its own process group, so stopping it stops its workers too, and nothing else.
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base, workers)
        yield Target(base, url, process.pid, setup, window_code)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_ready(process: subprocess.Popen, base: str, workers: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voices serve exited ({process.returncode})")
        try:
            ready = httpx.get(base + "/healthz", timeout=2).status_code == 200
            if ready and (workers == 1 or len(_children(process.pid)) >= workers):
                time.sleep(1.0 if workers > 1 else 0)  # the other workers' start-up
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("voices serve did not start")


def postgres_database() -> str:
    """The emptied `voices_load_bench` database's URL, or why it cannot be used."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'voices_load_bench'")
            if not found.fetchone():
                conn.execute("CREATE DATABASE voices_load_bench")
        with psycopg.connect(PG_LOAD.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return PG_LOAD
    except Exception as exc:  # no server, no rights: measure SQLite only, and say why
        return f"skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
