"""Reading the findings' fact tables as plain tuples, so tests compare them as multisets."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from voices.models import ClosedAnswerFact, ThemeMention


def closed(session: Session, consultation_id: int) -> Counter:
    session.expire_all()
    rows = session.exec(
        select(ClosedAnswerFact).where(ClosedAnswerFact.consultation_id == consultation_id)
    )
    return Counter((r.response_id, r.question_id, r.option, r.number) for r in rows)


def mentions(session: Session, consultation_id: int) -> Counter:
    session.expire_all()
    rows = session.exec(select(ThemeMention).where(ThemeMention.consultation_id == consultation_id))
    return Counter(
        (
            r.response_id,
            r.answer_id,
            r.group_note_id,
            r.question_id,
            r.framework,
            r.theme,
            r.reviewed,
            r.sentiment,
        )
        for r in rows
    )


def themes_of(session: Session, consultation_id: int, **where) -> set[tuple[str, str, bool]]:
    """(framework, theme, reviewed) of one item's mentions (answer_id= or group_note_id=)."""
    found = set()
    for row in mentions(session, consultation_id):
        response_id, answer_id, note_id, _qid, framework, theme, reviewed, _s = row
        item = {"answer_id": answer_id, "group_note_id": note_id}
        if all(item[k] == v for k, v in where.items()):
            found.add((framework, theme, reviewed))
    return found
