"""What the browser tests measure (axe-core, overflow, clipping, visible focus) and the walk
through every respondent page type that several tests share."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import axe_playwright_python

from tests.browser.conftest import CLOSED_CODE, NAMED_CODE, NOT_YET_CODE, OPEN_CODE

if TYPE_CHECKING:
    from playwright.sync_api import Page

# axe-core as shipped inside axe-playwright-python: nothing is downloaded at test time.
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TOO_LONG = "This answer is much longer than forty characters allowed"  # the text limit is 40

# Elements that are meant to sit off-screen or be clipped: the skip link until it has focus,
# and text only screen readers hear.
HIDDEN_ON_PURPOSE = ".skip-link:not(:focus), .visually-hidden, .visually-hidden *"

OVERFLOW_JS = """(hidden) => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const problems = [];
  if (root.scrollWidth > width) problems.push(`page scrolls sideways: ${root.scrollWidth} > ${width}`);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    if (el.matches(hidden)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -1 || box.right > width + 1) {
      problems.push(`${name(el)} sticks out of the page: ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    // A box that hides its overflow must not be cutting off its own content (form fields
    // scroll their value by design, so they are left out).
    const clips = [style.overflowX, style.overflowY].some((o) => o !== 'visible');
    if (clips && !el.matches('input, textarea, select')
        && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      problems.push(`${name(el)} clips its content`);
    }
  }
  return problems;
}"""

# Visible focus: an outline that is drawn (not none, not transparent), or a box-shadow, on the
# element, or, for the GOV.UK-style radios and checkboxes, on its label's drawn circle or box.
# The focused element must also be on screen (WCAG 2.2: focus not obscured).
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'nothing has focus';
  const drawn = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && s.outlineColor !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(s.outlineColor))
    || (s.boxShadow && s.boxShadow !== 'none');
  const label = el.labels && el.labels[0];
  if (!drawn(getComputedStyle(el)) && !(label && drawn(getComputedStyle(label, '::before')))) {
    return `no visible focus on ${el.outerHTML.slice(0, 120)}`;
  }
  const box = (label && getComputedStyle(el).opacity === '0' ? label : el).getBoundingClientRect();
  if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth) {
    return `focused element is off screen: ${el.outerHTML.slice(0, 120)}`;
  }
  return '';
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the current page, in a readable form."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE)
    # resultTypes: details only for violations; passes and "needs review" stay short.
    run = "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
    result = page.evaluate(run, WCAG_TAGS)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {"target": n["target"], "summary": n.get("failureSummary", "")} for n in v["nodes"]
            ],
        }
        for v in result["violations"]
    ]


def layout_problems(page: Page) -> list[str]:
    return page.evaluate(OVERFLOW_JS, HIDDEN_ON_PURPOSE)


def focus_problem(page: Page) -> str:
    """Empty when the focused element shows a visible focus indicator on screen."""
    return page.evaluate(FOCUS_JS)


def report(problems: dict[str, Any]) -> str:
    return "\n" + json.dumps(problems, indent=1, ensure_ascii=False)


def submit(page: Page, selector: str) -> None:
    """Click a submit button and wait for the page the server sends back (303 or 422)."""
    with page.expect_navigation():
        page.click(selector)


def press(page: Page, action: str) -> None:
    submit(page, f"button[name=action][value={action}]")


def tour(page: Page, locale: str) -> Iterator[str]:
    """Visit every respondent page type in order, yielding each page's name once it is
    showing. The test survey has every question type; the app's own words are in `locale`
    (?lang= sets a cookie), survey text falls back to English where the survey lacks it."""
    page.goto(f"/?lang={locale}")
    yield "home (join)"
    submit(page, ".join-form button")
    yield "home with error"
    page.fill("#code", "ZZZZZZ")
    submit(page, ".join-form button")
    yield "code not found"
    page.goto("/c/ZZZZZZ")
    yield "404 unknown address"
    page.goto(f"/c/{OPEN_CODE}/start")  # a GET where only POST is allowed: the generic error
    yield "error page"
    page.goto(f"/c/{CLOSED_CODE}")
    yield "closed consultation"
    page.goto(f"/c/{NOT_YET_CODE}")
    yield "consultation not open yet"
    page.goto(f"/c/{NAMED_CODE}")
    yield "welcome asking for a name (real survey)"

    page.goto(f"/c/{OPEN_CODE}")
    yield "welcome"
    submit(page, "button.button--start")
    yield "welcome with error"
    page.check("input[name=version][value='8-11']")
    submit(page, "button.button--start")
    yield "question: info"
    press(page, "continue")
    yield "question: choice"
    press(page, "continue")
    yield "question: choice with error"
    page.check("input[name=answer][value=foster]")
    press(page, "continue")
    yield "question: scale"
    page.check("input[name=answer][value='4']")
    press(page, "continue")
    yield "question: yes_no"
    page.check("input[name=answer][value=yes]")
    press(page, "continue")
    yield "question: choices with something else"
    page.check("input[name=answer][value=other]")
    page.fill("#other_text", "Drawing")
    press(page, "continue")
    yield "question: text"
    page.fill("#answer", TOO_LONG)
    press(page, "continue")
    yield "question: text with error"
    page.fill("#answer", "All good")
    press(page, "continue")
    yield "check your answers"
    page.goto(f"/c/{OPEN_CODE}/save")
    yield "save and come back later"
    submit(page, "main form button")
    yield "save: your code"
    page.goto(f"/c/{OPEN_CODE}/check")
    submit(page, "form[action$='/submit'] button")
    yield "thank you"
    page.goto(f"/c/{OPEN_CODE}/resume")
    yield "resume"
    page.fill("#resume_code", "123")
    submit(page, "main form button")
    yield "resume with error"


def walk_survey(page: Page, code: str, locale: str) -> Iterator[str]:
    """A survey from its welcome page to "thank you", choosing the first option of every
    question so that follow-up questions appear too; yields each page's name."""
    page.goto(f"/c/{code}?lang={locale}")
    yield "welcome"
    versions = page.locator("input[name=version][type=radio]")
    if versions.count():
        versions.first.check()
    submit(page, "button.button--start")
    for _ in range(60):  # more than any survey has: a loop in the flow fails, not hangs
        if "/q/" not in page.url:
            break
        yield f"question {page.url.rsplit('/', 1)[-1]}"
        options = page.locator("input[name=answer][type=radio], input[name=answer][type=checkbox]")
        if options.count():
            options.first.check()
        elif page.locator("#answer").count():
            page.fill("#answer", "Fine")
        press(page, "continue")
    assert page.url.endswith("/check"), f"never reached 'check your answers': {page.url}"
    yield "check your answers"
    submit(page, "form[action$='/submit'] button")
    yield "thank you"


def width_checker(page: Page, problems: dict[str, Any]) -> Callable[[str], None]:
    """check(name): axe at 320 and 1280 px (and the 320 px layout rules) on the page as it is."""

    def check(name: str) -> None:
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            found: list[object] = list(axe_violations(page))
            if width == 320:
                found += layout_problems(page)
            if found:
                problems[f"{name} at {width} px"] = found

    return check


def staff_sign_in(page: Page, role: str, path: str) -> None:
    """Open a staff page, sign in on the form it redirects to as the demo account for role."""
    from voices.demo import DEMO_STAFF

    email, password, _ = next(s for s in DEMO_STAFF if s[2] == role)
    page.goto(path)
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**" + path)
