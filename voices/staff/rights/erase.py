"""Erasing a named child's responses and everything hanging off them, in one transaction.

A response whose alert is open, acknowledged or closed as a concern is a safeguarding
record and is never erased here (UK GDPR Art 17(3)(b) and (e); docs/decisions.md). An
alert closed as a false alarm goes with the response, with its outbox emails.

Learned models keep only the ids of the reviews they learned from; the words are read
from the answers when a model's coder is built. Erasing drops the erased reviews' ids
from every model and forgets the built coders, so the next coder is built without them
(voices.review.coding keys its cache on the examples, so other servers rebuild too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from voices.findings import facts
from voices.models import (
    Answer,
    AnswerCoding,
    ClosedAnswerFact,
    CodeReview,
    Consultation,
    LearnedModel,
    OutboxEmail,
    QuoteApproval,
    Response,
    SafeguardingAlert,
    ThemeMention,
)
from voices.review import coding


@dataclass(frozen=True)
class Refusal:
    response_id: int
    consultation_title: str
    alert_id: int
    why: str  # "open", "acknowledged", "concern" or "closed" (closed with no outcome)


@dataclass
class Plan:
    """What erasing the chosen responses would remove (counts), or why some cannot go."""

    response_ids: list[int] = field(default_factory=list)
    consultation_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)


def refusal_for(alert: SafeguardingAlert) -> str | None:
    """Why this alert keeps its response, or None when it may go with it (a false alarm)."""
    if alert.status in ("open", "acknowledged"):
        return alert.status
    if alert.status == "closed" and alert.outcome == "false_alarm":
        return None
    return "concern" if alert.outcome == "concern" else "closed"  # no outcome: kept too


def plan(db: Session, rows: Sequence[tuple[Response, Consultation]]) -> Plan:
    ids = [r.id for r, _ in rows if r.id is not None]
    titles = {r.id: c.title for r, c in rows}
    found = Plan(ids, sorted({c.id for _, c in rows if c.id is not None}))
    alerts = _rows(db, SafeguardingAlert, col(SafeguardingAlert.response_id).in_(ids))
    for alert in alerts:
        why = refusal_for(alert)
        if why is not None:
            found.refusals.append(
                Refusal(alert.response_id, titles.get(alert.response_id, ""), alert.id or 0, why)
            )
    answer_ids = _answer_ids(db, ids)
    found.counts = {
        "responses": len(ids),
        "answers": len(answer_ids),
        "codings": _count(db, AnswerCoding, col(AnswerCoding.answer_id).in_(answer_ids)),
        "reviews": _count(db, CodeReview, col(CodeReview.answer_id).in_(answer_ids)),
        "quotes": _count(db, QuoteApproval, col(QuoteApproval.answer_id).in_(answer_ids)),
        "alerts": len(alerts),
        "emails": _count(db, OutboxEmail, col(OutboxEmail.alert_id).in_([a.id for a in alerts])),
    }
    return found


def erase(db: Session, organisation_id: int, chosen: Plan) -> dict[str, int]:
    """Delete everything in the plan; the caller commits (or rolls back: nothing changes).

    Raises ValueError when the plan has refusals: check them first and show them.
    """
    if chosen.refusals:
        raise ValueError("a response with a safeguarding record cannot be erased")
    ids = chosen.response_ids
    answer_ids = _answer_ids(db, ids)
    # Only false alarms go. An alert raised since the plan was made is not one of them: it
    # then holds its response by the foreign key, the deletes fail, and nothing changes.
    false_alarms = (
        col(SafeguardingAlert.response_id).in_(ids)
        & (col(SafeguardingAlert.status) == "closed")
        & (col(SafeguardingAlert.outcome) == "false_alarm")
    )
    alert_ids = [a.id for a in _rows(db, SafeguardingAlert, false_alarms)]
    review_ids = [r.id for r in _rows(db, CodeReview, col(CodeReview.answer_id).in_(answer_ids))]
    db.exec(delete(OutboxEmail).where(col(OutboxEmail.alert_id).in_(alert_ids)))
    db.exec(delete(SafeguardingAlert).where(col(SafeguardingAlert.id).in_(alert_ids)))
    for response_id in ids:
        facts.forget_response(db, response_id)
    db.exec(delete(ThemeMention).where(col(ThemeMention.answer_id).in_(answer_ids)))
    db.exec(delete(ClosedAnswerFact).where(col(ClosedAnswerFact.response_id).in_(ids)))
    db.exec(delete(QuoteApproval).where(col(QuoteApproval.answer_id).in_(answer_ids)))
    db.exec(delete(CodeReview).where(col(CodeReview.id).in_(review_ids)))
    db.exec(delete(AnswerCoding).where(col(AnswerCoding.answer_id).in_(answer_ids)))
    db.exec(delete(Answer).where(col(Answer.id).in_(answer_ids)))
    models = forget_examples(db, organisation_id, {i for i in review_ids if i is not None})
    db.exec(delete(Response).where(col(Response.id).in_(ids)))
    return {**chosen.counts, "models_changed": models}


def forget_examples(db: Session, organisation_id: int, review_ids: set[int]) -> int:
    """Drop erased reviews from every learned model that learned from them; returns how many
    models changed. Their measures are kept (figures only) and marked as measured with
    examples since erased, so the page can say a retrain would refresh them."""
    if not review_ids:
        return 0
    changed = 0
    models = db.exec(select(LearnedModel).where(LearnedModel.organisation_id == organisation_id))
    for model in models.all():
        kept = [e for e in model.examples if e not in review_ids]
        if len(kept) != len(model.examples):
            gone = len(model.examples) - len(kept)
            model.examples = kept
            model.measures = {
                **model.measures,
                "examples_erased": int(model.measures.get("examples_erased", 0)) + gone,
            }
            db.add(model)
            changed += 1
    db.flush()
    return changed


def after_commit() -> None:
    """This server forgets every coder it built; others rebuild when the examples differ."""
    coding.forget_learned()


def _answer_ids(db: Session, response_ids: Sequence[int]) -> list[int]:
    if not response_ids:
        return []
    rows = db.exec(select(Answer.id).where(col(Answer.response_id).in_(list(response_ids))))
    return [i for i in rows if i is not None]


def _rows(db: Session, table, where) -> list:
    return list(db.exec(select(table).where(where)).all())


def _count(db: Session, table, where) -> int:
    return int(db.exec(select(func.count()).select_from(table).where(where)).one())
