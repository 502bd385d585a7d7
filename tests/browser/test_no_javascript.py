"""Every page is server-rendered and works with JavaScript off: a whole journey, including
"save and come back later" on a second device, the character limit and an error."""

from __future__ import annotations

import pytest

from tests.browser.conftest import EXIT_URL, OPEN_CODE, PageFactory
from tests.browser.helpers import TOO_LONG, press, submit

pytestmark = pytest.mark.browser


def test_a_whole_journey_with_javascript_off(open_page: PageFactory) -> None:
    page = open_page(320, java_script_enabled=False)
    page.goto("/")
    page.fill("#code", OPEN_CODE)
    submit(page, ".join-form button")
    page.check("input[name=version][value='12-17']")
    submit(page, "button.button--start")
    assert page.is_hidden("[data-read-aloud]")  # nothing to press that would not work
    press(page, "continue")  # the info page
    page.check("input[name=answer][value=kinship]")
    press(page, "continue")
    assert "/q/feel-safe" in page.url  # the foster-carer follow-up does not apply
    page.check("input[name=answer][value=yes]")
    press(page, "continue")

    # Save on this phone, carry on on another.
    with page.expect_navigation():
        page.click(".save-link a")
    submit(page, "main form button")
    code = page.inner_text(".resume-code")
    other = open_page(320, java_script_enabled=False)
    other.goto(f"/c/{OPEN_CODE}/resume")
    other.fill("#resume_code", code)
    submit(other, "main form button")
    assert "/q/likes" in other.url, "carries on at the first question not answered"

    other.check("input[name=answer][value=other]")
    other.fill("#other_text", "Baking")
    press(other, "continue")
    press(other, "skip")  # the pathway plan question: skipping is allowed
    assert "/q/anything-else" in other.url
    # Without JS the limit is written on the page and read with the field.
    assert other.inner_text("#answer-count") == "You can write up to 40 characters."
    assert "answer-count" in (other.get_attribute("#answer", "aria-describedby") or "")
    other.fill("#answer", TOO_LONG)
    press(other, "continue")
    assert other.title().startswith("Error:")
    assert other.input_value("#answer") == TOO_LONG  # nothing the child typed is lost
    assert other.locator(".error-summary a").get_attribute("href") == "#answer"
    other.fill("#answer", "Fine")
    press(other, "continue")

    assert other.url.endswith("/check")
    summary = other.inner_text("main")
    for answer in ("With family or friends", "Yes", "Baking", "Fine"):
        assert answer in summary
    submit(other, "form[action$='/submit'] button")
    assert other.url.endswith("/thanks")

    # The quick exit is a plain link, so it leaves even without JavaScript.
    with other.expect_navigation():
        other.click("[data-exit]")
    assert other.url == EXIT_URL
