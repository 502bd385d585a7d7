"""Staff pages pass axe at 320 px and 1280 px, with no sideways scroll on the phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageFactory
from tests.browser.helpers import report, width_checker
from voices.demo import DEMO_STAFF

pytestmark = pytest.mark.browser


def test_staff_pages_pass_axe(open_page: PageFactory) -> None:
    email, password, _ = DEMO_STAFF[0]
    page = open_page(320)
    problems: dict[str, object] = {}

    check = width_checker(page, problems)

    page.goto("/staff/o/demo-council")
    check("sign in")
    page.fill("#email", email)
    page.fill("#password", "wrong password")
    page.click("button[type=submit]")
    check("sign in with an error")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/o/demo-council")
    check("organisation")
    page.goto("/staff/password")
    check("change password")
    page.fill("#current", "nope")
    page.click("main button[type=submit]")
    check("change password with errors")
    page.goto("/staff/o/no-such-council")
    check("not found")
    _rights_pages(page, check)
    assert problems == {}, report(problems)


def _rights_pages(page, check) -> None:
    """The admin's subject access and erasure pages (the demo's named consultation)."""
    page.goto("/staff/o/demo-council/rights")
    check("rights search")
    page.click("main button[type=submit]")
    check("rights search with an error")
    find = page.url
    page.fill("#name", "Amir")
    page.press("#name", "Enter")  # the keyboard alone searches
    page.wait_for_selector("#results")
    check("rights results")
    assert page.locator("tr[data-response]").count() > 0
    page.click("text=Show everything held")
    check("subject access document")
    page.goto(find)  # a new search, not Back: the results were a POST
    page.fill("#name", "Amir")
    page.click("main button[type=submit]")
    page.click("text=Erase these responses")
    check("erase confirmation")
    page.click("text=Erase for good")  # not ticked: refused with an error, nothing erased
    check("erase confirmation with an error")
