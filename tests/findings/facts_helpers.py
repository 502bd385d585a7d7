"""Facts written straight into the tables, so query tests need no answers, reviews or engine."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlmodel import Session

from voices.models import (
    ClosedAnswerFact,
    Consultation,
    GroupNote,
    Organisation,
    Response,
    ThemeMention,
    utcnow,
)

_keys = itertools.count(1)


def organisation(session: Session, slug: str = "facts-council", threshold: int = 5) -> Organisation:
    org = Organisation(slug=slug, name="Facts Council", disclosure_threshold=threshold)
    session.add(org)
    session.flush()
    return org


def consultation(
    session: Session, org: Organisation, title: str = "Round 2", previous: int | None = None
) -> Consultation:
    row = Consultation(
        organisation_id=org.id,
        title=title,
        survey_id="my-life-in-care",
        join_code=f"F{next(_keys):05d}",
        versions=["8-11", "12-17"],
        locales=["en"],
        frameworks=["shanarri", "promise"],
        previous_round_id=previous,
    )
    session.add(row)
    session.flush()
    return row


def respondent(
    session: Session,
    c: Consultation,
    *,
    version: str = "8-11",
    status: str = "submitted",
    when: datetime | None = None,
    closed: dict[str, str] | None = None,
    themes: list[tuple[str, str, bool, str]] = (),
) -> Response:
    """One response; closed: {question: option}; themes: (framework, theme, reviewed, sentiment)."""
    n = next(_keys)
    when = when or utcnow()
    row = Response(
        consultation_id=c.id,
        start_key=f"sk{n}",
        token_hash=f"th{n}",
        version=version,
        locale="en",
        status=status,
        created_at=when - timedelta(minutes=5),
        submitted_at=when if status == "submitted" else None,
    )
    session.add(row)
    session.flush()
    if status != "submitted":
        return row
    for question, option in (closed or {}).items():
        number = int(option) if option.isdigit() else None
        session.add(
            ClosedAnswerFact(
                consultation_id=c.id,
                response_id=row.id,
                question_id=question,
                option=option,
                number=number,
            )
        )
    for framework, theme, reviewed, sentiment in themes:
        session.add(
            ThemeMention(
                consultation_id=c.id,
                response_id=row.id,
                question_id="one-change",
                framework=framework,
                theme=theme,
                reviewed=reviewed,
                sentiment=sentiment,
            )
        )
    session.flush()
    return row


def group_note(session: Session, c: Consultation, themes: list[tuple[str, str, str]]) -> GroupNote:
    note = GroupNote(
        organisation_id=c.organisation_id,
        consultation_id=c.id,
        text="notes",
        participants=6,
        age_min=12,
        age_max=15,
    )
    session.add(note)
    session.flush()
    for framework, theme, sentiment in themes:
        session.add(
            ThemeMention(
                consultation_id=c.id,
                group_note_id=note.id,
                framework=framework,
                theme=theme,
                reviewed=True,
                sentiment=sentiment,
            )
        )
    session.flush()
    return note
