"""Joining a live session by its code: the consultation's journey under the session's code."""

from __future__ import annotations

from sqlmodel import select

from tests.helpers import follow, question_id, soup, start
from tests.live.phone_helpers import ROOM_CODE, end, make_live
from voices.models import Response


def test_typing_a_session_code_on_the_home_page_opens_its_welcome(client, session, consultation):
    make_live(session, consultation)
    response = client.post("/join", data={"code": "phn 3xy"})
    assert response.status_code == 303 and response.headers["location"] == f"/c/{ROOM_CODE}"
    page = soup(client.get(f"/c/{ROOM_CODE}"))
    assert page.find("h1").get_text(strip=True) == "Every kind of question"
    assert page.find("form", {"action": f"/c/{ROOM_CODE}/start"})


def test_the_qr_address_in_lower_case_goes_to_the_canonical_one(client, session, consultation):
    make_live(session, consultation)
    response = client.get("/c/phn3xy")
    assert response.status_code == 303 and response.headers["location"] == f"/c/{ROOM_CODE}"


def test_a_response_started_in_a_session_belongs_to_it(client, session, consultation):
    live = make_live(session, consultation)
    started = start(client, ROOM_CODE)
    assert started.headers["location"] == f"/c/{ROOM_CODE}/q/welcome"
    cookie = started.headers["set-cookie"]
    assert f"Path=/c/{ROOM_CODE}" in cookie and "Max-Age" in cookie
    row = session.exec(select(Response)).one()
    assert row.live_session_id == live.id and row.consultation_id == consultation.id


def test_every_link_on_the_way_keeps_the_session_code(client, session, consultation):
    make_live(session, consultation)
    page = follow(client, start(client, ROOM_CODE))
    while "/q/" in str(page.url):
        assert str(page.url).startswith(f"http://testserver/c/{ROOM_CODE}/q/")
        assert (
            soup(page)
            .find("a", string="Save and come back later")["href"]
            .startswith(f"/c/{ROOM_CODE}/")
        )
        page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))
    assert page.url.path == f"/c/{ROOM_CODE}/check"
    submitted = client.post(f"/c/{ROOM_CODE}/submit")
    assert submitted.headers["location"] == f"/c/{ROOM_CODE}/thanks"
    assert "Your answers have been sent" in client.get(f"/c/{ROOM_CODE}/thanks").text


def test_the_consultations_own_code_still_works_without_a_session(client, session, consultation):
    make_live(session, consultation)
    follow(client, start(client, "TQ4RTX"))
    row = session.exec(select(Response)).one()
    assert row.live_session_id is None


def test_a_finished_session_takes_no_new_answers(client, session, consultation):
    live = make_live(session, consultation)
    end(session, live)
    response = client.post("/join", data={"code": ROOM_CODE})
    assert response.headers["location"] == f"/c/{ROOM_CODE}"
    page = client.get(f"/c/{ROOM_CODE}")
    assert page.status_code == 200
    assert soup(page).find("h1").get_text(strip=True) == "This session has finished"
    assert not soup(page).find("form")
    refused = client.post(f"/c/{ROOM_CODE}/start", data={"start_key": "k" * 20, "version": "8-11"})
    assert "This session has finished" in refused.text
    assert session.exec(select(Response)).first() is None


def test_a_phone_part_way_through_when_the_session_ends_may_still_send(
    client, session, consultation
):
    live = make_live(session, consultation)
    page = follow(client, start(client, ROOM_CODE))
    assert question_id(page) == "welcome"
    end(session, live)
    welcome = soup(client.get(f"/c/{ROOM_CODE}"))
    assert welcome.find("h1").get_text(strip=True) == "This session has finished"
    carry_on = welcome.find("a", string="Finish and send my answers")["href"]
    page = follow(client, client.get(carry_on))
    assert question_id(page) == "welcome"
    assert client.get(f"/c/{ROOM_CODE}/check").status_code == 200
    assert client.post(f"/c/{ROOM_CODE}/submit").headers["location"].endswith("/thanks")
    assert session.exec(select(Response)).one().status == "submitted"


def test_a_session_ending_takes_effect_at_once_despite_the_directory(client, session, consultation):
    live = make_live(session, consultation)
    assert "Start now" in client.get(f"/c/{ROOM_CODE}").text  # the code is now remembered
    end(session, live)
    assert "This session has finished" in client.get(f"/c/{ROOM_CODE}").text
