"""The queries `voices purge` runs: find what an organisation's retention says must go, then
(unless it is a dry run) delete or clear it, in the caller's transaction.

Nothing here commits: the command commits one organisation at a time, so a failure leaves
that organisation as it was. The counts come from the same ids the deletes use, so a dry run
reports exactly what a real run would remove.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func
from sqlmodel import Session, col, delete, select, update

from voices import audit
from voices.models import (
    Answer,
    AnswerCoding,
    AuditEvent,
    ClosedAnswerFact,
    CodeReview,
    Consultation,
    Organisation,
    OutboxEmail,
    QuoteApproval,
    RateLimitBucket,
    Response,
    SafeguardingAlert,
    StaffSession,
    StaffToken,
    ThemeMention,
)
from voices.retention import policy

CHUNK = 500  # ids per IN (...) list: well under every database's limit on parameters


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _count(db: Session, query) -> int:
    return db.exec(select(func.count()).select_from(query.subquery())).one()


def _in_organisation(organisation_id: int):
    return col(Response.consultation_id).in_(
        select(Consultation.id).where(Consultation.organisation_id == organisation_id)
    )


def _safeguarding_records():
    """Responses with an alert that is not a closed false alarm: open, acknowledged, or
    closed as a concern (or with no outcome). Those keep their answers and their name."""
    return select(SafeguardingAlert.response_id).where(
        (col(SafeguardingAlert.status) != "closed")
        | col(SafeguardingAlert.outcome).is_(None)
        | (col(SafeguardingAlert.outcome) != policy.FALSE_ALARM)
    )


def purge_organisation(
    db: Session, organisation: Organisation, cut: policy.Cutoffs, *, dry_run: bool
) -> policy.Counts:
    """Apply one organisation's retention; audited unless a dry run. Does not commit."""
    if organisation.id is None:
        raise ValueError("purge needs a saved organisation")
    counts = policy.Counts()
    # Codes first, so a dry run counts the same codes as a run (some on responses that go).
    _resume_codes(db, organisation.id, cut, counts, dry_run)
    _unfinished(db, organisation.id, cut, counts, dry_run)
    _names(db, organisation.id, cut, counts, dry_run)
    if not dry_run:
        audit.record(
            db,
            "retention.purge",
            organisation_id=organisation.id,
            target_type="organisation",
            target_id=organisation.id,
            detail=counts.as_dict(),
        )
    return counts


def _unfinished(
    db: Session, organisation_id: int, cut: policy.Cutoffs, counts: policy.Counts, dry_run: bool
) -> None:
    """Unfinished responses past retention and all that hangs off them, except any with an
    alert not closed (the lead reads the answer and may need the name) or closed as a
    concern (a safeguarding record): only alerts closed as false alarms go with them."""
    stale = (
        select(Response.id)
        .where(_in_organisation(organisation_id))
        .where(col(Response.status).in_(policy.UNFINISHED_STATUSES))
        .where(col(Response.submitted_at).is_(None))
        .where(col(Response.updated_at) < cut.unfinished_before)
        # A resume code still valid is a promise to the child: keep the answers it brings back.
        .where(
            col(Response.resume_expires_at).is_(None)
            | (col(Response.resume_expires_at) < cut.resume_before)
        )
    )
    kept = _safeguarding_records()
    counts.held_unfinished = _count(db, stale.where(col(Response.id).in_(kept)))
    going = stale.where(col(Response.id).not_in(kept))
    if not dry_run:  # a child touching one now waits for us, and is then not deleted
        going = going.with_for_update()
    ids = [i for i in db.exec(going.order_by(col(Response.id))).all() if i is not None]
    counts.unfinished_responses = len(ids)
    for chunk in _chunks(ids):
        _remove_responses(db, chunk, counts, dry_run)


