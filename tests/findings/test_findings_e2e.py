"""End to end: children answer through the real journey, and the findings page adds it up."""

from __future__ import annotations

from tests.conftest import make_consultation
from tests.helpers import follow, question_id, soup, start
from tests.staff.conftest import make_staff, signed_in
from voices.models import Organisation

CODE = "FND47E"
WORDS = "I feel safe at home with my carers"


def _answer(client, fun: list[str]) -> None:
    page = follow(client, start(client, code=CODE, version="8-11"))
    page = follow(client, client.post(str(page.url.path), data={"action": "continue"}))
    assert question_id(page) == "where-live"
    page = follow(client, client.post(str(page.url.path), data={"answer": "foster"}))
    page = follow(client, client.post(str(page.url.path), data={"answer": "4"}))
    page = follow(client, client.post(str(page.url.path), data={"answer": "yes"}))
    page = follow(client, client.post(str(page.url.path), data={"answer": fun}))
    assert question_id(page) == "anything-else"
    follow(client, client.post(str(page.url.path), data={"answer": WORDS}))
    assert client.post(f"/c/{CODE}/submit").status_code == 303
    client.cookies.clear()


def test_submitted_answers_reach_the_findings_page(client, session):
    consultation = make_consultation(session, CODE, frameworks=["shanarri"])
    for n in range(7):
        _answer(client, ["sport"] if n < 6 else ["music"])
    org = session.get(Organisation, consultation.organisation_id)
    signed_in(client, make_staff(session, org, "viewer"))
    url = f"/staff/o/{org.slug}/consultations/{consultation.id}/findings"
    page = soup(client.get(url))
    summary = page.select_one(".findings-summary").get_text(" ")
    assert "7" in summary
    nurtured = page.select_one("#theme-nurtured").parent.get_text(" ")
    assert "Average (1 to 5): 4.0" in nurtured
    active = page.select_one("#theme-active").parent.get_text(" ")
    assert "fewer than 5" in active, "one child chose music: hidden, and so is sport's 6 of 7"
    safe = page.select_one("#theme-safe").parent.get_text(" ")
    assert "From suggestions not yet reviewed: 7" in safe
    assert WORDS not in page.get_text(" "), "a viewer never sees a child's own words"
