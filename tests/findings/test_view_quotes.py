"""Approved quotes on the findings: under their themes, only where the group and the theme's
count are shown, never an answer held by a safeguarding alert."""

from __future__ import annotations

from tests.findings import facts_helpers as facts
from tests.helpers import raise_alert
from voices.findings import disclosure as dc
from voices.findings.queries import Filters
from voices.findings.view import build_findings
from voices.models import Answer, QuoteApproval, ThemeMention

RULE = dc.Rule.staff(5)


def _quoted(session, c, text: str, theme: str, version: str = "8-11") -> Answer:
    response = facts.respondent(session, c, version=version)
    answer = Answer(response_id=response.id, question_id="one-change", value={"text": text})
    session.add(answer)
    session.flush()
    session.add(
        ThemeMention(
            consultation_id=c.id,
            response_id=response.id,
            answer_id=answer.id,
            question_id="one-change",
            framework="shanarri",
            theme=theme,
            reviewed=True,
            sentiment="positive",
        )
    )
    session.add(
        QuoteApproval(
            organisation_id=c.organisation_id,
            consultation_id=c.id,
            answer_id=answer.id,
            redacted_text=f"[redacted] {text}",
        )
    )
    session.commit()
    return answer


def _quotes(found, theme: str) -> list[str]:
    return next(t.quotes for t in found.themes if t.theme == theme)


def test_quotes_show_under_shown_themes_only(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    for n in range(5):
        _quoted(session, c, f"safe words {n}", "safe")
    _quoted(session, c, "healthy words", "healthy")
    for _ in range(6):
        facts.respondent(session, c)
    found = build_findings(session, c, Filters(), RULE, "shanarri")
    assert len(_quotes(found, "safe")) == 5
    assert all(q.startswith("[redacted]") for q in _quotes(found, "safe"))
    assert _quotes(found, "healthy") == [], "one child spoke to it: fewer than 5, no quote"


def test_held_answers_never_appear(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    answers = [_quoted(session, c, f"safe words {n}", "safe") for n in range(6)]
    for _ in range(6):
        facts.respondent(session, c)
    raise_alert(session, answers[0], c)
    found = build_findings(session, c, Filters(), RULE, "shanarri")
    assert "[redacted] safe words 0" not in _quotes(found, "safe")
    assert len(_quotes(found, "safe")) == 5


def test_a_filtered_view_quotes_only_its_group(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    for n in range(6):
        _quoted(session, c, f"young {n}", "safe", "8-11")
    for n in range(6):
        _quoted(session, c, f"older {n}", "safe", "12-17")
    found = build_findings(session, c, Filters(version="12-17"), RULE, "shanarri")
    assert found.allowed
    assert sorted(_quotes(found, "safe")) == [f"[redacted] older {n}" for n in range(6)]
