"""WCAG 2.2 AA by axe-core: every respondent page type, in English and Arabic (right to left),
on a 320 px phone and a 1280 px laptop, with no sideways scrolling on the phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import DEMO_CODES, OPEN_CODE, PageFactory
from tests.browser.helpers import (
    axe_violations,
    layout_problems,
    press,
    report,
    submit,
    tour,
    walk_survey,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
MYCARE, CARERS = "MYCARE", "CARER9"  # the demo's my-life-in-care and carers-voice

LOCALES = ["en", "ar"]
PHONE, LAPTOP = 320, 1280


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_type_passes_axe(open_page: PageFactory, locale: str) -> None:
    page = open_page(PHONE)
    problems: dict[str, object] = {}
    for name in tour(page, locale):
        assert page.get_attribute("html", "lang") == locale, name
        assert page.get_attribute("html", "dir") == ("rtl" if locale == "ar" else "ltr"), name
        # Each page at both widths, so the journey is walked once per language.
        for width in (PHONE, LAPTOP):
            page.set_viewport_size({"width": width, "height": 800})
            found: list[object] = list(axe_violations(page))
            if width == PHONE:
                found += layout_problems(page)
            if found:
                problems[f"{name} at {width} px ({page.url})"] = found
    assert problems == {}, report(problems)


@pytest.mark.parametrize("code", DEMO_CODES)
def test_starter_surveys_pass_axe_on_every_page(open_page: PageFactory, code: str) -> None:
    """The real surveys from surveys/ in Arabic (their own translation, right to left), on
    a phone. English survey text is covered by the page types above and by the 200% test."""
    page = open_page(320)
    problems: dict[str, object] = {}

    def check(name: str) -> None:
        assert page.get_attribute("html", "dir") == "rtl"
        found: list[object] = [*axe_violations(page), *layout_problems(page)]
        if found:
            problems[f"{name} ({page.url})"] = found

    for name in walk_survey(page, code, "ar"):
        check(name)
    assert problems == {}, report(problems)


def to_scale_question(page: Page, locale: str) -> None:
    """The test survey's first scale question (foster-ok), by way of where-live."""
    page.goto(f"/c/{OPEN_CODE}?lang={locale}")
    page.check("input[name=version][value='8-11']")
    submit(page, "button.button--start")
    press(page, "continue")  # the info page
    page.check("input[name=answer][value=foster]")
    press(page, "continue")
    assert page.url.endswith("/q/foster-ok")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_warmer_pieces_pass_axe_when_open_and_chosen(
    open_page: PageFactory, locale: str
) -> None:
    """States the tour does not reach: the welcome's details open, a face chosen (its lit
    colours), the check page's not-yet-answered group open, the carers' welcome."""
    page = open_page(PHONE)
    problems: dict[str, object] = {}

    def check(name: str) -> None:
        found: list[object] = [*axe_violations(page), *layout_problems(page)]
        if found:
            problems[f"{name} ({page.url})"] = found

    page.goto(f"/c/{MYCARE}?lang={locale}")
    page.click(".details__summary")
    assert page.is_visible(".details__text")
    check("welcome with the details open")
    page.goto(f"/c/{CARERS}?lang={locale}")
    check("carers' welcome")
    to_scale_question(page, locale)
    page.check("input[name=answer][value='5']")
    check("scale with a face chosen")
    page.goto(f"/c/{OPEN_CODE}/check")  # later questions not answered yet
    page.click(".details__summary")
    check("check page with the not-answered group open")
    assert problems == {}, report(problems)
