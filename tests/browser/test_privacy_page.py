"""The respondent's privacy page passes axe at 320 and 1280 px with no sideways scroll, in
the youngest and the older words, anonymous and named, left to right and right to left."""

from __future__ import annotations

import pytest

from tests.browser.conftest import NAMED_CODE, OPEN_CODE, PageFactory
from tests.browser.helpers import report, width_checker

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "cy", "ar"])
def test_the_privacy_page_passes_axe(open_page: PageFactory, locale: str) -> None:
    page = open_page(320)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    for code in (OPEN_CODE, NAMED_CODE):
        page.goto(f"/c/{code}?lang={locale}")
        page.click(".details__summary")  # the welcome page's link sits in "Who will see..."
        with page.expect_navigation():
            page.click(f"a[href='/c/{code}/privacy']")
        assert page.locator("h1").count() == 1
        check(f"{code} privacy, youngest words ({locale})")
        with page.expect_navigation():
            page.click("a[href='?v=12-17']")
        check(f"{code} privacy, older words ({locale})")
    assert problems == {}, report(problems)
