"""Database tables, one module per capability; import them from here."""

from voices.models.findings import (
    ACTION_STATUSES,
    ClosedAnswerFact,
    FindingAction,
    ThemeMention,
)
from voices.models.live import GroupNote, LiveSession
from voices.models.respond import (
    Answer,
    Consultation,
    Organisation,
    RateLimitBucket,
    Response,
    utcnow,
)
from voices.models.review import AnswerCoding, CodeReview, LearnedModel, QuoteApproval
from voices.models.safeguarding import OutboxEmail, SafeguardingAlert
from voices.models.staff import ROLES, AuditEvent, Membership, StaffSession, StaffToken, User

__all__ = [
    "ACTION_STATUSES",
    "ROLES",
    "ClosedAnswerFact",
    "FindingAction",
    "ThemeMention",
    "Answer",
    "AnswerCoding",
    "CodeReview",
    "GroupNote",
    "LearnedModel",
    "LiveSession",
    "QuoteApproval",
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
