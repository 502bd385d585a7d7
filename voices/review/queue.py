"""The review queue's rules: an item's status, filters and pages (no HTTP, no DB).

An item is one free-text answer or one group note, keyed ("answer", id) or ("note", id).
Reviews are anything with `themes` ({framework: [theme ids]}), `blind` and `reviewer_id`,
oldest first, so the first one that is not blind is the agreed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from voices.numbers import record_id, whole_number

UNREVIEWED, REVIEWED, DISAGREEMENT = "unreviewed", "reviewed", "disagreement"
STATUSES = (UNREVIEWED, REVIEWED, DISAGREEMENT)
SENTIMENTS = ("positive", "negative", "mixed", "neutral")
NOTES = "notes"  # the question filter's value for group notes
ItemKey = tuple[str, int]


class ReviewLike(Protocol):
    themes: dict[str, list[str]]
    blind: bool
    reviewer_id: int


def theme_set(themes: Mapping[str, Iterable[str]]) -> frozenset[str]:
    """{framework: [ids]} as a set of "framework:theme", so two codings compare as equal
    whatever their order or empty frameworks."""
    return frozenset(f"{fw}:{theme}" for fw, ids in themes.items() for theme in ids)


def agreed(reviews: Sequence[ReviewLike]) -> ReviewLike | None:
    """The first review that was not blind: the item's agreed codes."""
    return next((r for r in reviews if not r.blind), None)


def item_status(reviews: Sequence[ReviewLike]) -> str:
    """disagreement when two reviewers' themes differ; reviewed when an agreed (not blind)
    review exists; otherwise unreviewed (a blind review alone agrees nothing yet)."""
    if len({theme_set(r.themes) for r in reviews}) > 1:
        return DISAGREEMENT
    return REVIEWED if agreed(reviews) is not None else UNREVIEWED


def suggested(suggestions: Mapping[str, Any]) -> dict[str, list[str]]:
    """The engine's themes per framework, from stored suggestions."""
    return {
        fw: [str(s.get("theme")) for s in entries or () if s.get("theme")]
        for fw, entries in suggestions.items()
    }


@dataclass
class Item:
    key: ItemKey
    question_id: str  # "" for a group note
    sentiment: str
    suggestions: dict[str, Any]
    reviews: list[Any] = field(default_factory=list)  # oldest first

    def mine(self, reviewer_id: int) -> Any | None:
        return next((r for r in self.reviews if r.reviewer_id == reviewer_id), None)

    def status(self, reviewer_id: int, blind: bool) -> str:
        """In blind mode only the reviewer's own work counts: others' are not to be seen."""
        if blind:
            return REVIEWED if self.mine(reviewer_id) is not None else UNREVIEWED
        return item_status(self.reviews)

    def themes_seen(self, reviewer_id: int, blind: bool) -> frozenset[str]:
        """Themes the theme filter matches: suggested or reviewed (blind: own codes only)."""
        mine = self.mine(reviewer_id)
        if blind:
            return theme_set(mine.themes) if mine is not None else frozenset()
        found = set(theme_set(suggested(self.suggestions)))
        for review in self.reviews:
            found |= theme_set(review.themes)
        return frozenset(found)


@dataclass(frozen=True)
class Filters:
    theme: str = ""  # "framework:theme"
    status: str = ""
    sentiment: str = ""
    question: str = ""  # a question id, or NOTES
    page: int = 1

    def query(self, **change: Any) -> dict[str, str]:
        """The filters as query parameters (ids and words from fixed lists, never free text)."""
        values = {**self.__dict__, **change}
        return {k: str(v) for k, v in values.items() if v and not (k == "page" and v == 1)}


def read_filters(get: Any, themes: Iterable[str], questions: Iterable[str]) -> Filters:
    """Filters from query parameters; anything not on the page's own lists is ignored."""
    page = get("page", "1")
    return Filters(
        theme=_known(get("theme", ""), themes),
        status=_known(get("status", ""), STATUSES),
        sentiment=_known(get("sentiment", ""), SENTIMENTS),
        question=_known(get("question", ""), [*questions, NOTES]),
        page=whole_number(page, 99_999) or 1,
    )


def _known(value: str, allowed: Iterable[str]) -> str:
    return value if value in set(allowed) else ""


def matches(item: Item, filters: Filters, reviewer_id: int, blind: bool) -> bool:
    if filters.status and item.status(reviewer_id, blind) != filters.status:
        return False
    # Sentiment is the engine's reading: blind mode hides it, so its filter is ignored there.
    if filters.sentiment and not blind and item.sentiment != filters.sentiment:
        return False
    if filters.question:
        wanted = "" if filters.question == NOTES else filters.question
        if item.question_id != wanted or (wanted == "" and item.key[0] != "note"):
            return False
    return not filters.theme or filters.theme in item.themes_seen(reviewer_id, blind)


def page_of(items: Sequence[Item], page: int, per_page: int) -> tuple[list[Item], int, int]:
    """(items on the page, the page number actually shown, number of pages)."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return list(items[start : start + per_page]), page, pages


def chosen_themes(
    values: Iterable[str], allowed: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Ticked "framework:theme" boxes as {framework: [ids]}, in codebook order; values not
    offered on the form (another framework, a made-up id) raise ValueError."""
    picked = set(values)
    offered = {f"{fw}:{t}" for fw, ids in allowed.items() for t in ids}
    unknown = picked - offered
    if unknown:
        raise ValueError(f"themes not offered for this consultation: {sorted(unknown)}")
    return {fw: [t for t in ids if f"{fw}:{t}" in picked] for fw, ids in allowed.items()}


def accepted(
    suggestions: Mapping[str, Any], allowed: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """The engine's suggestions as a reviewer's themes (frameworks and themes still offered)."""
    values = [
        f"{fw}:{theme}"
        for fw, ids in suggested(suggestions).items()
        for theme in ids
        if theme in allowed.get(fw, ())
    ]
    return chosen_themes(values, allowed)


def parse_key(raw: str) -> ItemKey | None:
    """ "answer:12" or "note:3" from a form; None for anything else."""
    kind, _, number = raw.partition(":")
    if kind not in ("answer", "note") or (found := record_id(number)) is None:
        return None
    return kind, found


def key_text(key: ItemKey) -> str:
    return f"{key[0]}:{key[1]}"
