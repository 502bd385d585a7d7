"""The counts of a view's sibling views: the parent view's respondents by their option of
one breakdown, the age version or a breakdown question (voices.findings.siblings protects
them together).

Each function is one GROUP BY on the breakdown option (an outer join of closed_answer_fact
on that question; None: skipped it), never one query per option. Raw counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, func
from sqlmodel import Session, col, select

from voices.findings.queries import (
    ClosedCounts,
    Filters,
    ThemeCounts,
    _walk_table,
    by_option_rows,
    group_ids,
)
from voices.models import ClosedAnswerFact, Response, ThemeMention


def chosen(consultation_id: int, name: str):
    """(response_id, option) of one breakdown ("version", or "q:<question id>"), as a
    subquery to join on response_id.

    A question's is grouped by response (one option each: the question is single choice), so
    the database builds it once and joins it by response id (SQLite indexes it on the fly;
    joined to closed_answer_fact directly, it would scan the question's rows for every fact)."""
    if name == "version":
        return (
            select(col(Response.id).label("response_id"), col(Response.version).label("option"))
            .where(Response.consultation_id == consultation_id)
            .subquery("chosen")
        )
    rid = col(ClosedAnswerFact.response_id)
    return (
        select(rid.label("response_id"), func.min(col(ClosedAnswerFact.option)).label("option"))
        .where(
            ClosedAnswerFact.consultation_id == consultation_id,
            ClosedAnswerFact.question_id == name.removeprefix("q:"),
        )
        .group_by(rid)
        .subquery("chosen")
    )


def _breakdown_join(consultation_id: int, name: str):
    table = chosen(consultation_id, name)
    return table, table.c.response_id == ThemeMention.response_id


def theme_counts_by_option(
    db: Session,
    consultation_id: int,
    parent: Filters,
    framework: str,
    name: str,
    walk: Mapping[str, Iterable[str]] | None = None,
) -> dict[str | None, dict[str, ThemeCounts]]:
    """ThemeCounts of the parent view's respondents, by the option each chose on one
    breakdown question (single choice; None: skipped it): the sibling views of that filter,
    in three GROUP BYs. walk: count `framework`'s codes by another framework's themes."""
    where = [
        ThemeMention.consultation_id == consultation_id,
        ThemeMention.framework == framework,
        col(ThemeMention.response_id).in_(group_ids(consultation_id, parent)),
    ]
    by_option = _breakdown_join(consultation_id, name)
    if walk is None:
        return _themes_by_option(db, col(ThemeMention.theme), where, None, by_option)
    table = _walk_table(walk)
    if table is None:
        return {}
    join = (table, and_(table.c.source == ThemeMention.theme))
    return _themes_by_option(db, table.c.target, where, join, by_option)


def _first(value) -> tuple:
    return (value is not None, value if value is not None else "")


def _themes_by_option(db: Session, key, where: list, join, by_option) -> dict:
    """What queries._themes(..., by_option=...) returns, from one GROUP BY (theme, option,
    respondent, reviewed, sentiment) instead of three: the parent view's mentions are read
    once, and the distinct respondents counted here."""
    rid = col(ThemeMention.response_id)
    reviewed, feeling = col(ThemeMention.reviewed), col(ThemeMention.sentiment)
    groups = [key, by_option[0].c.option, rid, reviewed, feeling]
    query = select(*groups, func.count()).select_from(ThemeMention)
    query = query.join(*join) if join is not None else query
    query = query.outerjoin(*by_option).where(*where).group_by(*groups)
    people: dict[tuple, set] = {}
    notes: dict[tuple, int] = {}
    kinds: dict[tuple, set] = {}
    moods: dict[tuple, int] = {}
    for theme, option, response, review, mood, count in db.exec(query).all():
        people.setdefault((theme, option), set())
        notes[(theme, option)] = notes.get((theme, option), 0)
        if response is None:
            notes[(theme, option)] += int(count)
        else:
            people[(theme, option)].add(response)
            kinds.setdefault((theme, option, review), set()).add(response)
        moods[(theme, option, mood)] = moods.get((theme, option, mood), 0) + int(count)
    order = sorted(people, key=lambda k: (_first(k[0]), _first(k[1])))
    wholes = [(t, o, len(people[(t, o)]), notes[(t, o)]) for t, o in order]
    kind_rows = [(t, o, r, len(ids)) for (t, o, r), ids in kinds.items() if ids]
    feelings = [(t, o, m, n) for (t, o, m), n in moods.items()]
    return by_option_rows(wholes, kind_rows, feelings)


def option_sizes(db: Session, consultation_id: int, parent: Filters, name: str) -> dict[str, int]:
    """Respondents of the parent view by their option of one breakdown (see `chosen`)."""
    table = chosen(consultation_id, name)
    query = select(table.c.option, func.count()).where(
        table.c.response_id.in_(group_ids(consultation_id, parent))
    )
    rows = db.exec(query.group_by(table.c.option)).all()
    return {key: int(n) for key, n in rows if key is not None}


def closed_counts_by_option(
    db: Session,
    consultation_id: int,
    parent: Filters,
    question_ids: Iterable[str],
    several: Iterable[str],
    name: str,
    options: Iterable[str],
) -> dict[str | None, dict[str, ClosedCounts]]:
    """Like closed_counts for the parent view (under None) and for each of `options` of the
    breakdown `name` (see `chosen`): one GROUP BY (question, option) read in the covering
    index's order, a column per breakdown option, and one more for the respondents of
    "tick all that apply" questions."""
    wanted, groups = sorted(set(question_ids)), [None, *sorted(set(options))]
    if not wanted:
        return {}
    split = _Split(db, consultation_id, parent, name, groups)
    qid, option = col(ClosedAnswerFact.question_id), col(ClosedAnswerFact.option)

    def count(test):
        return func.count() if test is None else func.sum(case((test, 1), else_=0))

    found: dict[str | None, dict[str, dict[str, int]]] = {g: {} for g in groups}
    for (question_id, key), numbers in split.rows(wanted, (qid, option), count):
        for g, number in zip(groups, numbers, strict=True):
            if number:
                found[g].setdefault(question_id, {})[key] = int(number)
    answered = {g: {q: sum(o.values()) for q, o in view.items()} for g, view in found.items()}
    # A "tick all that apply" question was answered by its respondents, not its ticks.
    rid = col(ClosedAnswerFact.response_id)

    def people(test):
        return func.count(distinct(rid if test is None else case((test, rid))))

    ticks = sorted(set(several) & set(wanted))
    if ticks:
        for (question_id,), numbers in split.rows(ticks, (qid,), people):
            for g, number in zip(groups, numbers, strict=True):
                if number:
                    answered[g][question_id] = int(number)
    return {
        g: {q: ClosedCounts(answered[g][q], opts) for q, opts in view.items()}
        for g, view in found.items()
    }


@dataclass(frozen=True)
class _Split:
    """Closed answer facts of a parent view, outer-joined to each respondent's option of one
    breakdown: one GROUP BY gives a column per group (None: the whole parent view)."""

    db: Session
    consultation_id: int
    parent: Filters
    name: str
    groups: list[str | None]

    def rows(
        self, question_ids: list[str], keys: tuple, measure: Callable
    ) -> list[tuple[tuple, tuple]]:
        """(keys, a number per group) for each group of `keys`; `measure(test)` counts the
        facts that pass `test` (None: every one)."""
        fact, other = ClosedAnswerFact, chosen(self.consultation_id, self.name)
        tests = [None] + [other.c.option == g for g in self.groups[1:]]
        query = (
            select(*keys, *(measure(t) for t in tests))
            .outerjoin(other, other.c.response_id == fact.response_id)
            .where(
                fact.consultation_id == self.consultation_id,
                col(fact.question_id).in_(question_ids),
                col(fact.response_id).in_(group_ids(self.consultation_id, self.parent)),
            )
            .group_by(*keys)
        )
        return [(row[: len(keys)], row[len(keys) :]) for row in self.db.exec(query).all()]
