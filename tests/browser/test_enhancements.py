"""What JavaScript adds on top of the server's pages: read aloud where the browser can speak,
a live character count, and "Leave this site quickly" that leaves no trail in history."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EXIT_URL, OPEN_CODE, PageFactory
from tests.browser.helpers import TOO_LONG, press, submit

pytestmark = pytest.mark.browser

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Record what would be spoken instead of speaking (headless Chromium has no voices).
RECORD_SPEECH = """() => {
  window.spoken = [];
  speechSynthesis.speak = (u) => window.spoken.push([u.text, u.lang]);
}"""


def start_survey(page: Page, locale: str = "en") -> None:
    page.goto(f"/c/{OPEN_CODE}?lang={locale}")
    page.check("input[name=version][value='12-17']")
    submit(page, "button.button--start")


def skip_to(page: Page, question_id: str) -> None:
    for _ in range(10):
        if f"/q/{question_id}" in page.url:
            return
        press(page, "skip" if page.locator("button[value=skip]").count() else "continue")
    raise AssertionError(f"never reached {question_id}")


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_read_aloud_speaks_the_question_and_options(open_page: PageFactory, locale: str) -> None:
    page = open_page(1280)
    start_survey(page, locale)
    skip_to(page, "where-live")
    button = page.locator("[data-read-aloud]")
    expect(button).to_be_visible()  # Chromium has speechSynthesis
    page.evaluate(RECORD_SPEECH)
    button.click()
    spoken = page.evaluate("() => window.spoken")
    # The test survey has no Arabic: its English text is read with an English voice.
    assert spoken[:2] == [["Where do you live?", "en"], ["With foster carers", "en"]]
    assert len(spoken) == 5  # the question and its four options


def test_no_read_aloud_button_without_speech(open_page: PageFactory) -> None:
    page = open_page(1280)
    page.context.add_init_script(
        "delete window.speechSynthesis; delete Window.prototype.speechSynthesis"
    )
    start_survey(page)
    assert page.is_hidden("[data-read-aloud]")  # never a button that does nothing


def test_character_count_updates_as_you_type(open_page: PageFactory) -> None:
    page = open_page(320)
    start_survey(page)
    skip_to(page, "anything-else")
    count, status = page.locator("#answer-count"), page.locator("[data-count-status]")
    expect(count).to_have_text("Characters left: 40")
    page.locator("#answer").press_sequentially("Hello")
    expect(count).to_have_text("Characters left: 35")
    page.fill("#answer", TOO_LONG)
    expect(count).to_have_text(f"Too many characters: {len(TOO_LONG) - 40}")
    expect(count).to_have_class("hint character-count character-count--over")
    # Screen readers hear the count once typing pauses, through a polite live region.
    expect(status).to_have_text(f"Too many characters: {len(TOO_LONG) - 40}")
    assert status.get_attribute("aria-live") == "polite"


def test_leave_quickly_replaces_the_page_in_history(open_page: PageFactory) -> None:
    page = open_page(320)
    page.goto("/")
    page.goto(f"/c/{OPEN_CODE}")
    entries = page.evaluate("() => history.length")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the second Tab stop, after the skip link: quick to reach
    assert page.evaluate("() => document.activeElement.matches('[data-exit]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == EXIT_URL
    assert page.evaluate("() => history.length") == entries, "replaced, not added"
    page.go_back()
    # Back skips the survey page and lands where the child was before it. Pages before
    # that stay in history: a script cannot erase them (see docs/accessibility.md).
    assert page.url.endswith("/") and "/c/" not in page.url
