"""Queries for the rights pages. Every one is scoped to one organisation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_
from sqlmodel import Session, col, select

from voices.models import (
    Answer,
    AnswerCoding,
    CodeReview,
    Consultation,
    QuoteApproval,
    Response,
    SafeguardingAlert,
)
from voices.staff.rights.forms import Search, same_words


@dataclass(frozen=True)
class Match:
    response: Response
    consultation: Consultation
    on_name: bool
    on_reference: bool


def search(db: Session, organisation_id: int, terms: Search) -> list[Match]:
    """Named responses in this organisation whose name or reference matches (see same_words).

    Reads only the rows that hold a name or a reference (anonymous responses hold neither)
    and compares in Python, so the match is the same on SQLite and PostgreSQL.
    """
    rows = db.exec(
        select(Response, Consultation)
        .join(Consultation, col(Consultation.id) == Response.consultation_id)
        .where(Consultation.organisation_id == organisation_id)
        .where(
            or_(col(Response.respondent_name).is_not(None), col(Response.reference).is_not(None))
        )
        .order_by(col(Response.created_at), col(Response.id))
    ).all()
    found = []
    for response, consultation in rows:
        on_name = bool(terms.name) and same_words(response.respondent_name, terms.name)
        on_ref = bool(terms.reference) and same_words(response.reference, terms.reference)
        if on_name or on_ref:
            found.append(Match(response, consultation, on_name, on_ref))
    return found


def responses_in(
    db: Session, organisation_id: int, ids: Sequence[int]
) -> list[tuple[Response, Consultation]]:
    """The chosen responses that belong to this organisation (others' ids are dropped)."""
    if not ids:
        return []
    return list(
        db.exec(
            select(Response, Consultation)
            .join(Consultation, col(Consultation.id) == Response.consultation_id)
            .where(Consultation.organisation_id == organisation_id)
            .where(col(Response.id).in_(list(ids)))
            .order_by(col(Response.created_at), col(Response.id))
        ).all()
    )


@dataclass
class Held:
    """Every row hanging off a set of responses, grouped for the document."""

    answers: dict[int, list[Answer]] = field(default_factory=dict)  # by response id
    codings: dict[int, AnswerCoding] = field(default_factory=dict)  # by answer id
    reviews: dict[int, CodeReview] = field(default_factory=dict)  # agreed, by answer id
    quotes: dict[int, QuoteApproval] = field(default_factory=dict)  # by answer id
    alerts: dict[int, list[SafeguardingAlert]] = field(default_factory=dict)  # by response id


def held_for(db: Session, response_ids: Sequence[int]) -> Held:
    held = Held()
    ids = list(response_ids)
    if not ids:
        return held
    answers = db.exec(
        select(Answer).where(col(Answer.response_id).in_(ids)).order_by(col(Answer.id))
    ).all()
    for answer in answers:
        held.answers.setdefault(answer.response_id, []).append(answer)
    answer_ids = [a.id for a in answers]
    if answer_ids:
        for coding in db.exec(
            select(AnswerCoding).where(col(AnswerCoding.answer_id).in_(answer_ids))
        ):
            held.codings[coding.answer_id or 0] = coding
        reviews = db.exec(
            select(CodeReview)
            .where(col(CodeReview.answer_id).in_(answer_ids))
            .where(CodeReview.blind == False)  # noqa: E712 (SQL, not Python)
            .order_by(col(CodeReview.id))
        )
        for review in reviews:  # the first non-blind review is the agreed one
            held.reviews.setdefault(review.answer_id or 0, review)
        for quote in db.exec(
            select(QuoteApproval).where(col(QuoteApproval.answer_id).in_(answer_ids))
        ):
            held.quotes[quote.answer_id] = quote
    alerts = db.exec(
        select(SafeguardingAlert)
        .where(col(SafeguardingAlert.response_id).in_(ids))
        .order_by(col(SafeguardingAlert.id))
    )
    for alert in alerts:
        held.alerts.setdefault(alert.response_id, []).append(alert)
    return held
