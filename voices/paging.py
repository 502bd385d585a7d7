"""Paging a list of known length: the page a query string asks for, and the slice shown.

Pure: no HTTP, no database. A page number that is not a whole number from 1 shows the first
page; one past the last page shows the last. Either way `Page.asked` keeps what was asked
for (None when it was not a page number), so the page can say what it did instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from voices.numbers import whole_number

T = TypeVar("T")

BAD = 0  # what `asked_page` returns for text that is not a page number


def asked_page(text: str | None) -> int:
    """The page number in a query string or form: 1 when absent or empty, BAD (0) when it
    is not a whole number from 1 (letters, a sign, a fraction, 0). No upper limit here:
    `page_of` clamps to the last page."""
    if not text:
        return 1
    number = whole_number(text)
    return number if number else BAD


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int  # the page shown, from 1
    pages: int  # how many pages there are (1 when the list is empty)
    total: int  # items in the whole list
    size: int
    asked: int = 1  # the page asked for; BAD when it was not a page number

    @property
    def first(self) -> int:
        """Position (from 1) of the first item shown; 0 when there is none."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def bad(self) -> bool:
        """The page asked for was not a page number (the first page is shown)."""
        return self.asked == BAD

    @property
    def beyond(self) -> bool:
        """The page asked for is past the last page (the last page is shown)."""
        return self.asked > self.pages


def pages_for(total: int, size: int) -> int:
    return max(1, -(-total // size))


def clamp(asked: int, total: int, size: int) -> int:
    """The page shown for the page asked for: BAD gives 1, past the end gives the last."""
    return min(max(1, asked), pages_for(total, size))


def page_of(items: Sequence[T], asked: int, size: int) -> Page[T]:
    number = clamp(asked, len(items), size)
    start = (number - 1) * size
    return Page(
        list(items[start : start + size]),
        number,
        pages_for(len(items), size),
        len(items),
        size,
        asked,
    )
