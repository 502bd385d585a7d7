"""Database tables, one module per capability; import them from here."""

from voices.models.respond import (
    Answer,
    Consultation,
    Organisation,
    RateLimitBucket,
    Response,
    utcnow,
)
from voices.models.safeguarding import OutboxEmail, SafeguardingAlert
from voices.models.staff import ROLES, AuditEvent, Membership, StaffSession, StaffToken, User

__all__ = [
    "ROLES",
    "Answer",
    "AuditEvent",
    "Consultation",
    "Membership",
    "Organisation",
    "OutboxEmail",
    "RateLimitBucket",
    "Response",
    "SafeguardingAlert",
    "StaffSession",
    "StaffToken",
    "User",
    "utcnow",
]
