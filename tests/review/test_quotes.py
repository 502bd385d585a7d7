"""'OK to quote': approve a redacted copy, withdraw it; approved_quotes is the only way out
and hides a quote as soon as an alert holds its answer."""

from __future__ import annotations

from html import unescape

import pytest
from sqlmodel import select

from tests.conftest import make_consultation
from tests.review.agree_world import HELD, SARAH, add_answer, build, hold
from tests.staff.conftest import make_staff, signed_in
from voices.models import AuditEvent, QuoteApproval, SafeguardingAlert
from voices.review.quotes import approved_quotes
from voices.review.redaction import MAX_QUOTE_CHARS


@pytest.fixture
def world(session):
    return build(session)


def _url(world, key):
    return f"{world.base}/quotes/{world.answers[key].id}"


def test_the_page_shows_the_words_and_a_suggested_redacted_copy(client, session, world):
    signed_in(client, world.first)
    response = client.get(_url(world, "sarah"))
    assert response.status_code == 200
    html = unescape(response.text)
    assert SARAH in html
    assert ">My social worker [name] never listens to me</textarea>" in html
    assert "is a suggestion" in html and "Arabic" in html
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "quote.view")).one()
    assert event.target_id == str(world.answers["sarah"].id) and event.detail == {}


def test_named_mode_suggests_hiding_the_young_persons_own_name(client, session):
    world = build(session)
    world.consultation.anonymous = False
    session.add(world.consultation)
    answer = add_answer(
        session, world.consultation, "named", "kayden is fine", respondent_name="Kayden"
    )
    session.commit()
    signed_in(client, world.first)
    html = client.get(f"{world.base}/quotes/{answer.id}").text
    assert ">[name] is fine</textarea>" in html


def test_approving_saves_the_redacted_copy_audited_without_words(client, session, world):
    signed_in(client, world.first)
    edited = "My social worker [name] never listens to me"
    response = client.post(_url(world, "sarah"), data={"redacted": edited + "\r\n"})
    assert response.status_code == 303 and response.headers["location"].endswith("/review/quotes")
    approval = session.exec(select(QuoteApproval)).one()
    assert approval.redacted_text == edited and approval.approved_by_id == world.first.id
    quotes = approved_quotes(session, world.consultation.id)
    assert [(q.answer_id, q.text) for q in quotes] == [(world.answers["sarah"].id, edited)]
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "quote.approve")).one()
    assert event.detail == {} and "Sarah" not in str(event.detail)
    listing = client.get(world.base + "/quotes").text
    assert edited in unescape(listing) and "Sarah" not in listing
    again = client.get(_url(world, "sarah")).text
    assert "Approved for quoting on" in again and "Ffion First" in again
    assert "Withdraw approval" in again


def test_approving_again_replaces_the_copy(client, session, world):
    signed_in(client, world.first)
    client.post(_url(world, "sarah"), data={"redacted": "first copy"})
    signed_in(client, world.second)
    client.post(_url(world, "sarah"), data={"redacted": "second copy"})
    approval = session.exec(select(QuoteApproval)).one()
    assert approval.redacted_text == "second copy" and approval.approved_by_id == world.second.id


@pytest.mark.parametrize(
    ("redacted", "message"),
    [
        ("", "Write the redacted copy before approving it."),
        ("  \n ", "Write the redacted copy before approving it."),
        (
            "x" * (MAX_QUOTE_CHARS + 1),
            f"The redacted copy is {MAX_QUOTE_CHARS + 1} characters long; a quote can be at most"
            f" {MAX_QUOTE_CHARS}.",
        ),
    ],
)
def test_an_empty_or_too_long_copy_is_refused(client, session, world, redacted, message):
    signed_in(client, world.first)
    response = client.post(_url(world, "sarah"), data={"redacted": redacted})
    assert response.status_code == 400 and message in unescape(response.text)
    assert session.exec(select(QuoteApproval)).first() is None


def test_a_held_answer_is_never_shown_nor_approved(client, session, world):
    signed_in(client, world.first)
    page = client.get(_url(world, "held"))
    assert page.status_code == 409 and HELD not in page.text
    assert "held by an open safeguarding alert" in page.text
    posted = client.post(_url(world, "held"), data={"redacted": "he [name] me"})
    assert posted.status_code == 409
    assert session.exec(select(QuoteApproval)).first() is None


