"""A real server and a real browser: the app under uvicorn on its own SQLite file, driven by
Debian's Chromium through Playwright. Skips locally without Chromium; CI makes it mandatory."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session

from tests.conftest import SECRET, TEST_SURVEYS, make_consultation
from voices import db, paths
from voices.app import create_app
from voices.models import utcnow
from voices.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
OPEN_CODE = "TQ4RTX"  # the all-types test survey: every question type
CLOSED_CODE = "KMWX47"
STARTER_CODE = "MYCARE"  # my-life-in-care, written in all four languages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    surveys = folder / "surveys"  # the test survey with every type, and a real starter survey
    shutil.copytree(TEST_SURVEYS, surveys)
    shutil.copy(paths.SURVEYS / "my-life-in-care.yaml", surveys)
    url = f"sqlite:///{folder / 'voices.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        make_consultation(session, OPEN_CODE)
        make_consultation(session, CLOSED_CODE, closes_at=utcnow() - timedelta(days=1))
        make_consultation(session, STARTER_CODE, survey_id="my-life-in-care")
    engine.dispose()

    settings = Settings(database_url=url, secret_key=SECRET, surveys_dir=surveys)
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = "Chromium not installed (apt-get install chromium): browser tests skipped"
        if os.environ.get("VOICES_REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "required in CI"))
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
