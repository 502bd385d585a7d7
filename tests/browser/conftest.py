"""A real server and a real browser: the app under uvicorn on its own SQLite file, driven by
Debian's Chromium through Playwright. Skips locally without Chromium; CI makes it mandatory."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn
from sqlmodel import Session

from tests.conftest import SECRET, TEST_SURVEYS, make_consultation
from tests.helpers import free_port
from voices import db, paths
from voices.app import create_app
from voices.definitions import load_catalog
from voices.demo import DEMO_CONSULTATIONS, create_demo
from voices.models import utcnow
from voices.settings import Settings

if TYPE_CHECKING:  # Playwright is imported lazily, so a missing browser only skips
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
EXIT_URL = "https://www.bbc.co.uk/weather"  # where "Leave this site quickly" goes

# tests/data/surveys/all-types.yaml (English and Welsh): every question type.
OPEN_CODE = "TQ4RTX"
CLOSED_CODE = "KMWX47"
NOT_YET_CODE = "NQ3RDC"
# The real starter surveys from surveys/, under the demo's codes (MYCARE, PREP47, ...).
DEMO_CODES = [code for _, code, _, _ in DEMO_CONSULTATIONS]
NAMED_CODE = next(code for _, code, anonymous, _ in DEMO_CONSULTATIONS if not anonymous)

PageFactory = Callable[..., "Page"]


def _seed(folder: Path) -> Settings:
    """A fresh database and a surveys folder: the real starter surveys plus the test survey."""
    surveys = folder / "surveys"
    surveys.mkdir()
    for source in [*paths.SURVEYS.glob("*.yaml"), *TEST_SURVEYS.glob("*.yaml")]:
        shutil.copy(source, surveys)
    url = f"sqlite:///{folder / 'voices.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    create_demo(engine, "http://127.0.0.1", load_catalog(surveys))
    with Session(engine, expire_on_commit=False) as session:
        make_consultation(session, OPEN_CODE)
        make_consultation(session, CLOSED_CODE, closes_at=utcnow() - timedelta(days=1))
        make_consultation(session, NOT_YET_CODE, opens_at=utcnow() + timedelta(days=7))
    engine.dispose()
    return Settings(database_url=url, secret_key=SECRET, surveys_dir=surveys)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Requested before live_server by every test, so a missing browser skips before any work.
    if not CHROMIUM.exists():
        if os.environ.get("VOICES_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"{CHROMIUM} is missing and VOICES_REQUIRE_BROWSER=1: browser tests must run"
            )
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = _seed(tmp_path_factory.mktemp("browser"))
    with serve(create_app(settings)) as url:
        yield url


@contextlib.contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app under uvicorn in a thread, on a free port, until the block ends."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=free_port(),
        log_level="warning",
        ws="none",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="voices-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def open_page(browser: Browser, live_server: str) -> Iterator[PageFactory]:
    """Pages in fresh browser contexts (no shared cookies), closed when the test ends."""
    contexts = []

    def _open(width: int = 320, height: int = 800, **options: Any) -> Page:
        # bypass_csp lets the test inject axe-core; the app's own pages never run inline code.
        # options may name another server (base_url) or keep the real policy (bypass_csp).
        options = {"base_url": live_server, "bypass_csp": True, **options}
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        # The quick-exit link points at a real site: answer it locally, no network needed.
        context.route(f"{EXIT_URL}**", lambda route: route.fulfill(body="<title>Weather</title>"))
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _open
    for context in contexts:
        context.close()
