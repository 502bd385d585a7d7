"""Closed questions tagged to a theme ("framework:theme" in Question.themes): distribution and
mean, protected. One pair of GROUP BY queries for every tagged question of a framework."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

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
from voices.findings.siblings import ANSWERED, Breakdown, closed_counts_by_option, closed_hidden
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


def protect_question(
    question: Question,
    counts: q.ClosedCounts,
    rule: dc.Rule,
    hide: Iterable[str] = (),
    base: int | None = None,
) -> ClosedFinding:
    """One question's protected results. base: the group's respondents (default: those who
    answered), so that "skipped" (base - answered) is protected like an answer; every count
    is a share of it. hide: keys to hide whatever their size (option keys, dc.REST, and
    siblings.ANSWERED for a tick-all question)."""
    keys = option_keys(question)
    options = {k: counts.options.get(k, 0) for k in keys}
    base = counts.answered if base is None else base
    hide = set(hide)
    mean = None
    if isinstance(question, ChoicesQuestion):  # ticks overlap: each is a share of the group
        cells = {k: _share(n, base, rule, k in hide) for k, n in options.items()}
        answered = _share(counts.answered, base, rule, ANSWERED in hide)
    else:
        table = dc.protect_distribution(options, rule, base, also_hide=hide)
        cells, answered = dict(table.cells), _answered(counts.answered, base, table, rule)
        if isinstance(question, ScaleQuestion):
            mean = dc.protect_mean(table, options, rule)
    return ClosedFinding(
        question_id=question.id,
        text=pick(question.text),
        kind=question.type_name,
        answered=answered,
        options=[(k, key_label(question, k), cells[k]) for k in keys],
        mean=mean,
    )


def _answered(count: int, base: int, table: dc.Table, rule: dc.Rule) -> dc.Shown:
    """Those who answered: the group less those who skipped (the table's rest), so shown
    exactly when that remainder is (and not small)."""
    rest = table.rest
    if table.total.hidden or rest is None or rest.hidden:
        return dc.Shown(None, None, "small" if rule.small(count) else "secondary", rule.threshold)
    if rule.small(count):
        return dc.Shown(None, None, "small", rule.threshold)
    value = rule.round(count)
    shown = table.total.value or 0
    percent = round(100 * value / shown, 1) if shown else None
    return dc.Shown(value, percent, "rounded" if rule.rounding > 1 else "")


def _share(count: int, base: int, rule: dc.Rule, hide: bool) -> dc.Shown:
    also = {"share"} if hide else set()
    return dc.protect_distribution({"share": count}, rule, base, also_hide=also).cells["share"]


def _several(by_theme: dict[str, list[Question]]) -> set[str]:
    return {x.id for qs in by_theme.values() for x in qs if isinstance(x, ChoicesQuestion)}


def _difference_hidden(mine, neighbours, rule: dc.Rule) -> set[tuple[str, str]]:
    flat = {(qid, k): n for qid, c in mine.items() for k, n in c.options.items()}
    hidden: set[tuple[str, str]] = set()
    for theirs in neighbours:
        other = {(qid, k): n for qid, c in theirs.items() for k, n in c.options.items()}
        keys = set(flat) | set(other)
        hidden |= set(
            dc.hide_differences(
                {k: flat.get(k, 0) for k in keys}, {k: other.get(k, 0) for k in keys}, rule
            )
        )
    return hidden


def _key(view: q.Filters) -> tuple:
    return (view.version, tuple(sorted(view.breakdown.items())), view.date_from, view.date_to)


def _view_counts(
    db: Session,
    cid: int,
    views: list[q.Filters],
    ids: list[str],
    several: set[str],
    found: list[Breakdown],
    by_option: list[dict],
) -> list[dict[str, q.ClosedCounts]]:
    """q.closed_counts of each view, reusing the sibling counts already read: a breakdown
    filter's parent view is its counts under None, the view itself under its own option
    (the same GROUP BY over the same group); only the other views are counted again."""
    known: dict[tuple, dict[str, q.ClosedCounts]] = {}
    for b, by in zip(found, by_option, strict=True):
        if not by:
            continue
        known[_key(b.parent)] = by[None]
        if b.option in by:
            known[_key(replace(b.parent, **_back(b)))] = by[b.option]
    missing = [v for v in views if _key(v) not in known]
    fresh = q.closed_counts(db, cid, missing, ids, several)
    counted = dict(zip(map(_key, missing), fresh, strict=True))
    return [known.get(_key(v), counted.get(_key(v))) for v in views]


def _back(b: Breakdown) -> dict:
    """The filter `b` dropped from its parent, as replace() arguments."""
    if b.name == "version":
        return {"version": b.option}
    return {"breakdown": {**b.parent.breakdown, b.name.removeprefix("q:"): b.option}}


def closed_findings(
    db: Session,
    cid: int,
    filters: q.Filters,
    rule: dc.Rule,
    survey: Survey | None,
    framework: str,
    base: int | None = None,
    found: list[Breakdown] = (),
) -> dict[str, list[ClosedFinding]]:
    """{theme id: its closed questions' protected results}. base: the group's respondents
    (each question's total); found: the view's breakdown filters (voices.findings.siblings)."""
    by_theme = tagged(survey, framework)
    ids = sorted({question.id for questions in by_theme.values() for question in questions})
    several = _several(by_theme)
    found = list(found)
    by_option = closed_counts_by_option(db, cid, found, ids, several)
    views = [filters, *filters.neighbours()]
    counts, *neighbours = _view_counts(db, cid, views, ids, several, found, by_option)
    hidden = _difference_hidden(counts, neighbours, rule)
    questions = {x.id: x for qs in by_theme.values() for x in qs}
    joint = closed_hidden(db, cid, found, questions.values(), several, rule, by_option)
    done: dict[str, ClosedFinding] = {}
    for question in questions.values():
        got = counts.get(question.id, q.ClosedCounts(0, {}))
        hide = {k for qid, k in hidden if qid == question.id} | joint.get(question.id, set())
        done[question.id] = protect_question(question, got, rule, hide, base)
    return {tid: [done[question.id] for question in qs] for tid, qs in by_theme.items()}
