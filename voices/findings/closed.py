"""Closed questions tagged to a theme ("framework:theme" in Question.themes): distribution and
mean, protected. One pair of GROUP BY queries for every tagged question of a framework."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from voices.definitions.model import Survey
from voices.definitions.questions import (
    ChoicesQuestion,
    Question,
    ScaleQuestion,
    YesNoQuestion,
    _OptionsQuestion,
)
from voices.findings import disclosure as dc
from voices.findings import queries as q
from voices.i18n import pick
from voices.live.results import is_closed, option_keys
from voices.respond.display import option_label, scale_labels, yes_no_labels


@dataclass(frozen=True)
class ClosedFinding:
    question_id: str
    text: str
    kind: str  # choice, choices, scale, yes_no
    answered: dc.Shown
    options: list[tuple[str, str, dc.Shown]]  # (key, label, protected count of answered)
    mean: float | None  # scale only, when every point is shown

    @property
    def several(self) -> bool:
        """A "tick all that apply" question: its options do not add up to `answered`."""
        return self.kind == "choices"


def key_label(question: Question, key: str) -> str:
    """An option's words (never the words typed in "something else")."""
    if isinstance(question, _OptionsQuestion):
        return option_label(question, key)
    if isinstance(question, ScaleQuestion):
        return f"{key} {dict(scale_labels(question)).get(int(key), '')}".strip()
    if isinstance(question, YesNoQuestion):
        return dict(yes_no_labels()).get(key, key)
    return key


def tagged(survey: Survey | None, framework: str) -> dict[str, list[Question]]:
    """{theme id: closed questions tagged to it} for one framework, in the survey's order."""
    found: dict[str, list[Question]] = {}
    for question in survey.questions if survey else ():
        if not is_closed(question):
            continue
        for ref in question.themes:
            fid, _sep, tid = ref.partition(":")
            if fid == framework:
                found.setdefault(tid, []).append(question)
    return found


def breakdown_questions(survey: Survey | None) -> list[Question]:
    return [q for q in (survey.questions if survey else ()) if q.breakdown and is_closed(q)]


def _mean(question: Question, options: dict[str, int], hidden: bool) -> float | None:
    if not isinstance(question, ScaleQuestion) or hidden:
        return None
    total = sum(options.values())
    if not total:
        return None
    return round(sum(int(k) * n for k, n in options.items() if k.isdigit()) / total, 2)


def protect_question(
    question: Question, counts: q.ClosedCounts, rule: dc.Rule, hide: Iterable[str] = ()
) -> ClosedFinding:
    keys = option_keys(question)
    options = {k: counts.options.get(k, 0) for k in keys}
    hide = set(hide)
    if isinstance(question, ChoicesQuestion):  # ticks overlap: each is a share of answered
        cells = {k: dc.protect_share(n, counts.answered, rule) for k, n in options.items()}
        answered = dc.protect_share(counts.answered, counts.answered, rule)
    else:
        table = dc.protect_distribution(options, rule, counts.answered)
        cells, answered = dict(table.cells), table.total
    cells = {k: dc.Shown(None, None, "difference") if k in hide else v for k, v in cells.items()}
    any_hidden = answered.value is None or any(c.value is None for c in cells.values())
    return ClosedFinding(
        question_id=question.id,
        text=pick(question.text),
        kind=question.type_name,
        answered=answered,
        options=[(k, key_label(question, k), cells[k]) for k in keys],
        mean=_mean(question, options, any_hidden),
    )


def _difference_hidden(
    db: Session, cid: int, filters: q.Filters, ids: list[str], mine, rule: dc.Rule
) -> set[tuple[str, str]]:
    flat = {(qid, k): n for qid, c in mine.items() for k, n in c.options.items()}
    hidden: set[tuple[str, str]] = set()
    for neighbour in filters.neighbours():
        theirs = q.closed_counts(db, cid, neighbour, ids)
        other = {(qid, k): n for qid, c in theirs.items() for k, n in c.options.items()}
        keys = set(flat) | set(other)
        hidden |= set(
            dc.hide_differences(
                {k: flat.get(k, 0) for k in keys}, {k: other.get(k, 0) for k in keys}, rule
            )
        )
    return hidden


def closed_findings(
    db: Session, cid: int, filters: q.Filters, rule: dc.Rule, survey: Survey | None, framework: str
) -> dict[str, list[ClosedFinding]]:
    """{theme id: its closed questions' protected results}."""
    by_theme = tagged(survey, framework)
    ids = sorted({question.id for questions in by_theme.values() for question in questions})
    counts = q.closed_counts(db, cid, filters, ids)
    hidden = _difference_hidden(db, cid, filters, ids, counts, rule) if ids else set()
    done: dict[str, ClosedFinding] = {}
    for questions in by_theme.values():
        for question in questions:
            if question.id not in done:
                found = counts.get(question.id, q.ClosedCounts(0, {}))
                hide = {k for qid, k in hidden if qid == question.id}
                done[question.id] = protect_question(question, found, rule, hide)
    return {tid: [done[question.id] for question in qs] for tid, qs in by_theme.items()}
