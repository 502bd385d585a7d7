"""What retention keeps and for how long: cutoffs from "now" and an organisation's settings.

Pure: no database, no clock. `voices.retention.purge` applies these cutoffs in SQL; the staff
page (voices.staff.retention) lets an admin choose the days within the bounds below.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

# Bounds an admin may choose. An unfinished response needs at least a day to be resumed
# (resume codes last days, not weeks), and nobody needs a half-answered survey after a year.
# A name is needed at least a month to follow up a submitted response, and ten years is the
# longest a care record is usually kept.
UNFINISHED_DAYS = (1, 365)
NAMED_DAYS = (30, 3650)

# Housekeeping, the same for every organisation.
SENT_EMAIL_DAYS = 30  # a sent invitation or reset email holds a link; nobody reads it later
DEAD_TOKEN_DAYS = 30  # a link expired this long ago is gone (the page then says "not valid")
# Longer than any rate limiter's window (voices.ratelimit prunes after two days as it goes).
RATE_LIMIT_DAYS = 2

# The statuses of a response nobody finished: still in progress, or "start afresh" pressed
# while one of its answers was held by a safeguarding alert (voices.respond.store).
UNFINISHED_STATUSES = ("in_progress", "discarded")
# An alert in one of these still needs the answer and the child's name.
LIVE_ALERT_STATUSES = ("open", "acknowledged")
# The only closed alert that may go with its unfinished response: one closed as a false
# alarm. One closed as a concern (or with no outcome) is a safeguarding record and keeps its
# response, as erasure does (voices.staff.rights.erase).
FALSE_ALARM = "false_alarm"


@dataclass(frozen=True)
class Cutoffs:
    """One organisation's cutoffs: a row older than the cutoff goes."""

    unfinished_before: datetime  # unfinished responses last touched before this
    named_before: datetime  # submitted responses submitted before this lose the name
    resume_before: datetime  # resume codes expiring before this are cleared


@dataclass(frozen=True)
class HousekeepingCutoffs:
    session_seen_before: datetime  # idle past the idle timeout
    session_started_before: datetime  # older than the absolute timeout
    token_expired_before: datetime
    email_sent_before: datetime
    bucket_started_before: datetime


def cutoffs(now: datetime, unfinished_days: int, named_days: int) -> Cutoffs:
    return Cutoffs(
        unfinished_before=now - timedelta(days=unfinished_days),
        named_before=now - timedelta(days=named_days),
        resume_before=now,
    )


def housekeeping_cutoffs(
    now: datetime, idle: timedelta, absolute: timedelta
) -> HousekeepingCutoffs:
    """idle and absolute: the staff session timeouts (voices.staff.sessions.Timeouts)."""
    return HousekeepingCutoffs(
        session_seen_before=now - idle,
        session_started_before=now - absolute,
        token_expired_before=now - timedelta(days=DEAD_TOKEN_DAYS),
        email_sent_before=now - timedelta(days=SENT_EMAIL_DAYS),
        bucket_started_before=now - timedelta(days=RATE_LIMIT_DAYS),
    )


@dataclass
class Counts:
    """What one organisation's purge removed (or would remove): numbers only, never words."""

    unfinished_responses: int = 0
    answers: int = 0
    codings: int = 0  # engine suggestions, reviews and quote approvals of those answers
    closed_alerts: int = 0  # closed safeguarding alerts on those responses
    resume_codes: int = 0
    names: int = 0  # submitted responses whose name and reference were removed
    held_unfinished: int = 0  # kept: an alert on them is not closed, or was a concern
    held_names: int = 0  # names kept: an alert on the response is open or acknowledged

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class HousekeepingCounts:
    staff_sessions: int = 0
    staff_tokens: int = 0
    rate_limit_buckets: int = 0
    sent_emails: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_LABELS = {
    "unfinished_responses": "unfinished responses",
    "answers": "answers of those responses",
    "codings": "codings, reviews and quote approvals of those answers",
    "closed_alerts": "safeguarding alerts of those responses closed as false alarms",
    "resume_codes": "expired resume codes",
    "names": "names and references of submitted responses",
    "staff_sessions": "expired staff sessions",
    "staff_tokens": "expired staff links",
    "rate_limit_buckets": "old rate-limit counters",
    "sent_emails": "sent emails",
}


def describe(heading: str, counts: Counts | HousekeepingCounts, dry_run: bool) -> list[str]:
    """Lines for the operator: counts per kind, and what was kept back and why."""
    verb = "would remove" if dry_run else "removed"
    found = counts.as_dict()
    lines = [f"{heading}:"]
    lines += [f"  {verb} {found[key]} {label}" for key, label in _LABELS.items() if key in found]
    if isinstance(counts, Counts):
        if counts.held_unfinished:
            lines.append(
                f"  kept {counts.held_unfinished} unfinished responses: a safeguarding alert "
                "on them is not closed yet, or was closed as a concern"
            )
        if counts.held_names:
            lines.append(
                f"  kept {counts.held_names} names past their retention: a safeguarding alert "
                "on the response is open or acknowledged"
            )
    return lines
