"""A whole survey with the keyboard alone (WCAG 2.1.1), focus always visible and on screen
(2.4.7, 2.4.11), a skip link first (2.4.1), and the error summary taking focus."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import OPEN_CODE, PageFactory
from tests.browser.helpers import focus_problem

pytestmark = pytest.mark.browser

if TYPE_CHECKING:
    from playwright.sync_api import Page


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


def key(page: Page, name: str) -> None:
    """Press a key that moves focus, then insist the focus can be seen."""
    page.keyboard.press(name)
    problem = focus_problem(page)
    assert not problem, f"after {name} on {page.url}: {problem}"


def tab_to(page: Page, selector: str, limit: int = 30) -> None:
    """Tab forwards until the element matching selector has focus."""
    for _ in range(limit):
        if focused(page, selector):
            return
        key(page, "Tab")
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def enter_and_wait(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("colours", ["none", "active"], ids=["normal", "forced-colours"])
def test_a_whole_survey_by_keyboard_alone(open_page: PageFactory, colours: str) -> None:
    # forced-colors: Windows High Contrast drops box-shadows; focus must still show.
    page = open_page(320, forced_colors=colours)
    page.goto("/")
    key(page, "Tab")
    assert focused(page, ".skip-link"), "the first Tab stop is the skip link"
    page.keyboard.press("Enter")
    key(page, "Tab")
    assert focused(page, "#code"), "the skip link jumps past the header to the code box"
    page.keyboard.type(OPEN_CODE.lower())  # lower case works too
    enter_and_wait(page)
    assert page.url.endswith(f"/c/{OPEN_CODE}")

    tab_to(page, "input[name=version]")
    page.keyboard.press("Space")
    tab_to(page, "button.button--start")
    enter_and_wait(page)
    assert "/q/welcome" in page.url
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)

    # where-live: Continue with nothing chosen, then recover from the error by keyboard.
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)
    assert page.title().startswith("Error:")
    assert focused(page, "[data-error-summary]"), "the error summary takes focus"
    assert not focus_problem(page)
    key(page, "Tab")
    assert focused(page, ".error-summary a")
    tab_to(page, "input[name=answer]")
    page.keyboard.press("Space")  # the first option: foster carers
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)

    assert "/q/foster-ok" in page.url  # the scale: arrows move along the faces
    tab_to(page, "input[name=answer]")
    key(page, "ArrowDown")
    key(page, "ArrowDown")
    assert page.is_checked("input[name=answer][value='3']")
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)

    assert "/q/feel-safe" in page.url
    tab_to(page, "input[name=answer]")
    page.keyboard.press("Space")
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)

    assert "/q/likes" in page.url  # checkboxes: Space ticks each one
    tab_to(page, "input[value=sport]")
    page.keyboard.press("Space")
    tab_to(page, "input[value=games]")
    page.keyboard.press("Space")
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)

    assert "/q/anything-else" in page.url
    tab_to(page, "#answer")
    page.keyboard.type("Thanks for asking")
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)

    assert page.url.endswith("/check")
    summary = page.inner_text("main")
    for answer in ("With foster carers", "Sport", "Games", "Thanks for asking"):
        assert answer in summary
    tab_to(page, "form[action$='/submit'] button")
    enter_and_wait(page)
    assert page.url.endswith("/thanks")


LABEL_LOOK_JS = """(value) => {
  const label = document.querySelector(`input[name=answer][value='${value}'] + label`);
  const style = getComputedStyle(label);
  const face = getComputedStyle(label.querySelector('.face__head'));
  return {background: style.backgroundColor, border: style.borderTopColor, face: face.fill};
}"""


def test_a_face_chosen_by_keyboard_lights_up(open_page: PageFactory) -> None:
    page = open_page(320)
    page.goto(f"/c/{OPEN_CODE}")
    tab_to(page, "input[name=version]")
    page.keyboard.press("Space")
    tab_to(page, "button.button--start")
    enter_and_wait(page)
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)
    tab_to(page, "input[name=answer]")
    page.keyboard.press("Space")  # foster carers
    tab_to(page, "button[value=continue]")
    enter_and_wait(page)
    assert "/q/foster-ok" in page.url

    looks = {v: page.evaluate(LABEL_LOOK_JS, v) for v in "12345"}
    assert len({look["face"] for look in looks.values()}) == 5, "each face has its own colour"
    unlit = looks["4"]
    tab_to(page, "input[name=answer]")
    key(page, "ArrowDown")
    key(page, "ArrowDown")
    key(page, "ArrowDown")
    assert page.is_checked("input[name=answer][value='4']")
    lit = page.evaluate(LABEL_LOOK_JS, "4")
    assert lit["background"] != unlit["background"], "the chosen face and words light up"
    assert lit["border"] != unlit["border"]
    assert page.evaluate(LABEL_LOOK_JS, "3") == looks["3"], "the others stay as they were"
    # Face and words are one label: a tap on the face chooses it.
    page.click("input[name=answer][value='2'] + label .face")
    assert page.is_checked("input[name=answer][value='2']")
