"""The Data and retention page in a browser: axe and 320 px layout, saved and with errors,
and it works with the keyboard alone (no JavaScript needed: a plain form)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageFactory
from tests.browser.helpers import report, staff_sign_in, width_checker

pytestmark = pytest.mark.browser

PATH = "/staff/o/demo-council/retention"


def test_retention_page_passes_axe_with_errors_and_saved(open_page: PageFactory) -> None:
    page = open_page(320)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    staff_sign_in(page, "admin", PATH)
    check("retention")
    page.fill("#unfinished_days", "0")
    page.fill("#named_days", "ten")
    page.click("main button[type=submit]")
    assert page.locator(".error-summary a").count() == 2
    check("retention with errors")
    page.fill("#unfinished_days", "21")
    page.fill("#named_days", "400")
    page.focus("#named_days")
    page.keyboard.press("Enter")
    page.wait_for_url("**/retention?saved=1")
    assert page.input_value("#unfinished_days") == "21"
    check("retention saved")
    assert problems == {}, report(problems)
