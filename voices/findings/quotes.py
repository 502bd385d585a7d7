"""Approved quotes under the themes they speak to, for one view of the findings.

Quotes come ONLY from voices.review.quotes.approved_quotes (redacted copies, holds checked
now). A quote is kept only when its respondent is in the view's group; the caller shows a
theme's quotes only when the theme's count is shown (the group at or above the threshold).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from voices.findings import queries as q
from voices.models import Consultation, Response, ThemeMention
from voices.review.quotes import approved_quotes


def quotes_by_theme(
    db: Session, consultation: Consultation, filters: q.Filters, framework: str, via: str | None
) -> dict[str, list[str]]:
    """{theme id of `framework` (or of `via`, mapped by the caller): redacted quote texts}."""
    quotes = approved_quotes(db, consultation.id)
    if not quotes:
        return {}
    if not filters.empty:
        wanted = {quote.response_id for quote in quotes}
        in_group = set(
            db.exec(
                select(Response.id).where(
                    *q.conditions(consultation.id, filters), col(Response.id).in_(wanted)
                )
            ).all()
        )
        quotes = [quote for quote in quotes if quote.response_id in in_group]
    source = via or framework
    answers = {quote.answer_id: quote.text for quote in quotes}
    rows = db.exec(
        select(ThemeMention.answer_id, ThemeMention.theme).where(
            ThemeMention.consultation_id == consultation.id,
            ThemeMention.framework == source,
            col(ThemeMention.answer_id).in_(list(answers)),
        )
    ).all()
    found: dict[str, list[str]] = {}
    for answer_id, theme in rows:
        texts = found.setdefault(theme, [])
        if answers[answer_id] not in texts:
            texts.append(answers[answer_id])
    return found