def test_an_unsubmitted_response_cannot_be_quoted(client, session, world):
    answer = add_answer(session, world.consultation, "draft", "still typing", status="in_progress")
    session.commit()
    signed_in(client, world.first)
    page = client.get(f"{world.base}/quotes/{answer.id}")
    assert page.status_code == 409 and "has not been submitted" in page.text
    assert "still typing" not in page.text
    assert (
        client.post(f"{world.base}/quotes/{answer.id}", data={"redacted": "x"}).status_code == 409
    )


def test_a_quote_disappears_when_an_alert_is_raised_later_and_returns_when_closed(
    client, session, world
):
    signed_in(client, world.first)
    client.post(_url(world, "sarah"), data={"redacted": "My social worker [name] never listens"})
    assert len(approved_quotes(session, world.consultation.id)) == 1
    alert = hold(session, world, "sarah")
    assert approved_quotes(session, world.consultation.id) == []
    listing = unescape(client.get(world.base + "/quotes").text)
    assert "[name] never listens" not in listing
    assert "1 approved quotes are hidden" in listing
    assert client.get(_url(world, "sarah")).status_code == 409
    alert = session.get(SafeguardingAlert, alert.id)
    alert.status = "closed"
    session.add(alert)
    session.commit()
    assert len(approved_quotes(session, world.consultation.id)) == 1


def test_approved_quotes_is_scoped_to_the_consultation(client, session, world):
    signed_in(client, world.first)
    client.post(_url(world, "sarah"), data={"redacted": "a quote"})
    other = make_consultation(session, "QQ7QQQ", frameworks=["shanarri"])
    assert approved_quotes(session, other.id) == []


def test_withdrawing_deletes_the_approval_and_is_audited(client, session, world):
    signed_in(client, world.first)
    client.post(_url(world, "sarah"), data={"redacted": "a quote"})
    response = client.post(_url(world, "sarah") + "/withdraw")
    assert response.status_code == 303
    assert session.exec(select(QuoteApproval)).first() is None
    assert approved_quotes(session, world.consultation.id) == []
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "quote.withdraw")).one()
    assert event.target_id == str(world.answers["sarah"].id) and event.detail == {}
    # Withdrawing what is not approved changes nothing and records nothing.
    assert client.post(_url(world, "sarah") + "/withdraw").status_code == 303
    assert (
        len(session.exec(select(AuditEvent).where(AuditEvent.action == "quote.withdraw")).all())
        == 1
    )


def test_a_held_answers_approval_can_still_be_withdrawn(client, session, world):
    signed_in(client, world.first)
    client.post(_url(world, "sarah"), data={"redacted": "a quote"})
    hold(session, world, "sarah")
    assert client.post(_url(world, "sarah") + "/withdraw").status_code == 303
    assert session.exec(select(QuoteApproval)).first() is None


def test_redacted_copies_are_escaped(client, world):
    signed_in(client, world.first)
    client.post(_url(world, "sarah"), data={"redacted": "<script>alert(1)</script> hi"})
    listing = client.get(world.base + "/quotes").text
    assert "<script>alert(1)</script>" not in listing and "&lt;script&gt;" in listing
    page = client.get(_url(world, "sarah")).text
    assert "<script>alert(1)</script>" not in page


def test_another_consultations_answer_is_not_found(client, session, world):
    other = make_consultation(session, "QQ7QQQ", frameworks=["shanarri"])
    answer = add_answer(session, other, "elsewhere", "other words")
    session.commit()
    signed_in(client, world.first)
    assert client.get(f"{world.base}/quotes/{answer.id}").status_code == 404
    assert client.get(f"{world.base}/quotes/abc").status_code == 404
    assert client.post(f"{world.base}/quotes/{answer.id}/withdraw").status_code == 404


@pytest.mark.parametrize("role", ["admin", "safeguarding", "viewer"])
def test_only_workers(client, session, world, role):
    signed_in(client, make_staff(session, world.organisation, role, f"{role}@x.example"))
    assert client.get(world.base + "/quotes").status_code == 403
    assert client.get(_url(world, "sarah")).status_code == 403
    assert client.post(_url(world, "sarah"), data={"redacted": "x"}).status_code == 403
    assert client.post(_url(world, "sarah") + "/withdraw").status_code == 403


def test_the_list_is_audited(client, session, world):
    signed_in(client, world.first)
    assert client.get(world.base + "/quotes").status_code == 200
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "quote.list_view")).one()
    assert event.target_id == str(world.consultation.id)
