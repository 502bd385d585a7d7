"""Breakdown filters read together with their sibling views (disclosure's recipe).

A view filtered on a breakdown question (e.g. where a child lives), or on an age version,
is one of the sibling
views of its parent (the same filters without that one): "all" minus every other option's
view would isolate a small last group, so for each breakdown filter the view builder

- shows the view only when its option is in ``allowed_groups(sizes, parent_total, rule)``
  (``Breakdown.allowed``: every option's size within the parent view), and
- hides in each table the cells that ``protect_siblings(parent, every allowed option's
  cells, rule)`` hides in this option's table, so the same cells are hidden whichever
  option is opened. Each table's counts for every option come from one GROUP BY on the
  breakdown option (voices.findings.option_queries), never one query per option.

The hidden keys go to ``protect_distribution(..., also_hide=...)`` with the view's other
protections, which can only hide more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel import Session

from voices.definitions.model import Survey
from voices.findings import disclosure as dc
from voices.findings import option_queries as oq
from voices.findings import queries as q
from voices.live.results import option_keys

ANSWERED = "_answered"
"""Key of a tick-all question's "answered" share in a question's hidden keys."""


@dataclass(frozen=True)
class Breakdown:
    """One breakdown filter of a view ("version" or "q:<question id>", as Filters.names()),
    with its parent view and its options' sizes."""

    name: str
    option: str
    parent: q.Filters
    parent_size: int
    sizes: dict[str, int]
    allowed: frozenset[str]

    def siblings(self, cells: Mapping[str | None, Mapping[str, int]]) -> dict[str, dict]:
        """Each allowed option's cells (an option nobody chose has none)."""
        return {o: dict(cells.get(o, {})) for o in sorted(self.allowed)}

    def protect(self, parent: Mapping[str, int], by: Mapping, rule: dc.Rule, totals: bool):
        """The keys of this option's table to hide, read with every allowed option."""
        sizes = {o: self.sizes[o] for o in sorted(self.allowed)} if totals else None
        tables = dc.protect_siblings(
            parent, self.siblings(by), rule, sizes, self.parent_size if totals else None
        )
        return set(tables[self.option].hidden_keys)


def breakdowns(
    db: Session, cid: int, filters: q.Filters, survey: Survey | None, rule: dc.Rule
) -> list[Breakdown]:
    """Every breakdown filter of the view (the version too: "all" minus the other versions'
    views is the last one), with the options allowed within its parent."""
    questions = {f"q:{x.id}": x for x in (survey.questions if survey else ())}
    found = []
    for name in filters.names():
        if name == "date":
            continue
        option = filters.version if name == "version" else filters.breakdown[name[2:]]
        parent = filters.without(name)
        counted = oq.option_sizes(db, cid, parent, name)
        keys = option_keys(questions[name]) if name in questions else []
        sizes = {k: counted.get(k, 0) for k in dict.fromkeys([*keys, *counted, option])}
        total = q.respondents(db, cid, parent).respondents
        allowed = frozenset(dc.allowed_groups(sizes, total, rule))
        found.append(Breakdown(name, option, parent, total, sizes, allowed))
    return found


def _sum(rows: Iterable[Mapping[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        for key, value in row.items():
            out[key] = out.get(key, 0) + value
    return out


def _split(c: q.ThemeCounts | None) -> dict[str, int]:
    return {"reviewed": c.reviewed, "suggested": c.suggested} if c else {}


def theme_counts_by_option(
    db: Session,
    cid: int,
    found: list[Breakdown],
    framework: str,
    walk: Mapping[str, Iterable[str]] | None,
) -> list[dict[str | None, dict[str, q.ThemeCounts]]]:
    """Per breakdown filter, the ThemeCounts of its parent view's respondents by option;
    under the filter's own option: the view's own counts (q.theme_counts of the view)."""
    return [oq.theme_counts_by_option(db, cid, b.parent, framework, b.name, walk) for b in found]


def theme_hidden(
    db: Session,
    cid: int,
    found: list[Breakdown],
    framework: str,
    walk: Mapping[str, Iterable[str]] | None,
    rule: dc.Rule,
    counted: list[dict[str | None, dict[str, q.ThemeCounts]]] | None = None,
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """({theme: keys of reviewed/suggested/REST to hide}, {theme: sentiments to hide}).
    counted: theme_counts_by_option's result when the caller has it already."""
    split: dict[str, set[str]] = {}
    feeling: dict[str, set[str]] = {}
    if counted is None:
        counted = theme_counts_by_option(db, cid, found, framework, walk)
    for b, by in zip(found, counted, strict=True):
        themes = {t for view in by.values() for t in view}
        for t in sorted(themes):
            cells = {o: _split(view.get(t)) for o, view in by.items()}
            split.setdefault(t, set()).update(b.protect(_sum(cells.values()), cells, rule, True))
            moods = {o: view[t].sentiment for o, view in by.items() if t in view}
            parent = _sum(moods.values())
            feeling.setdefault(t, set()).update(b.protect(parent, moods, rule, False))
    return split, feeling


def closed_counts_by_option(
    db: Session, cid: int, found: list[Breakdown], ids: Iterable[str], several: set[str]
) -> list[dict[str | None, dict[str, q.ClosedCounts]]]:
    """Per breakdown filter, closed counts of its parent view (under None) and of each
    allowed option's view (the filter's own option: the view itself)."""
    ids = list(ids)
    return [
        oq.closed_counts_by_option(db, cid, b.parent, ids, several, b.name, b.allowed)
        for b in found
    ]


def closed_hidden(
    db: Session,
    cid: int,
    found: list[Breakdown],
    questions: Iterable,
    several: set[str],
    rule: dc.Rule,
    counted: list[dict[str | None, dict[str, q.ClosedCounts]]] | None = None,
) -> dict[str, set[str]]:
    """{question id: its keys to hide}: option keys, REST (skipped) and, for a tick-all
    question, ANSWERED; each tick of a tick-all question is a share of the group.
    counted: closed_counts_by_option's result when the caller has it already."""
    questions = list(questions)
    hidden: dict[str, set[str]] = {}
    if counted is None:
        counted = closed_counts_by_option(db, cid, found, [x.id for x in questions], several)
    for b, by in zip(found, counted, strict=True):
        for question in questions:  # by[None]: the parent view
            counts = {o: view.get(question.id) for o, view in by.items()}
            parent = counts.pop(None)
            keys = hidden.setdefault(question.id, set())
            if question.id not in several:
                cells = {o: dict(c.options) for o, c in counts.items() if c}
                keys |= b.protect(dict(parent.options) if parent else {}, cells, rule, True)
                continue
            for key in [*option_keys(question), ANSWERED]:
                cells = {o: {"share": _tick(c, key)} for o, c in counts.items() if c}
                if b.protect({"share": _tick(parent, key) if parent else 0}, cells, rule, True):
                    keys.add(key)
    return hidden


def _tick(counts: q.ClosedCounts, key: str) -> int:
    return counts.answered if key == ANSWERED else counts.options.get(key, 0)
