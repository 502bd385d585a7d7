"""People, invitation, reset and audit pages: axe at 320 px and 1280 px, and an invitation made
and accepted with the keyboard alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import PageFactory
from tests.browser.helpers import report, width_checker
from tests.browser.test_keyboard import enter_and_wait, focused, key, tab_to
from voices.demo import DEMO_STAFF

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ADMIN_EMAIL, ADMIN_PASSWORD, _ = next(s for s in DEMO_STAFF if s[2] == "admin")
PEOPLE = "/staff/o/demo-council/people"
NEW_PASSWORD = "quiet harbour lantern 9"


def path_of(link: str) -> str:
    """Links are made with the configured base URL; the test server is elsewhere."""
    return "/staff/" + link.split("/staff/", 1)[1]


def sign_in(page: Page) -> None:
    page.goto("/staff/sign-in")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def checker(page: Page, problems: dict[str, object]):
    check = width_checker(page, problems)

    return check


def test_people_invite_reset_and_audit_pages_pass_axe(open_page: PageFactory) -> None:
    problems: dict[str, object] = {}
    page = open_page(320)
    check = checker(page, problems)
    sign_in(page)
    page.goto(PEOPLE)
    check("people")
    with page.expect_navigation():
        page.click("form[action$='/invite'] button[type=submit]")
    check("people with errors")
    page.fill("#email", "axe-invite@example.org")
    page.check("#role-worker")
    with page.expect_navigation():
        page.click("form[action$='/invite'] button[type=submit]")
    invite = page.input_value("#invite-link")
    check("invitation made")
    page.click(".staff-people__item a >> nth=0")
    page.wait_for_selector("h1")
    check("member")
    with page.expect_navigation():
        page.click("form[action$='/reset-link'] button")
    reset = page.input_value("#reset-link")
    check("member with reset link")
    page.goto("/staff/o/demo-council/audit")
    check("audit")
    page.goto("/staff/o/demo-council/audit?from=not-a-date")
    check("audit with an error")

    other = open_page(320)
    check = checker(other, problems)
    other.goto(path_of(invite))
    check("accept invitation")
    with other.expect_navigation():
        other.click("main button[type=submit]")
    check("accept invitation with errors")
    other.goto("/staff/invite/no-such-token")
    check("link that does not work")
    other.goto("/staff/forgot-password")
    check("forgot password")
    other.fill("#email", "nobody@example.org")
    with other.expect_navigation():
        other.click("main button[type=submit]")
    check("forgot password sent")
    other.goto(path_of(reset))
    check("reset password")
    assert problems == {}, report(problems)


def test_an_invitation_made_and_accepted_with_the_keyboard_alone(open_page: PageFactory) -> None:
    page = open_page(320)
    sign_in(page)
    page.goto(PEOPLE)
    tab_to(page, "#email", limit=60)
    page.keyboard.type("keyboard-invite@example.org")
    key(page, "Tab")
    assert focused(page, "input[name=role]")
    page.keyboard.press("ArrowDown")  # admin -> worker
    assert page.is_checked("#role-worker")
    tab_to(page, "form[action$='/invite'] button[type=submit]")
    enter_and_wait(page)
    tab_to(page, "#invite-link", limit=60)
    link = page.input_value("#invite-link")

    guest = open_page(320)
    guest.goto(path_of(link))
    tab_to(guest, "#name")
    guest.keyboard.type("Kim Keyboard")
    tab_to(guest, "#new")
    guest.keyboard.type(NEW_PASSWORD)
    tab_to(guest, "#confirm")
    guest.keyboard.type(NEW_PASSWORD)
    enter_and_wait(guest)
    assert guest.url.endswith("/staff/o/demo-council")
    assert "Kim Keyboard" in guest.inner_text("header")


def test_an_invitation_withdrawn_with_the_keyboard_alone(open_page: PageFactory) -> None:
    problems: dict[str, object] = {}
    email = "withdraw-me@example.org"
    page = open_page(320)
    sign_in(page)
    page.goto(PEOPLE)
    page.fill("#email", email)
    page.check("#role-viewer")
    with page.expect_navigation():
        page.click("form[action$='/invite'] button[type=submit]")
    # Its button says whose invitation it withdraws (the email is visually hidden).
    button = page.get_by_role("button", name=f"Withdraw the invitation for {email}")
    assert button.count() == 1
    hash_ = button.locator("xpath=..").locator("input[name=invite]").input_value()
    selector = f"form:has(input[value='{hash_}']) button"
    stale = page.context.new_page()  # a second tab that still lists the invitation
    stale.goto(PEOPLE)

    page.goto(PEOPLE)
    tab_to(page, selector, limit=80)
    enter_and_wait(page)
    notice = page.inner_text("[role=status]")
    assert f"The invitation for {email} has been withdrawn" in notice
    assert page.locator(selector).count() == 0
    width_checker(page, problems)("invitation withdrawn")

    with stale.expect_navigation():
        stale.click(selector)  # pressed again: nothing more happens, and the page says why
    assert "had already expired or been withdrawn" in stale.inner_text(".error-summary")
    width_checker(stale, problems)("invitation already withdrawn")
    assert problems == {}, report(problems)
