"""Consultation pages for workers pass axe at 320 and 1280 px; a consultation can be made by
keyboard alone."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PageFactory
from tests.browser.helpers import report, staff_sign_in, width_checker

pytestmark = pytest.mark.browser

BASE = "/staff/o/demo-council/consultations"
MADE = re.compile(r"/consultations/\d+$")


def _sign_in(page) -> None:
    staff_sign_in(page, "worker", BASE)


def test_consultation_pages_pass_axe(open_page: PageFactory) -> None:
    page = open_page(320)
    problems: dict[str, object] = {}

    check = width_checker(page, problems)

    _sign_in(page)
    check("list")
    page.goto(BASE + "/new")
    check("choose a survey")
    page.click("main button[type=submit]")
    check("create")
    page.fill("#opens", "")
    page.click("main button[type=submit]")
    check("create with errors")
    page.fill("#title", "Browser round")
    page.fill("#who_is_asking", "Children in care council")
    page.fill("#opens", "2020-01-01")
    page.click("main button[type=submit]")
    page.wait_for_url(MADE)
    here = page.url
    check("consultation")
    page.goto(here + "/poster")
    check("poster")
    page.goto(here + "/edit")
    check("edit")
    page.goto(here + "/responses")
    check("answers table")
    assert problems == {}, report(problems)


def test_create_by_keyboard_only(open_page: PageFactory) -> None:
    page = open_page(1280)
    _sign_in(page)
    page.goto(BASE + "/new")
    page.focus("#survey")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#title")
    page.focus("#title")
    page.keyboard.type("Keyboard round")
    page.keyboard.press("Tab")
    page.keyboard.type("The participation team")
    page.focus("#opens")
    page.keyboard.type("01012020")
    page.focus("main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(MADE)
    assert "Keyboard round" in page.content()
