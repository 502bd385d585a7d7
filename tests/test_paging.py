"""voices.paging: what a page number in a query string means, and the slice it shows."""

from __future__ import annotations

import pytest

from voices.paging import BAD, asked_page, page_of


@pytest.mark.parametrize(
    ("text", "asked"),
    [(None, 1), ("", 1), ("1", 1), ("2", 2), ("0002", 2), ("40", 40)]
    + [(bad, BAD) for bad in ("0", "-1", "+1", "1.5", "1e3", " 2", "two", "²", "٣", "9" * 17)],
)
def test_asked_page(text, asked):
    assert asked_page(text) == asked


def test_a_page_in_the_middle():
    page = page_of(list(range(60)), 2, 25)
    assert (page.items[0], page.items[-1], page.number, page.pages, page.total) == (
        25,
        49,
        2,
        3,
        60,
    )
    assert (page.first, page.last, page.has_previous, page.has_next) == (26, 50, True, True)
    assert not page.bad and not page.beyond


def test_past_the_end_is_the_last_page_and_remembers_what_was_asked():
    page = page_of(list(range(51)), 9, 25)
    assert (page.number, page.items, page.first, page.last) == (3, [50], 51, 51)
    assert page.beyond and page.asked == 9 and not page.has_next


def test_a_bad_number_is_the_first_page():
    page = page_of(list(range(30)), BAD, 25)
    assert page.number == 1 and page.bad and not page.beyond and len(page.items) == 25


def test_an_empty_list_has_one_empty_page():
    page = page_of([], 1, 25)
    assert (page.pages, page.first, page.last, page.has_next, page.has_previous) == (
        1,
        0,
        0,
        False,
        False,
    )
    assert page_of([], 2, 25).beyond
