"""WCAG 2.2 AA by axe-core: every respondent page type, in English and Arabic (right to left),
on a 320 px phone and a 1280 px laptop, with no sideways scrolling on the phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_CODES, PageFactory
from tests.browser.helpers import axe_violations, layout_problems, report, tour, walk_survey

pytestmark = pytest.mark.browser

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
