"""Everything held about one named child, as one plain dict: the page and the JSON file
both show exactly this. No database or HTTP here; the caller passes the rows in.

Questions and answers are given in the words the child saw: their language and their age
version's wording (answers described as on their "check your answers" page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from voices.coding.codebook import Framework
from voices.definitions import Survey
from voices.i18n import current_locale, pick, set_locale
from voices.models import Answer, Consultation, Response, SafeguardingAlert
from voices.respond.display import describe
from voices.respond.flow import Stored
from voices.staff.rights.store import Held

STATUS_WORDS = {
    "in_progress": "Started, not sent",
    "submitted": "Sent",
    "discarded": "Started again (kept only for a safeguarding alert)",
}
SAFEGUARDING_NOTE = (
    "Review before release: safeguarding records may be exempt from subject access "
    "(Data Protection Act 2018, Schedules 2 and 3). Your Data Protection Officer decides "
    "what is released."
)
HELD_WORDS = "Held for the safeguarding lead: ask them for this answer"


@contextmanager
def _child_locale(locale: str) -> Iterator[None]:
    """Describe answers in the child's language, then give the staff page its own back."""
    before = current_locale()
    set_locale(locale)
    try:
        yield
    finally:
        set_locale(before)


def _when(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else None


def _themes(chosen: Mapping[str, Sequence[str]], frameworks: Mapping[str, Framework]) -> list:
    found = []
    for framework_id, theme_ids in sorted(chosen.items()):
        framework = frameworks.get(framework_id)
        if framework is None or not theme_ids:
            continue
        labels = [(framework.theme(t).label if framework.theme(t) else t) for t in theme_ids]
        found.append({"framework": framework.title, "themes": labels})
    return found


def _suggested(suggestions: Mapping[str, Any]) -> dict[str, list[str]]:
    return {fid: [s.get("theme", "") for s in rows] for fid, rows in suggestions.items()}


def _answer(
    answer: Answer, survey: Survey | None, response: Response, held: Held, **how: Any
) -> dict[str, Any]:
    question = survey.question(answer.question_id) if survey else None
    words = pick(question.text_for(response.version), response.locale) if question else ""
    item: dict[str, Any] = {"question_id": answer.question_id, "question": words}
    if answer.id in how["withheld"]:
        return item | {"answer": HELD_WORDS, "withheld": True}
    if answer.skipped:
        text = "Skipped"
    elif question is None:
        text = str((answer.value or {}).get("text", ""))
    else:
        with _child_locale(response.locale):
            text = describe(question, Stored(answer.value), response.version)
    item.update(answer=text, withheld=False, skipped=answer.skipped)
    review, coding = held.reviews.get(answer.id or 0), held.codings.get(answer.id or 0)
    frameworks = how["frameworks"]
    item["themes_reviewed"] = _themes(review.themes, frameworks) if review else []
    item["themes_suggested"] = (
        _themes(_suggested(coding.suggestions), frameworks) if coding and not review else []
    )
    item["sentiment"] = coding.sentiment if coding else ""
    quote = held.quotes.get(answer.id or 0)
    item["approved_quote"] = quote.redacted_text if quote else None
    return item


def _alert(alert: SafeguardingAlert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "question_id": alert.question_id,
        "tier": alert.tier,
        "status": alert.status,
        "outcome": alert.outcome,
        "raised_at": _when(alert.created_at),
        "closed_at": _when(alert.closed_at),
        "reasons": sorted({str(r.get("category", "")) for r in alert.reasons} - {""}),
    }


def _order(survey: Survey | None, response: Response) -> Callable[[Answer], tuple[int, int]]:
    ids = [q.id for q in survey.questions_for(response.version)] if survey else []
    return lambda a: (ids.index(a.question_id) if a.question_id in ids else len(ids), a.id or 0)


def build(
    organisation: str,
    rows: Sequence[tuple[Response, Consultation]],
    held: Held,
    *,
    surveys: Callable[[str], Survey | None],
    frameworks: Mapping[str, Framework],
    withheld: set[int],
    now: datetime,
) -> dict[str, Any]:
    """The document. withheld: answer ids whose words this reader may not see (held by an
    alert not yet closed, for someone who is not a safeguarding lead)."""
    responses = []
    for response, consultation in rows:
        survey = surveys(consultation.survey_id)
        answers = sorted(held.answers.get(response.id or 0, []), key=_order(survey, response))
        how = {"withheld": withheld, "frameworks": frameworks}
        responses.append(
            {
                "response_id": response.id,
                "consultation": {"id": consultation.id, "title": consultation.title},
                "name": response.respondent_name,
                "reference": response.reference,
                "status": STATUS_WORDS.get(response.status, response.status),
                "version": response.version,
                "language": response.locale,
                "started_at": _when(response.created_at),
                "answered_at": _when(response.submitted_at),
                "in_a_group_session": response.live_session_id is not None,
                "answers": [_answer(a, survey, response, held, **how) for a in answers],
                "safeguarding_alerts": [_alert(a) for a in held.alerts.get(response.id or 0, [])],
            }
        )
    return {
        "organisation": organisation,
        "generated_at": _when(now),
        "covers": {
            "responses": len(responses),
            "consultations": sorted({c.id for _, c in rows if c.id is not None}),
        },
        "safeguarding_note": SAFEGUARDING_NOTE,
        "responses": responses,
    }
