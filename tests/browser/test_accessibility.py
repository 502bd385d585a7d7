"""WCAG 2.2 AA in a real browser: axe-core on every respondent page type, in English and
Arabic, at 320 and 1280 px; no sideways scrolling; 200% text; keyboard only; JavaScript off."""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CLOSED_CODE, OPEN_CODE, STARTER_CODE

pytestmark = pytest.mark.browser

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TOO_LONG = "This answer is much longer than forty characters allowed"

# Visible focus: an outline that is not transparent, or a box-shadow, on the element or, for
# the GOV.UK-style radios and checkboxes, on its label's drawn circle or box.
FOCUS_VISIBLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const shows = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !s.outlineColor.endsWith(', 0)') && s.outlineColor !== 'transparent')
    || (s.boxShadow && s.boxShadow !== 'none');
  if (shows(getComputedStyle(el))) return true;
  const label = el.labels && el.labels[0];
  return !!label && shows(getComputedStyle(label, '::before'));
}"""


def new_page(browser, width: int, **options):
    # bypass_csp lets the test inject axe-core; the app's own pages never run inline code.
    context = browser.new_context(
        viewport={"width": width, "height": 800}, bypass_csp=True, **options
    )
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="BBC Weather"))
    page = context.new_page()
    page.set_default_timeout(5000)
    return page


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


class Audit:
    """Collects axe violations and overflow per page, so one failure lists every page."""

    def __init__(self, page, width: int) -> None:
        self.page, self.width, self.problems = page, width, {}

    def check(self, name: str) -> None:
        found = axe_violations(self.page)
        if self.width <= 320 and scrolls_sideways(self.page):
            found.append({"id": "horizontal-scroll", "help": "page scrolls sideways at 320 px"})
        if found:
            self.problems[name] = found


def press_continue(page) -> None:
    page.click("button[name=action][value=continue]")


def skip(page) -> None:
    """Skip a question (an info page has nothing to skip, so carry on past it), then wait
    for the next question's address so the caller never reads the old page."""
    before = page.url
    if page.locator("button[name=action][value=skip]").count():
        page.click("button[name=action][value=skip]")
    else:
        press_continue(page)
    page.wait_for_url(lambda url: url != before)


def test_every_page_type_has_no_violations(browser, live_server, locale, width):
    page = new_page(browser, width)
    audit = Audit(page, width)
    page.goto(f"{live_server}/?lang={locale}")
    assert page.get_attribute("html", "dir") == ("rtl" if locale == "ar" else "ltr")
    audit.check("home")
    page.goto(f"{live_server}/c/ZZZZZZ")
    audit.check("404 unknown code")
    page.goto(f"{live_server}/c/{CLOSED_CODE}")
    audit.check("closed consultation")

    page.goto(f"{live_server}/c/{OPEN_CODE}")
    audit.check("welcome")
    page.click("button.button--start")
    audit.check("welcome with error")
    page.check("input[name=version][value='8-11']")
    page.click("button.button--start")
    audit.check("info question")
    press_continue(page)
    press_continue(page)
    audit.check("choice question with error")
    page.check("input[name=answer][value=foster]")
    press_continue(page)
    audit.check("scale question")
    page.check("input[name=answer][value='4']")
    press_continue(page)
    audit.check("yes/no question")
    page.check("input[name=answer][value=yes]")
    press_continue(page)
    audit.check("choices question with something else")
    page.check("input[name=answer][value=other]")
    page.fill("#other_text", "Drawing")
    press_continue(page)
    audit.check("text question")
    page.fill("#answer", TOO_LONG)
    press_continue(page)
    assert page.title().startswith("Error:") or locale != "en"
    audit.check("text question with error")
    page.fill("#answer", "All good")
    press_continue(page)
    audit.check("check your answers")
    page.goto(f"{live_server}/c/{OPEN_CODE}/save")
    audit.check("save and come back later")
    page.go_back()
    page.click("form[action$='/submit'] button[type=submit]")
    audit.check("thank you")
    page.goto(f"{live_server}/c/{OPEN_CODE}/resume")
    audit.check("resume")
    assert audit.problems == {}, json.dumps(audit.problems, indent=1)


