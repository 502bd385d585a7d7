"""A child's 10,000-letter word and right-to-left override at 320 px: no page scrolls
sideways, and every element holding someone's typed words isolates its direction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from sqlmodel import Session

from tests.browser.conftest import PageFactory, serve
from tests.browser.helpers import layout_problems, report
from tests.conftest import SECRET, TEST_SURVEYS
from tests.security import payloads as p
from tests.security import world as w
from tests.staff.conftest import PASSWORD
from voices import db
from voices.app import create_app
from voices.review.queue import NOTES
from voices.settings import Settings

pytestmark = pytest.mark.browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Every element marked as holding typed words: its computed direction handling and wrapping.
TYPED_JS = """() => [...document.querySelectorAll('.user-text')].map((el) => {
  const s = getComputedStyle(el);
  return [el.tagName.toLowerCase() + '.' + [...el.classList].join('.'), s.unicodeBidi, s.overflowWrap];
})"""


@pytest.fixture(scope="module")
def hostile_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'voices.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        world = w.build(session)
    engine.dispose()
    settings = Settings(database_url=url, secret_key=SECRET, surveys_dir=TEST_SURVEYS)
    with serve(create_app(settings)) as base:
        yield base, world


def _sign_in(page: Page, email: str) -> None:
    page.goto("/staff/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_hostile_words_neither_widen_nor_flip_the_page_at_320px(
    open_page: PageFactory, hostile_server
) -> None:
    base, world = hostile_server
    page = open_page(320, base_url=base, bypass_csp=False)
    _sign_in(page, world.staff.email)
    answer = world.answers["mixed"]
    pages = {
        "review": world.base + "/review",
        "review notes": f"{world.base}/review?question={NOTES}",
        "quotes": world.base + "/review/quotes",
        "response": f"{world.base}/responses/{world.answers['answer-11'].response_id}",
        "quote": f"{world.base}/review/quotes/{answer.id}",
        "actions": world.base + "/actions",
        "alert": f"/staff/o/{world.organisation.slug}/alerts/{world.alert.id}",
        "results": f"/results/{w.CODE}",
    }
    problems, typed, long_word_on = {}, {}, set()
    for name, path in pages.items():
        assert page.goto(path).status == 200, name
        assert page.locator("main").inner_text().strip(), name
        if found := layout_problems(page):
            problems[name] = found
        if page.evaluate(f"() => document.body.innerText.includes('{p.LONG_WORD}')"):
            long_word_on.add(name)
        marked = page.evaluate(TYPED_JS)
        if not marked or any(b != "isolate" or o != "anywhere" for _, b, o in marked):
            typed[name] = marked
    assert not problems, report(problems)
    assert not typed, report(typed)
    assert {"review", "response", "quotes", "actions", "results"} <= long_word_on, long_word_on