def _remove_responses(db: Session, ids: list[int], counts: policy.Counts, dry_run: bool) -> None:
    answers = [a for a in db.exec(select(Answer.id).where(col(Answer.response_id).in_(ids))) if a]
    # Only false alarms go with them. An alert raised since the responses were chosen holds
    # its response by the foreign key: the deletes fail and the purge changes nothing.
    false_alarms = select(SafeguardingAlert.id).where(
        col(SafeguardingAlert.response_id).in_(ids),
        col(SafeguardingAlert.status) == "closed",
        col(SafeguardingAlert.outcome) == policy.FALSE_ALARM,
    )
    alerts = [a for a in db.exec(false_alarms) if a]
    counts.answers += len(answers)
    counts.closed_alerts += len(alerts)
    coded = (AnswerCoding, CodeReview, QuoteApproval)
    for model in coded:
        counts.codings += _count(db, select(model.id).where(col(model.answer_id).in_(answers)))
    if dry_run:
        return
    # Facts first (an unfinished response normally has none), then children before parents.
    db.exec(delete(ThemeMention).where(col(ThemeMention.response_id).in_(ids)))
    db.exec(delete(ThemeMention).where(col(ThemeMention.answer_id).in_(answers)))
    db.exec(delete(ClosedAnswerFact).where(col(ClosedAnswerFact.response_id).in_(ids)))
    for model in coded:
        db.exec(delete(model).where(col(model.answer_id).in_(answers)))
    db.exec(delete(OutboxEmail).where(col(OutboxEmail.alert_id).in_(alerts)))
    db.exec(delete(SafeguardingAlert).where(col(SafeguardingAlert.id).in_(alerts)))
    db.exec(delete(Answer).where(col(Answer.id).in_(answers)))
    db.exec(delete(Response).where(col(Response.id).in_(ids)))


def _resume_codes(
    db: Session, organisation_id: int, cut: policy.Cutoffs, counts: policy.Counts, dry_run: bool
) -> None:
    expired = (
        col(Response.resume_expires_at) < cut.resume_before,
        _in_organisation(organisation_id),
    )
    counts.resume_codes = _count(db, select(Response.id).where(*expired))
    if counts.resume_codes and not dry_run:
        db.exec(
            update(Response).where(*expired).values(resume_code_hash=None, resume_expires_at=None)
        )


def _names(
    db: Session, organisation_id: int, cut: policy.Cutoffs, counts: policy.Counts, dry_run: bool
) -> None:
    """Submitted responses past the named retention lose the name and reference; answers and
    reviewed codes stay. Not a safeguarding record's: while an alert on the response is
    open or acknowledged, or once it was closed as a concern, the name stays with it (as
    erasure keeps such a response whole)."""
    named = (
        select(Response.id)
        .where(_in_organisation(organisation_id))
        .where(Response.status == "submitted")
        .where(col(Response.submitted_at) < cut.named_before)
        .where(col(Response.respondent_name).is_not(None) | col(Response.reference).is_not(None))
    )
    live = _safeguarding_records()
    counts.held_names = _count(db, named.where(col(Response.id).in_(live)))
    ids = [i for i in db.exec(named.where(col(Response.id).not_in(live))).all() if i]
    counts.names = len(ids)
    if dry_run:
        return
    for chunk in _chunks(ids):
        db.exec(
            update(Response)
            .where(col(Response.id).in_(chunk))
            .values(respondent_name=None, reference=None)
        )


def housekeeping(
    db: Session, cut: policy.HousekeepingCutoffs, *, dry_run: bool
) -> policy.HousekeepingCounts:
    """Long-dead rows no organisation owns: expired staff sessions and links, old rate-limit
    counters, sent emails. Audited (with no organisation) unless a dry run. Does not commit."""
    targets = {
        "staff_sessions": (
            StaffSession,
            (col(StaffSession.last_seen_at) < cut.session_seen_before)
            | (col(StaffSession.created_at) < cut.session_started_before),
        ),
        "staff_tokens": (StaffToken, col(StaffToken.expires_at) < cut.token_expired_before),
        "rate_limit_buckets": (
            RateLimitBucket,
            col(RateLimitBucket.window_start) < cut.bucket_started_before,
        ),
        # Invitations and reset links only; alert and escalation emails stay with the
        # safeguarding record they belong to (docs/data-inventory.md).
        "sent_emails": (
            OutboxEmail,
            (col(OutboxEmail.sent_at) < cut.email_sent_before)
            & col(OutboxEmail.kind).in_(("invite", "reset")),
        ),
    }
    counts = policy.HousekeepingCounts()
    for name, (model, where) in targets.items():
        found = _count(db, select(model).where(where))
        setattr(counts, name, found)
        if found and not dry_run:
            db.exec(delete(model).where(where))
    if not dry_run:
        audit.record(db, "retention.housekeeping", detail=counts.as_dict())
    return counts


def last_purge(db: Session, organisation_id: int) -> AuditEvent | None:
    """The organisation's latest purge (its audit event holds the counts), or None."""
    return db.exec(
        select(AuditEvent)
        .where(AuditEvent.organisation_id == organisation_id)
        .where(AuditEvent.action == "retention.purge")
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(1)
    ).first()
