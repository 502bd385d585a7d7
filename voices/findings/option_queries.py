"""The counts of a view's sibling views: the parent view's respondents by the option each
chose on one breakdown question (voices.findings.siblings protects them together).

Each function is one GROUP BY on the breakdown option (an outer join of closed_answer_fact
on that question; None: skipped it), never one query per option. Raw counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import and_, distinct, func
from sqlmodel import Session, col, select

from voices.findings.queries import (
    ClosedCounts,
    Filters,
    ThemeCounts,
    _themes,
    _walk_table,
    group_ids,
)
from voices.models import ClosedAnswerFact, ThemeMention


def chosen(consultation_id: int, question_id: str):
    """(response_id, option) of one breakdown question, as a subquery to join on response_id.

    Grouped by response (one option each: the question is single choice), so the database
    builds it once and joins it by response id (SQLite indexes it on the fly; joined to
    closed_answer_fact directly, it would scan the question's rows for every fact)."""
    rid = col(ClosedAnswerFact.response_id)
    return (
        select(rid.label("response_id"), func.min(col(ClosedAnswerFact.option)).label("option"))
        .where(
            ClosedAnswerFact.consultation_id == consultation_id,
            ClosedAnswerFact.question_id == question_id,
        )
        .group_by(rid)
        .subquery("chosen")
    )


def _breakdown_join(consultation_id: int, question_id: str):
    table = chosen(consultation_id, question_id)
    return table, table.c.response_id == ThemeMention.response_id


def theme_counts_by_option(
    db: Session,
    consultation_id: int,
    parent: Filters,
    framework: str,
    question_id: str,
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
    by_option = _breakdown_join(consultation_id, question_id)
    if walk is None:
        return _themes(db, col(ThemeMention.theme), where, by_option=by_option)
    table = _walk_table(walk)
    if table is None:
        return {}
    join = (table, and_(table.c.source == ThemeMention.theme))
    return _themes(db, table.c.target, where, join, by_option=by_option)


def option_sizes(
    db: Session, consultation_id: int, parent: Filters, question_id: str
) -> dict[str, int]:
    """Respondents of the parent view by the option they chose on one breakdown question."""
    option = col(ClosedAnswerFact.option)
    query = select(option, func.count()).where(
        ClosedAnswerFact.consultation_id == consultation_id,
        ClosedAnswerFact.question_id == question_id,
        col(ClosedAnswerFact.response_id).in_(group_ids(consultation_id, parent)),
    )
    return {key: int(n) for key, n in db.exec(query.group_by(option)).all()}


def closed_counts_by_option(
    db: Session,
    consultation_id: int,
    parent: Filters,
    question_ids: Iterable[str],
    several: Iterable[str],
    breakdown: str,
) -> dict[str | None, dict[str, ClosedCounts]]:
    """Like closed_counts for the parent view, by the option each respondent chose on the
    breakdown question (None: skipped it): one GROUP BY (question, option, breakdown option),
    and one more for the respondents of "tick all that apply" questions."""
    wanted = sorted(set(question_ids))
    if not wanted:
        return {}
    fact, other = ClosedAnswerFact, chosen(consultation_id, breakdown)
    qid, option, rid = col(fact.question_id), col(fact.option), col(fact.response_id)
    on = other.c.response_id == fact.response_id
    where = [
        fact.consultation_id == consultation_id,
        qid.in_(wanted),
        rid.in_(group_ids(consultation_id, parent)),
    ]
    rows = db.exec(
        select(qid, option, other.c.option, func.count())
        .outerjoin(other, on)
        .where(*where)
        .group_by(qid, option, other.c.option)
    ).all()
    found: dict[str | None, dict[str, dict[str, int]]] = {}
    for question_id, key, group, number in rows:
        found.setdefault(group, {}).setdefault(question_id, {})[key] = int(number)
    answered = {g: {q: sum(o.values()) for q, o in view.items()} for g, view in found.items()}
    ticks = sorted(set(several) & set(wanted))
    if ticks:
        where[1] = qid.in_(ticks)
        query = select(qid, other.c.option, func.count(distinct(rid))).outerjoin(other, on)
        for question_id, group, number in db.exec(
            query.where(*where).group_by(qid, other.c.option)
        ).all():
            answered[group][question_id] = int(number)
    return {
        g: {q: ClosedCounts(answered[g][q], options) for q, options in view.items()}
        for g, view in found.items()
    }
