"""Two app servers on one database, as behind a load balancer (docs/deploy.md).

Each request goes to whichever server the "balancer" picks (here: they alternate), so a
young person moves between them mid-survey and a staff member's session is checked by both.
Nothing a second server needs may live in one server's memory. Runs on the suite's database
kind: a database of its own on PostgreSQL (CI), a file on SQLite (a laptop).
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, func, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from tests.helpers import free_port
from voices.models import Answer, Consultation, Response

SECRET = "two-servers-test-secret"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("two-servers")


@pytest.fixture(scope="module")
def shared_url(database_url: str, folder: Path) -> Iterator[str]:
    """A database of its own, so the servers' commits cannot meet the other tests' rows."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{folder / 'shared.db'}"
        return
    name = f"voices_two_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _env(url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "VOICES_DATABASE_URL": url,
        "VOICES_SECRET_KEY": SECRET,  # the one setting every server must share
        "VOICES_SECRET_KEY_FILE": str(folder / "unused.key"),
        "VOICES_BASE_URL": "http://127.0.0.1",
    }


def _voices(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "voices.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def servers(shared_url: str, folder: Path) -> Iterator[tuple[list[str], dict]]:
    env = _env(shared_url, folder)
    _voices(env, "db", "upgrade")
    demo = json.loads(_voices(env, "demo", "--json"))
    processes, bases = [], []
    for _ in range(2):
        port = free_port()
        log = open(folder / f"server-{port}.log", "w")  # noqa: SIM115 (closed below)
        processes.append(
            (
                subprocess.Popen(
                    [sys.executable, "-m", "voices.cli", "serve", "--port", str(port)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                ),
                log,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            _wait_healthy(base)
        yield bases, demo
    finally:
        for process, log in processes:
            process.terminate()
            process.wait(timeout=20)
            log.close()


def _wait_healthy(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base} never became healthy")


class Balancer:
    """One browser (one cookie jar: cookies ignore ports) sent to alternating servers."""

    def __init__(self, bases: list[str]) -> None:
        self.client = httpx.Client(timeout=30)
        self.turns = itertools.cycle(bases)
        self.used: list[str] = []

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        base = next(self.turns)
        self.used.append(base)
        headers = {"origin": base, "sec-fetch-site": "same-origin"} if method == "POST" else {}
        return self.client.request(method, base + path, headers=headers, **kwargs)


def _form_answer(form) -> dict[str, str]:
    """What a child would send from a question page: words, a first choice, or Skip."""
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input", type="hidden")
        if field.get("name")
    }
    if form.find("textarea", attrs={"name": "answer"}) or form.find(
        "input", attrs={"name": "answer", "type": "text"}
    ):
        data["answer"] = "I like my room and my carer listens to me."
    elif choice := form.find("input", attrs={"name": "answer"}):
        data["answer"] = choice["value"]
    elif form.find("button", attrs={"name": "action", "value": "continue"}):
        data["action"] = "continue"  # a page that only tells something
    else:
        data["action"] = "skip"
    return data


def _path(url: str) -> str:
    parsed = httpx.URL(url)
    return parsed.raw_path.decode()


@pytest.fixture
def browser(servers) -> Iterator[Balancer]:
    balancer = Balancer(servers[0])
    yield balancer
    balancer.client.close()


def test_a_young_person_moves_between_servers_mid_survey(servers, browser, shared_url):
    bases, demo = servers
    code = demo["consultations"][0]["join_code"]
    welcome = BeautifulSoup(browser.request("GET", f"/c/{code}").text, "html.parser")
    start_key = welcome.find("input", {"name": "start_key"})["value"]
    version = welcome.find("input", {"name": "version"})["value"]
    step = browser.request(
        "POST", f"/c/{code}/start", data={"start_key": start_key, "version": version}
    )
    for _ in range(60):  # every question, each page and each answer on the other server
        assert step.status_code == 303, (step.status_code, step.text[:300])
        location = _path(step.headers["location"])
        if location.endswith("/check"):
            break
        page = browser.request("GET", location)
        assert page.status_code == 200, page.text[:300]
        form = BeautifulSoup(page.text, "html.parser").find("form", method="post")
        target = _path(form["action"]) if form.get("action") else location
        step = browser.request("POST", target, data=_form_answer(form))
    assert browser.request("GET", f"/c/{code}/check").status_code == 200
    sent = browser.request("POST", f"/c/{code}/submit")
    assert sent.status_code == 303 and _path(sent.headers["location"]).endswith("/thanks")
    assert browser.request("GET", f"/c/{code}/thanks").status_code == 200
    assert set(browser.used) == set(bases)

    engine = create_engine(shared_url)
    try:
        with Session(engine) as session:
            consultation = session.exec(
                select(Consultation).where(Consultation.join_code == code)
            ).one()
            mine = session.exec(
                select(Response)
                .where(Response.consultation_id == consultation.id)
                .order_by(Response.id.desc())
            ).first()
            answers = session.exec(
                select(func.count()).select_from(Answer).where(Answer.response_id == mine.id)
            ).one()
    finally:
        engine.dispose()
    assert mine.status == "submitted" and mine.submitted_at is not None
    assert answers >= 3


def test_a_staff_member_stays_signed_in_across_servers(servers, browser):
    bases, demo = servers
    email, password = next(
        (account["email"], account["password"])
        for account in demo["staff"]
        if account["role"] == "admin"
    )
    signed_in = browser.request(
        "POST", "/staff/sign-in", data={"email": email, "password": password}
    )
    assert signed_in.status_code == 303, signed_in.text[:300]
    for _ in range(4):  # both servers, twice each
        home = browser.request("GET", "/staff/o/demo-council")
        assert home.status_code == 200, (home.status_code, home.url)
        assert "Sign out" in home.text
    assert set(browser.used) == set(bases)
    # Signing out on one server ends the session on the other too.
    page = BeautifulSoup(browser.request("GET", "/staff/o/demo-council").text, "html.parser")
    out = page.find("form", action=lambda a: a and a.endswith("/staff/sign-out"))
    assert browser.request("POST", "/staff/sign-out", data=_hidden(out)).status_code == 303
    for _ in range(2):
        after = browser.request("GET", "/staff/o/demo-council")
        assert after.status_code == 303 and "/staff/sign-in" in after.headers["location"]


def _hidden(form) -> dict[str, str]:
    return {
        f["name"]: f.get("value", "")
        for f in form.find_all("input", type="hidden")
        if f.get("name")
    }