def test_a_starter_survey_in_arabic_reads_right_to_left(browser, live_server, width):
    page = new_page(browser, width)
    audit = Audit(page, width)
    page.goto(f"{live_server}/c/{STARTER_CODE}?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    audit.check("welcome (my-life-in-care)")
    page.check("input[name=version][value='8-11']")
    page.click("button.button--start")
    press_continue(page)
    heading = page.locator("h1")
    assert heading.get_attribute("lang") is None  # the survey's own Arabic, not an English fallback
    assert heading.inner_text() == "مع من تعيش؟"
    audit.check("choice question (my-life-in-care)")
    assert audit.problems == {}, json.dumps(audit.problems, indent=1)


@pytest.fixture(params=["en", "ar"])
def locale(request) -> str:
    return request.param


@pytest.fixture(params=[320, 1280])
def width(request) -> int:
    return request.param


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching selector has focus; focus must show at each step."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_VISIBLE_JS), f"focus not visible on the way to {selector}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_a_whole_survey_by_keyboard_alone(browser, live_server):
    page = new_page(browser, 320)
    page.goto(live_server)
    tab_to(page, "#code")
    page.keyboard.type(OPEN_CODE.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/c/{OPEN_CODE}")
    tab_to(page, "input[name=version]")
    page.keyboard.press("Space")
    tab_to(page, "button.button--start")
    page.keyboard.press("Enter")
    page.wait_for_url("**/q/welcome")
    answers = [
        ("where-live", "input[name=answer]", "Space"),  # first option: foster
        ("foster-ok", "input[name=answer]", "ArrowDown"),  # arrows move along the faces
        ("feel-safe", "input[name=answer]", "Space"),
        ("likes", "input[name=answer]", "Space"),
        ("anything-else", "#answer", None),
    ]
    tab_to(page, "button[value=continue]")
    page.keyboard.press("Enter")
    for question, field, key in answers:
        page.wait_for_url(f"**/q/{question}")
        tab_to(page, field)
        if key:
            page.keyboard.press(key)
        else:
            page.keyboard.type("Thanks")
        tab_to(page, "button[value=continue]")
        page.keyboard.press("Enter")
    page.wait_for_url("**/check")
    assert "Thanks" in page.inner_text("main")
    tab_to(page, "form[action$='/submit'] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks")


def test_a_whole_survey_with_javascript_off(browser, live_server):
    page = new_page(browser, 320, java_script_enabled=False)
    page.goto(f"{live_server}/c/{OPEN_CODE}")
    assert page.is_hidden("[data-read-aloud]")
    page.check("input[name=version][value='12-17']")
    page.click("button.button--start")
    for _ in range(6):  # skip every question: none is forced
        if "/q/anything-else" in page.url:
            break
        skip(page)
    assert "You can write up to 40 characters." in page.inner_text("#answer-count")
    page.fill("#answer", TOO_LONG)
    press_continue(page)
    assert page.title().startswith("Error:")
    assert page.input_value("#answer") == TOO_LONG  # nothing lost
    page.fill("#answer", "Fine")
    press_continue(page)
    page.click("form[action$='/submit'] button[type=submit]")
    page.wait_for_url("**/thanks")


def walk_to_text_question(page, live_server: str) -> None:
    page.goto(f"{live_server}/c/{OPEN_CODE}")
    page.check("input[name=version][value='12-17']")
    page.click("button.button--start")
    while "/q/anything-else" not in page.url:
        skip(page)


def test_read_aloud_and_live_character_count(browser, live_server):
    page = new_page(browser, 1280)
    walk_to_text_question(page, live_server)
    expect(page.locator("[data-read-aloud]")).to_be_visible()  # Chromium has speechSynthesis
    page.fill("#answer", "Hello")
    expect(page.locator("#answer-count")).to_have_text("Characters left: 35")
    page.fill("#answer", TOO_LONG)
    expect(page.locator("#answer-count")).to_have_text(f"Too many characters: {len(TOO_LONG) - 40}")


def test_leave_quickly_replaces_the_page_in_history(browser, live_server):
    page = new_page(browser, 320)
    page.goto(live_server)
    page.goto(f"{live_server}/c/{OPEN_CODE}")
    entries = page.evaluate("() => history.length")
    page.click("[data-exit]")
    page.wait_for_url("https://www.bbc.co.uk/**")
    assert page.evaluate("() => history.length") == entries  # replaced, not added
    page.go_back()
    assert f"/c/{OPEN_CODE}" not in page.url  # Back skips the survey page


@pytest.mark.parametrize("width", [320, 640])
def test_text_at_200_percent_still_fits(browser, live_server, width):
    page = new_page(browser, width)
    walk_to_text_question(page, live_server)
    for path in ("/", f"/c/{OPEN_CODE}", page.url):
        page.goto(path if path.startswith("http") else live_server + path)
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        assert not scrolls_sideways(page), f"{path} scrolls sideways with 200% text"


def test_reduced_motion_switches_off_transitions(browser, live_server):
    page = new_page(browser, 1280)
    page.goto(live_server)
    page.add_style_tag(content=".button { transition: background-color 2s; }")
    duration = "() => getComputedStyle(document.querySelector('.button')).transitionDuration"
    assert page.evaluate(duration) == "2s"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(duration) == "0s"
