"""The words of safeguarding emails. They say an alert exists and link to it: never the
child's words, name or answer. Staff emails are English only (sent outside any request)."""

from __future__ import annotations

from datetime import datetime

TIER_WORDS = {
    "alert": "a strong signal: please look at it now",
    "check": "a weaker signal: please check it",
    "unscreened": "not screened automatically: needs a reader",
}


def alert_link(base_url: str, organisation_slug: str, alert_id: int) -> str:
    return f"{base_url.rstrip('/')}/staff/o/{organisation_slug}/alerts/{alert_id}"


def alert_email(
    *, organisation: str, consultation: str, tier: str, raised_at: datetime, link: str
) -> tuple[str, str]:
    """(subject, body) telling a safeguarding lead that an answer raised an alert."""
    subject = f"Safeguarding alert in {organisation}"
    body = "\n".join(
        [
            "An answer in a consultation has raised a safeguarding alert.",
            "",
            f"Organisation: {organisation}",
            f"Consultation: {consultation}",
            f"Level: {TIER_WORDS.get(tier, tier)}",
            f"Raised: {raised_at:%d %B %Y at %H:%M} UTC",
            "",
            "Sign in to read the answer and record what you did:",
            link,
            "",
            "This email does not contain the answer, on purpose.",
            "If nobody acknowledges the alert, the organisation's admins are told.",
        ]
    )
    return subject[:200], body


def escalation_email(
    *,
    organisation: str,
    consultation: str,
    raised_at: datetime,
    minutes: int,
    link: str,
) -> tuple[str, str]:
    """(subject, body) telling admins that nobody has acknowledged an alert in time."""
    subject = f"Unacknowledged safeguarding alert in {organisation}"
    body = "\n".join(
        [
            f"A safeguarding alert has not been acknowledged after {minutes} minutes.",
            "",
            f"Organisation: {organisation}",
            f"Consultation: {consultation}",
            f"Raised: {raised_at:%d %B %Y at %H:%M} UTC",
            "",
            "Please make sure a safeguarding lead looks at it now:",
            link,
            "",
            "This email does not contain the answer, on purpose.",
        ]
    )
    return subject[:200], body
