"""Alert rows and the emails they queue, written in the caller's transaction (the outbox).

Nothing here commits except `queue_escalations`, which the mailer runs on its own session.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from voices.alerts import messages
from voices.alerts.screening import Finding
from voices.models import (
    Answer,
    Consultation,
    Membership,
    Organisation,
    OutboxEmail,
    Response,
    SafeguardingAlert,
    User,
)

log = logging.getLogger("voices.alerts")

# An open alert of this rank or higher on the same answer makes a new one unnecessary.
_RANK = {"check": 0, "unscreened": 1, "alert": 2}


def raise_alert(
    session: Session, response: Response, answer: Answer, finding: Finding, base_url: str
) -> SafeguardingAlert | None:
    """Add the alert (and, for tier "alert", its emails) to the session; the caller commits.

    When the child edits an answer that already has an alert that is not closed, no new
    alert is made unless the new text raises a stronger tier (see docs/decisions.md).
    """
    if _covered(session, answer.id, finding.tier):
        return None
    consultation, organisation = session.exec(
        select(Consultation, Organisation)
        .join(Organisation, col(Organisation.id) == col(Consultation.organisation_id))
        .where(Consultation.id == response.consultation_id)
    ).one()
    alert = SafeguardingAlert(
        organisation_id=organisation.id,
        consultation_id=consultation.id,
        response_id=response.id,
        answer_id=answer.id,
        question_id=answer.question_id,
        tier=finding.tier,
        reasons=list(finding.reasons),
        engine_version=finding.engine_version,
    )
    session.add(alert)
    session.flush()  # the id, for the link in the email
    if alert.tier == "alert":
        _queue_alert_emails(session, alert, organisation, consultation, base_url)
    return alert


def _covered(session: Session, answer_id: int | None, tier: str) -> bool:
    tiers = session.exec(
        select(SafeguardingAlert.tier).where(
            SafeguardingAlert.answer_id == answer_id, SafeguardingAlert.status != "closed"
        )
    ).all()
    return any(_RANK.get(t, 0) >= _RANK[tier] for t in tiers)


def recipients(session: Session, organisation_id: int, roles: Iterable[str]) -> list[str]:
    """Email addresses of active people holding one of these roles in the organisation."""
    rows = session.exec(
        select(User.email)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(
            Membership.organisation_id == organisation_id,
            col(Membership.role).in_(list(roles)),
            col(User.active).is_(True),
        )
    ).all()
    return sorted(set(rows))


def queue_email(
    session: Session, to: str, subject: str, body: str, kind: str, alert_id: int | None = None
) -> OutboxEmail:
    """Add one email to the outbox; the mailer sends it after the caller commits."""
    email = OutboxEmail(to_address=to, subject=subject, body=body, kind=kind, alert_id=alert_id)
    session.add(email)
    return email


def _queue_alert_emails(
    session: Session,
    alert: SafeguardingAlert,
    organisation: Organisation,
    consultation: Consultation,
    base_url: str,
) -> None:
    # No lead: the admins hear of it. Nobody at all: the alert waits in the queue.
    to = recipients(session, organisation.id, ["safeguarding"]) or recipients(
        session, organisation.id, ["admin"]
    )
    if not to:
        log.warning(
            "safeguarding alert %s: organisation %s has no lead or admin to email",
            alert.id,
            organisation.slug,
        )
    subject, body = messages.alert_email(
        organisation=organisation.name,
        consultation=consultation.title,
        tier=alert.tier,
        raised_at=alert.created_at,
        link=messages.alert_link(base_url, organisation.slug, alert.id),
    )
    for address in to:
        queue_email(session, address, subject, body, "alert", alert.id)


def queue_escalations(session: Session, now: datetime, minutes: int, base_url: str) -> int:
    """Queue one escalation per strong alert still open after `minutes`; returns how many.

    Each alert is claimed by setting escalated_at where it is still empty, so two servers
    draining at once escalate it once.
    """
    cutoff = now - timedelta(minutes=minutes)
    due = session.exec(
        select(SafeguardingAlert.id)
        .where(
            SafeguardingAlert.tier == "alert",
            SafeguardingAlert.status == "open",
            col(SafeguardingAlert.escalated_at).is_(None),
            col(SafeguardingAlert.created_at) <= cutoff,
        )
        .order_by(col(SafeguardingAlert.id))
        .limit(50)
    ).all()
    done = 0
    for alert_id in due:
        claimed = session.exec(
            update(SafeguardingAlert)
            .where(
                col(SafeguardingAlert.id) == alert_id,
                col(SafeguardingAlert.escalated_at).is_(None),
                col(SafeguardingAlert.status) == "open",
            )
            .values(escalated_at=now)
        )
        if claimed.rowcount == 1:
            _queue_escalation_emails(session, alert_id, minutes, base_url)
            done += 1
        session.commit()
    return done


def _queue_escalation_emails(session: Session, alert_id: int, minutes: int, base_url: str) -> None:
    alert, consultation, organisation = session.exec(
        select(SafeguardingAlert, Consultation, Organisation)
        .join(Consultation, col(Consultation.id) == col(SafeguardingAlert.consultation_id))
        .join(Organisation, col(Organisation.id) == col(SafeguardingAlert.organisation_id))
        .where(SafeguardingAlert.id == alert_id)
    ).one()
    # No admin: remind the leads instead, so the escalation still reaches someone.
    to = recipients(session, organisation.id, ["admin"]) or recipients(
        session, organisation.id, ["safeguarding"]
    )
    if not to:
        log.warning(
            "safeguarding alert %s: organisation %s has nobody to escalate to",
            alert_id,
            organisation.slug,
        )
    subject, body = messages.escalation_email(
        organisation=organisation.name,
        consultation=consultation.title,
        raised_at=alert.created_at,
        minutes=minutes,
        link=messages.alert_link(base_url, organisation.slug, alert_id),
    )
    for address in to:
        queue_email(session, address, subject, body, "escalation", alert_id)
