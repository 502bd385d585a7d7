"""Drain the outbox over SMTP: claim due emails, send them, mark them sent or retry later.

Safe with several app servers: an email is claimed by a conditional UPDATE (still unsent,
due now) that also pushes its next attempt a lease ahead, so only one server sends it; if
that server dies mid-send, the lease runs out and another sends it (at least once, never
lost). No database session stays open while SMTP talks. Errors are logged and stored as
an exception's type and SMTP code only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from voices.alerts import outbox
from voices.models import OutboxEmail, utcnow
from voices.settings import Settings

log = logging.getLogger("voices.alerts")

BATCH = 20
LEASE = timedelta(minutes=5)  # longer than a batch can take to send
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
SMTP_TIMEOUT = 20.0  # seconds, per SMTP command

OpenSession = Callable[[], Session]


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1, 2, 4, 8... minutes after each failure, at most an hour; never gives up."""
    doublings = min(max(attempts - 1, 0), 16)  # capped: the mailer never gives up
    return min(FIRST_RETRY * 2**doublings, LONGEST_RETRY)


@dataclass(frozen=True)
class Claimed:
    id: int
    to: str
    subject: str
    body: str
    attempts: int


@dataclass
class Drained:
    sent: int = 0
    failed: int = 0
    escalated: int = 0
    errors: list[str] = field(default_factory=list)


def drain(open_session: OpenSession, settings: Settings, now: datetime | None = None) -> Drained:
    """One pass: queue due escalations, then send what is due. Returns the counts."""
    now = now or utcnow()
    result = Drained()
    with open_session() as session:
        result.escalated = outbox.queue_escalations(
            session, now, settings.escalate_minutes, settings.base_url
        )
        claimed = _claim(session, now)
    if not claimed:
        return result
    outcomes = _send_all(claimed, settings)
    with open_session() as session:
        for email, error in outcomes:
            _record(session, email, error, now)
        session.commit()
    result.errors = [e for _, e in outcomes if e]
    result.failed = len(result.errors)
    result.sent = len(outcomes) - result.failed
    if result.failed:
        log.warning("mailer: %d emails will be retried (%s)", result.failed, result.errors[0])
    return result


def _claim(session: Session, now: datetime) -> list[Claimed]:
    due = session.exec(
        select(OutboxEmail.id)
        .where(col(OutboxEmail.sent_at).is_(None), col(OutboxEmail.next_attempt_at) <= now)
        .order_by(col(OutboxEmail.next_attempt_at), col(OutboxEmail.id))
        .limit(BATCH)
    ).all()
    claimed: list[Claimed] = []
    for email_id in due:
        won = session.exec(
            update(OutboxEmail)
            .where(
                col(OutboxEmail.id) == email_id,
                col(OutboxEmail.sent_at).is_(None),
                col(OutboxEmail.next_attempt_at) <= now,
            )
            .values(attempts=col(OutboxEmail.attempts) + 1, next_attempt_at=now + LEASE)
        )
        session.commit()
        if won.rowcount == 1:
            row = session.get(OutboxEmail, email_id, populate_existing=True)
            if row is not None:
                claimed.append(
                    Claimed(email_id, row.to_address, row.subject, row.body, row.attempts)
                )
    return claimed


def _record(session: Session, email: Claimed, error: str, now: datetime) -> None:
    values = (
        {"sent_at": now, "last_error": ""}
        if not error
        else {"next_attempt_at": now + retry_delay(email.attempts), "last_error": error[:300]}
    )
    session.exec(update(OutboxEmail).where(col(OutboxEmail.id) == email.id).values(**values))


def _send_all(emails: list[Claimed], settings: Settings) -> list[tuple[Claimed, str]]:
    """(email, "" when sent or the error's type) for each; one SMTP connection for all."""
    try:
        smtp = _connect(settings)
    except Exception as exc:
        return [(email, _describe(exc)) for email in emails]
    outcomes = []
    try:
        for email in emails:
            try:
                smtp.send_message(_message(email, settings.smtp_from))
                outcomes.append((email, ""))
            except Exception as exc:
                outcomes.append((email, _describe(exc)))
    finally:
        try:
            smtp.quit()
        except Exception:  # the server went away; every email's outcome is already known
            smtp.close()
    return outcomes


def _connect(settings: Settings) -> smtplib.SMTP:
    host, port = settings.smtp_host, settings.smtp_port
    if settings.smtp_tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=SMTP_TIMEOUT, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if settings.smtp_user:
        smtp.login(settings.smtp_user, settings.smtp_password)
    return smtp


def _message(email: Claimed, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(email.body)
    return message


def _describe(exc: BaseException) -> str:
    """The error's type and SMTP code: server replies can echo addresses, so no text."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__


class MailerTask:
    """The app's background mailer: one drain in a worker thread every few seconds."""

    def __init__(self, open_session: OpenSession, settings: Settings) -> None:
        self._open_session, self._settings = open_session, settings
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="voices-mailer")

    async def stop(self, wait_seconds: float = 30.0) -> None:
        """Finish the drain in progress (claimed emails are retried if it cannot)."""
        self._stop.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), wait_seconds)
            except TimeoutError:
                log.warning("mailer: stopped while a drain was still running")

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                await asyncio.to_thread(drain, self._open_session, self._settings)
            except Exception as exc:  # the database may be away; try again next round
                log.error("mailer: drain failed (%s)", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self._settings.mailer_interval_seconds)


def start_background(settings: Settings, engine: Engine) -> MailerTask | None:
    """Start the mailer when SMTP is set; otherwise emails wait in the outbox."""
    if not settings.smtp_host:
        return None
    task = MailerTask(lambda: Session(engine, expire_on_commit=False), settings)
    task.start()
    return task
