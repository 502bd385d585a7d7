"""What the review screen shows of each item, built from the store's rows (no queries)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from voices.i18n import gettext as _
from voices.review import highlight, queue
from voices.review.coding import frameworks
from voices.review.queue import Item
from voices.staff.review.store import Detail


@dataclass(frozen=True)
class Box:
    value: str  # "framework:theme"
    label: str
    checked: bool
    suggested: bool


@dataclass(frozen=True)
class Group:
    framework: str
    title: str
    boxes: list[Box]


@dataclass
class Row:
    item: Item
    anchor: str
    heading: str
    words: Markup
    status: str
    groups: list[Group]
    mine: Any | None
    locked: str = ""  # why this reviewer cannot save here, in this mode
    others: list[tuple[str, bool, str]] = field(default_factory=list)  # name, blind, themes
    suggested: list[tuple[str, str]] = field(default_factory=list)  # framework title, themes
    note: Any | None = None


def allowed_themes(chosen: list[str]) -> dict[str, list[str]]:
    """{framework: [theme ids]} for each framework chosen for the consultation that exists."""
    known = frameworks()
    return {fw: list(known[fw].theme_ids) for fw in chosen if fw in known}


def label(framework_id: str, theme_id: str) -> str:
    framework = frameworks().get(framework_id)
    theme = framework.theme(theme_id) if framework else None
    return theme.label if theme else theme_id


def _themes_text(themes: Mapping[str, list[str]]) -> str:
    labels = [label(fw, t) for fw, ids in themes.items() for t in ids]
    return ", ".join(labels) or _("no themes")


def _groups(item: Item, allowed: dict[str, list[str]], mine: Any, blind: bool) -> list[Group]:
    suggested = queue.theme_set(queue.suggested(item.suggestions)) if not blind else frozenset()
    ticked = queue.theme_set(mine.themes) if mine is not None else suggested
    return [
        Group(
            fw,
            frameworks()[fw].title,
            [
                Box(f"{fw}:{t}", label(fw, t), f"{fw}:{t}" in ticked, f"{fw}:{t}" in suggested)
                for t in ids
            ],
        )
        for fw, ids in allowed.items()
    ]


def _locked(mine: Any, blind: bool) -> str:
    if mine is not None and mine.blind != blind:
        return refusal("open_first" if blind else "blind_first")
    return ""


def row(
    item: Item,
    detail: Detail,
    question: str,
    allowed: dict[str, list[str]],
    reviewer_id: int,
    blind: bool,
    names: Mapping[int, str],
) -> Row:
    mine = item.mine(reviewer_id)
    if blind:
        words = escape(detail.text)  # Markup, with the child's words escaped
    else:
        spans = highlight.spans_of(item.suggestions, label)
        words = highlight.render(highlight.pieces(detail.text, spans), _("evidence for"))
    result = Row(
        item=item,
        anchor=f"item-{item.key[0]}-{item.key[1]}",
        heading=question,
        words=words,
        status=item.status(reviewer_id, blind),
        groups=_groups(item, allowed, mine, blind),
        mine=mine,
        locked=_locked(mine, blind),
        note=detail.note,
    )
    if not blind:  # blind: nobody else's codes and none of the engine's
        result.others = [
            (names.get(r.reviewer_id, "?"), r.blind, _themes_text(r.themes))
            for r in item.reviews
            if r.reviewer_id != reviewer_id
        ]
        result.suggested = [
            (frameworks()[fw].title, _themes_text({fw: ids}))
            for fw, ids in queue.suggested(item.suggestions).items()
            if fw in frameworks()
        ]
    return result


def refusal(code: str) -> str:
    """The precise message for a review the store would not save."""
    if code == "open_first":
        return _("You reviewed this openly, so you cannot code it blind.")
    return _("You coded this blind. Change it in blind mode, so the agreement stays honest.")
