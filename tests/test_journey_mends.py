"""Mends to the young person's journey: starting again, thanks, start keys."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from tests.conftest import SECRET
from tests.helpers import follow, question_id, raise_alert, soup, start
from voices.models import Answer, Response, utcnow
from voices.respond.pages import start_key_hash
from voices.security import keyed_hash


def _answer_first(client) -> str:
    page = follow(client, start(client))
    first = question_id(page)
    client.post(str(page.url.path), data={"action": "skip"})
    return first


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_start_now_again_carries_on_the_same_response(client, session, consultation):
    first = _answer_first(client)
    again = start(client)  # Back to the welcome page, "Start now" again
    assert again.status_code == 303
    assert not again.headers["location"].endswith(f"/q/{first}")  # not back at the start
    assert _count(session, Response) == 1
    assert _count(session, Answer) == 1


def test_welcome_offers_to_start_afresh_only_with_answers_in_progress(client, consultation):
    assert soup(client.get("/c/TQ4RTX")).find("form", action="/c/TQ4RTX/afresh") is None
    _answer_first(client)
    form = soup(client.get("/c/TQ4RTX")).find("form", action="/c/TQ4RTX/afresh")
    assert form is not None and form.find("button")


def test_start_afresh_removes_the_earlier_answers(client, session, consultation):
    _answer_first(client)
    gone = client.post("/c/TQ4RTX/afresh")
    assert gone.status_code == 303 and gone.headers["location"] == "/c/TQ4RTX"
    assert _count(session, Response) == 0 and _count(session, Answer) == 0
    assert client.get("/c/TQ4RTX/continue").headers["location"] == "/c/TQ4RTX"
    follow(client, start(client))
    assert _count(session, Response) == 1 and _count(session, Answer) == 0


def test_start_afresh_keeps_an_answer_that_raised_an_alert(client, session, consultation):
    _answer_first(client)
    row = session.exec(select(Response)).one()
    row.respondent_name = "Sam"  # as in a named consultation
    answer = session.exec(select(Answer)).one()
    raise_alert(session, answer, consultation)
    client.post("/c/TQ4RTX/afresh")
    session.expire_all()
    kept = session.get(Response, row.id)
    assert kept.status == "discarded" and kept.resume_code_hash is None
    assert kept.respondent_name == "Sam"  # the lead can still find the child
    assert session.get(Answer, answer.id) is not None
    assert client.get("/c/TQ4RTX/continue").headers["location"] == "/c/TQ4RTX"


def test_start_afresh_leaves_a_submitted_response_alone(client, session, consultation):
    _answer_first(client)
    client.post("/c/TQ4RTX/submit")
    client.post("/c/TQ4RTX/afresh")
    assert session.exec(select(Response)).one().status == "submitted"


def test_thanks_only_after_a_real_submission(client, consultation):
    assert client.get("/c/TQ4RTX/thanks").headers["location"] == "/c/TQ4RTX"
    _answer_first(client)
    assert client.get("/c/TQ4RTX/thanks").headers["location"] == "/c/TQ4RTX/continue"
    sent = follow(client, client.post("/c/TQ4RTX/submit"))
    assert "Your answers have been sent" in sent.text


def test_only_a_keyed_hash_of_the_start_key_is_stored(client, session, consultation):
    page = client.get("/c/TQ4RTX")
    key = soup(page).find("input", {"name": "start_key"})["value"]
    client.post("/c/TQ4RTX/start", data={"start_key": key, "version": "8-11"})
    row = session.exec(select(Response)).one()
    assert row.start_key == start_key_hash(SECRET, key) != key
    assert key not in row.start_key


def test_a_double_tap_without_the_cookie_finds_the_same_response(app, session, consultation):
    from starlette.testclient import TestClient

    with TestClient(app, follow_redirects=False, headers={"Origin": "http://testserver"}) as first:
        key = soup(first.get("/c/TQ4RTX")).find("input", {"name": "start_key"})["value"]
        data = {"start_key": key, "version": "8-11"}
        one = first.post("/c/TQ4RTX/start", data=data)
    with TestClient(
        app, follow_redirects=False, headers={"Origin": "http://testserver"}
    ) as second:  # the cookie never arrived
        two = second.post("/c/TQ4RTX/start", data=data)
    assert one.cookies["voices_response"] == two.cookies["voices_response"]
    assert _count(session, Response) == 1


def test_a_spent_start_key_opens_nothing_later(app, session, consultation):
    from starlette.testclient import TestClient

    with TestClient(app, follow_redirects=False, headers={"Origin": "http://testserver"}) as first:
        key = soup(first.get("/c/TQ4RTX")).find("input", {"name": "start_key"})["value"]
        first.post("/c/TQ4RTX/start", data={"start_key": key, "version": "8-11"})
    row = session.exec(select(Response)).one()
    row.created_at = utcnow() - timedelta(hours=1)
    session.add(row)
    session.commit()
    with TestClient(app, follow_redirects=False, headers={"Origin": "http://testserver"}) as later:
        replay = later.post("/c/TQ4RTX/start", data={"start_key": key, "version": "8-11"})
    assert replay.headers["location"] == "/c/TQ4RTX"
    assert "voices_response" not in replay.cookies
    assert row.token_hash != keyed_hash(SECRET, "anything")


def test_a_discarded_response_is_for_the_lead_only(client, session, consultation):
    from tests.staff.conftest import make_staff, signed_in
    from voices.models import Organisation

    _answer_first(client)
    row = session.exec(select(Response)).one()
    answer = session.exec(select(Answer)).one()
    raise_alert(session, answer, consultation, "check", status="closed")
    client.post("/c/TQ4RTX/afresh")
    organisation = session.get(Organisation, consultation.organisation_id)
    signed_in(client, make_staff(session, organisation, "worker"))
    base = f"/staff/o/{organisation.slug}/consultations/{consultation.id}/responses"
    assert client.get(f"{base}/{row.id}").status_code == 404
    assert f"/responses/{row.id}" not in client.get(base).text
