"""Presenter-paced sessions over HTTP: phones follow the facilitator's question."""

from __future__ import annotations

import pytest

from tests.helpers import follow, question_id, soup, start
from tests.live.phone_helpers import ROOM_CODE, end, make_live, move_to
from voices.live.phone import PAST_THE_END

WAIT = f"/c/{ROOM_CODE}/wait"
POLL = f"/c/{ROOM_CODE}/wait/poll"


@pytest.fixture
def live(session, consultation):
    return make_live(session, consultation, pace="presenter")


def answer(client, qid: str, data: dict):
    return client.post(f"/c/{ROOM_CODE}/q/{qid}", data=data)


def test_before_the_group_starts_the_phone_waits(client, live):
    started = start(client, ROOM_CODE)
    assert started.headers["location"] == WAIT
    page = client.get(WAIT)
    html = soup(page)
    assert html.find("h1").get_text(strip=True) == "Waiting for the group to start"
    assert page.headers["cache-control"] == "no-store"
    # htmx polls every second; without JavaScript a meta refresh and "Check again".
    poller = html.find(attrs={"hx-get": True})
    assert poller["hx-get"] == f"{POLL}?showing=start" and poller["hx-trigger"] == "every 1s"
    assert html.find("script", src=lambda s: "htmx-2.0.11" in s)
    refresh = html.find("noscript").find("meta")
    assert refresh["http-equiv"] == "refresh" and refresh["content"] == "3"
    assert html.find("a", string="Check again")["href"] == WAIT
    assert client.get(POLL + "?showing=start").status_code == 204


def test_no_question_opens_before_the_group_starts(client, live):
    start(client, ROOM_CODE)
    assert client.get(f"/c/{ROOM_CODE}/q/welcome").headers["location"] == WAIT
    assert answer(client, "welcome", {"action": "continue"}).headers["location"] == WAIT
    assert client.get(f"/c/{ROOM_CODE}/check").headers["location"] == WAIT
    assert client.post(f"/c/{ROOM_CODE}/submit").headers["location"] == WAIT


def test_the_phone_shows_the_current_question_then_waits_then_moves_on(client, session, live):
    start(client, ROOM_CODE)
    move_to(session, live, "welcome")
    moved = client.get(POLL + "?showing=start")
    assert moved.status_code == 200 and moved.headers["hx-redirect"] == f"/c/{ROOM_CODE}/q/welcome"
    assert client.get(WAIT).headers["location"] == f"/c/{ROOM_CODE}/q/welcome"
    after = answer(client, "welcome", {"action": "continue"})
    assert after.headers["location"] == WAIT
    page = soup(client.get(WAIT))
    assert page.find("h1").get_text(strip=True) == "Waiting for the next question"
    assert page.find("a", class_="back-link")["href"] == f"/c/{ROOM_CODE}/q/welcome"
    assert client.get(POLL + "?showing=next").status_code == 204
    # Jumping ahead of the group is not allowed.
    assert client.get(f"/c/{ROOM_CODE}/q/where-live").headers["location"] == WAIT
    move_to(session, live, "where-live")
    moved = client.get(POLL + "?showing=next")
    assert moved.headers["hx-redirect"] == f"/c/{ROOM_CODE}/q/where-live"
    page = follow(client, client.get(WAIT))
    assert question_id(page) == "where-live"


def test_back_to_an_answered_question_to_change_it(client, session, live):
    start(client, ROOM_CODE)
    move_to(session, live, "where-live")
    answer(client, "where-live", {"answer": "home", "action": "continue"})
    page = client.get(f"/c/{ROOM_CODE}/q/where-live")
    assert page.status_code == 200
    assert soup(page).find("input", {"value": "home"}).has_attr("checked")
    changed = answer(client, "where-live", {"answer": "kinship", "action": "continue"})
    assert changed.headers["location"] == WAIT


def test_a_question_not_shown_to_this_phone_means_waiting(client, session, live):
    start(client, ROOM_CODE)  # the 8-11 version
    move_to(session, live, "older-only")
    assert client.get(POLL + "?showing=start").headers["hx-redirect"] == WAIT
    page = soup(client.get(WAIT))
    assert page.find("h1").get_text(strip=True) == "Waiting for the next question"
    assert client.get(f"/c/{ROOM_CODE}/q/older-only").headers["location"] == WAIT
    move_to(session, live, "foster-ok")  # only for those living with foster carers
    assert client.get(WAIT).status_code == 200


def test_past_the_last_question_the_phone_checks_and_sends(client, session, live):
    start(client, ROOM_CODE)
    move_to(session, live, "anything-else")
    answer(client, "anything-else", {"answer": "Pizza", "action": "continue"})
    move_to(session, live, PAST_THE_END)
    assert client.get(POLL + "?showing=next").headers["hx-redirect"] == f"/c/{ROOM_CODE}/check"
    check = client.get(f"/c/{ROOM_CODE}/check")
    assert check.status_code == 200 and "Pizza" in check.text
    # Questions the group passed before this phone joined may still be answered now.
    assert client.get(f"/c/{ROOM_CODE}/q/likes?return=check").status_code == 200
    assert client.post(f"/c/{ROOM_CODE}/submit").headers["location"].endswith("/thanks")
    assert client.get(POLL + "?showing=next").headers["hx-redirect"] == f"/c/{ROOM_CODE}/thanks"


def test_when_the_session_ends_a_waiting_phone_goes_at_its_own_pace(client, session, live):
    start(client, ROOM_CODE)
    end(session, live)
    moved = client.get(POLL + "?showing=start")
    assert moved.headers["hx-redirect"] == f"/c/{ROOM_CODE}/continue"
    page = follow(client, client.get(f"/c/{ROOM_CODE}/continue"))
    assert question_id(page) == "welcome"
    assert client.get(f"/c/{ROOM_CODE}/q/likes").status_code == 200  # no group to wait for


def test_self_paced_sessions_never_wait(client, session, consultation):
    make_live(session, consultation, pace="self", current_question_id="likes")
    page = follow(client, start(client, ROOM_CODE))
    assert question_id(page) == "welcome"
    assert client.get(WAIT).headers["location"] == f"/c/{ROOM_CODE}/continue"


def test_the_waiting_page_without_a_response_goes_to_welcome(client, live):
    assert client.get(WAIT).headers["location"] == f"/c/{ROOM_CODE}"
    assert client.get(POLL).headers["hx-redirect"] == f"/c/{ROOM_CODE}"
