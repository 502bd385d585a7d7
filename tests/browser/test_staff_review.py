"""The review screen passes axe at 320 and 1280 px, works by Tab and Enter alone, and its
keyboard shortcuts (j, k, a, s, ?) work without taking over keys while choosing a filter."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.browser.conftest import PageFactory
from tests.browser.helpers import focus_problem, report, staff_sign_in, width_checker
from voices import db
from voices.demo import DEMO_SLUG
from voices.models import Consultation

pytestmark = pytest.mark.browser
SUBMIT_EMPTY = """() => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = location.pathname + '/save';
  document.body.append(form);
  form.submit();
}"""
ACTIVE_ITEM = "document.activeElement.matches('[data-review-item]') && document.activeElement.id"


def _review_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    (path,) = sorted(tmp_path_factory.getbasetemp().glob("browser*/voices.db"))[:1]
    engine = db.make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        found = session.exec(select(Consultation).where(Consultation.join_code == "MYCARE")).one()
        cid = found.id
    engine.dispose()
    return f"/staff/o/{DEMO_SLUG}/consultations/{cid}/review"


def _tab_to(page, test: str, tries: int = 400) -> None:
    for _ in range(tries):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {test}; }}"):
            return
    raise AssertionError(f"Tab never reached: {test}")


def test_review_screen_by_keyboard_with_and_without_shortcuts(
    open_page: PageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = _review_path(tmp_path_factory)
    page = open_page(320)
    staff_sign_in(page, "worker", path)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    assert page.locator("mark").count() > 0
    check("review screen")
    page.set_viewport_size({"width": 1280, "height": 800})

    # Shortcuts: j and k move between answers, focus visibly on each.
    items = page.locator("[data-review-item]")
    first, second = items.nth(0).get_attribute("id"), items.nth(1).get_attribute("id")
    page.keyboard.press("j")
    assert page.evaluate(ACTIVE_ITEM) == first and focus_problem(page) == ""
    page.keyboard.press("j")
    assert page.evaluate(ACTIVE_ITEM) == second
    page.keyboard.press("k")
    assert page.evaluate(ACTIVE_ITEM) == first
    # ? opens the help, and again closes it.
    page.keyboard.press("?")
    assert page.locator("#shortcuts").get_attribute("open") is not None
    page.keyboard.press("?")
    assert page.locator("#shortcuts").get_attribute("open") is None
    # Choosing from a filter list is never taken over by a shortcut.
    page.focus("#f-question")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "f-question"

    # a accepts the suggestions of the item that has focus.
    page.focus(f"#{first}")
    with page.expect_navigation():
        page.keyboard.press("a")
    assert "Saved." in page.inner_text("main")
    assert "Reviewed" in page.inner_text(f"#{first}")
    check("after accepting")

    # Without shortcuts: Tab to a theme of the second answer, tick it with Space, Tab to Save.
    _tab_to(page, f"el.type === 'checkbox' && el.closest('#{second}') !== null")
    page.keyboard.press("Space")
    _tab_to(page, "el.matches('[data-review-save]')")
    assert focus_problem(page) == ""
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Saved." in page.inner_text("main")
    assert "Not saved yet" not in page.inner_text(f"#{second}")

    # Blind coding: by Tab and Enter to the link, then s saves the focused item blind.
    page.focus("#main")
    _tab_to(page, "el.textContent.trim() === 'Code blind (second reviewer)'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("mark").count() == 0
    assert page.locator("[data-review-accept]").count() == 0
    check("blind")
    page.set_viewport_size({"width": 1280, "height": 800})
    third = items.nth(2).get_attribute("id")
    page.focus(f"#{third} input[type=checkbox]")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("s")
    assert "mode=blind" in page.url and "Saved." in page.inner_text("main")
    assert "Coded by you" in page.inner_text(f"#{third}")

    # A save the server refuses (here: no answer chosen) says why and links back.
    with page.expect_navigation():
        page.evaluate(SUBMIT_EMPTY)
    assert "Choose an answer and press Save." in page.inner_text("main")
    check("not saved")
    assert problems == {}, report(problems)
