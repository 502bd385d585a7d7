"""Layout that holds on a small phone: text at 200% (WCAG 1.4.4 resize text, 1.4.10 reflow)
and prefers-reduced-motion (WCAG 2.3.3, a kindness to children who get motion sick)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import DEMO_CODES, OPEN_CODE, PageFactory
from tests.browser.helpers import layout_problems, report, tour, walk_survey

pytestmark = pytest.mark.browser

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Every element's (and pseudo-element's) transition and animation time, summed: 0 when still.
MOTION_JS = """() => {
  let total = 0;
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      for (const d of `${s.transitionDuration},${s.animationDuration}`.split(',')) {
        total += parseFloat(d) || 0;
      }
    }
  }
  return total;
}"""

# Motion a future stylesheet might add: the reduced-motion rule must switch it off too.
SOME_MOTION = """
.button { transition: background-color 2s; }
.radios__label::before { transition: box-shadow 1s; }
.panel, .error-summary { animation: pulse 3s infinite; }
@keyframes pulse { from { opacity: 0.5; } to { opacity: 1; } }
"""


def double_the_text(page: Page) -> list[str]:
    """The browser's "text size 200%": every rem and em in the stylesheet doubles."""
    sizes = page.evaluate("""() => {
      const size = () => parseFloat(getComputedStyle(document.body).fontSize);
      document.documentElement.style.fontSize = '';
      const before = size();
      document.documentElement.style.fontSize = '200%';
      return [before, size()];
    }""")
    assert sizes[1] == 2 * sizes[0]
    return layout_problems(page)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_text_at_200_percent_fits(open_page: PageFactory, locale: str) -> None:
    page = open_page(320)
    problems = {}
    for name in tour(page, locale):
        for width in (320, 640):  # each page at both widths, the journey walked once
            page.set_viewport_size({"width": width, "height": 800})
            if found := double_the_text(page):
                problems[f"{name} at {width} px ({page.url})"] = found
    assert problems == {}, report(problems)


@pytest.mark.parametrize("code", DEMO_CODES)
def test_starter_surveys_fit_a_phone_at_200_percent(open_page: PageFactory, code: str) -> None:
    """The real surveys' own English words, every page, at 320 px with text at 200%."""
    page = open_page(320)
    problems = {
        f"{name} ({page.url})": found
        for name in walk_survey(page, code, "en")
        if (found := double_the_text(page))
    }
    assert problems == {}, report(problems)


def test_reduced_motion_is_respected(open_page: PageFactory) -> None:
    page = open_page(1280)
    page.emulate_media(reduced_motion="reduce")
    for path in ("/", f"/c/{OPEN_CODE}"):
        page.goto(path)
        assert page.evaluate(MOTION_JS) == 0, f"{path} moves with reduced motion asked for"
        page.add_style_tag(content=SOME_MOTION)
        assert page.evaluate(MOTION_JS) == 0, f"{path}: added motion is not switched off"

    page.emulate_media(reduced_motion="no-preference")  # the check itself can see motion
    assert page.evaluate(MOTION_JS) > 0


# Where the bottom of "Start now" may be: one phone screen, the first thing a child sees.
PHONE_SCREEN = 640


@pytest.mark.parametrize(("width", "locale"), [(320, "en"), (320, "ar"), (375, "en")])
def test_start_now_is_on_the_first_phone_screen(
    open_page: PageFactory, width: int, locale: str
) -> None:
    page = open_page(width, PHONE_SCREEN)
    page.goto(f"/c/MYCARE?lang={locale}")
    box = page.locator("button.button--start").bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE_SCREEN, box
    assert not page.is_visible(".details__text"), "the details wait one tap away"
    page.click(".details__summary")
    assert page.is_visible(".details__text")
    assert layout_problems(page) == []


def test_check_your_answers_fits_in_less_scrolling(open_page: PageFactory) -> None:
    """Was 16 rows each with a "Change" link, over 3,000 px on a phone."""
    page = open_page(320)
    for _ in walk_survey_to_check(page, "MYCARE"):
        pass
    height = page.evaluate("document.documentElement.scrollHeight")
    links = page.locator("main .answers__link")
    assert links.count() == 14, "every answer (5-7 version) can still be changed"
    assert height < 2200, height  # 1,921 px when written
    # Each row is one link, question and answer together: no separate "Change" links.
    assert page.locator("main a").count() == links.count()
    assert layout_problems(page) == []


def walk_survey_to_check(page: Page, code: str):
    for name in walk_survey(page, code, "en"):
        if name == "check your answers":
            return
        yield name


def test_phone_numbers_read_left_to_right_on_an_arabic_page(open_page: PageFactory) -> None:
    page = open_page(320)
    page.goto("/c/MYCARE?lang=ar")
    # Where "0800" and "1111" are drawn: on a right-to-left line the first group must still
    # be on the left.
    lefts = page.evaluate("""() => {
      const number = document.querySelector('footer bdi[dir=ltr]');
      const text = number.firstChild;
      const at = (start, end) => {
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, end);
        return range.getBoundingClientRect().left;
      };
      return [number.textContent, at(0, 4), at(5, 9)];
    }""")
    assert lefts[0] == "0800 1111"
    assert lefts[1] < lefts[2], "0800 is drawn left of 1111"
