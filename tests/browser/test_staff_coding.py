"""The admin's "Teaching the engine" page passes axe at 320 and 1280 px and retrains from the
keyboard alone."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.browser.conftest import PageFactory
from tests.browser.helpers import report, staff_sign_in, width_checker
from tests.review.reviewed import make_reviewed
from voices import db
from voices.demo import DEMO_SLUG

pytestmark = pytest.mark.browser
PATH = f"/staff/o/{DEMO_SLUG}/coding"


def _add_reviews(tmp_path_factory: pytest.TempPathFactory) -> None:
    (path,) = sorted(tmp_path_factory.getbasetemp().glob("browser*/voices.db"))[:1]
    engine = db.make_engine(f"sqlite:///{path}")
    with Session(engine, expire_on_commit=False) as session:
        make_reviewed(session, items=24, slug=DEMO_SLUG, code="LRNBRW")
    engine.dispose()


def _tab_to(page, text: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"never reached {text!r} by Tab")


def test_teaching_page_passes_axe_and_retrains_by_keyboard(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = open_page(320)
    _add_reviews(tmp_path_factory)
    staff_sign_in(page, "admin", PATH)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    assert "Not learned yet." in page.inner_text("main")
    check("before learning")
    _tab_to(page, "Retrain SHANARRI wellbeing indicators (GIRFEC) from reviewed codes")
    page.keyboard.press("Enter")
    # Retraining takes seconds on a busy machine: wait for its result, not for any load.
    page.get_by_text("retrained from 24 reviewed items").wait_for(timeout=60_000)
    main = page.inner_text("main")
    assert "retrained from 24 reviewed items" in main
    assert "50% before, 100% after (of 24)" in main
    check("after learning")
    assert problems == {}, report(problems)
