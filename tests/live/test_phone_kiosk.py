"""Kiosk mode over HTTP: one tablet passed round, nothing of one child left for the next."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.helpers import follow, question_id, soup, start
from tests.live.phone_helpers import KIOSK_CODE, end, make_live
from voices.live.kiosk import DEFAULT_TIMINGS, THANKS_COOKIE
from voices.models import Consultation, Response
from voices.respond.pages import COOKIE

BASE = f"/c/{KIOSK_CODE}"


@pytest.fixture
def live(session, consultation):
    return make_live(session, consultation, code=KIOSK_CODE, kiosk=True)


def finish(client, text: str = "My secret words"):
    """One child's whole journey on the tablet, to "thank you"."""
    page = follow(client, start(client, KIOSK_CODE))
    while question_id(page) != "anything-else":
        page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))
    client.post(str(page.url.path), data={"answer": text, "action": "continue"})
    return client.post(f"{BASE}/submit")


def test_the_kiosk_cookie_lasts_only_while_the_browser_is_open(client, live):
    cookie = start(client, KIOSK_CODE).headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "Max-Age" not in cookie and "expires" not in cookie


def test_no_save_or_resume_on_a_shared_tablet(client, live):
    welcome = soup(client.get(BASE))
    assert not welcome.find("a", href=f"{BASE}/resume")
    page = follow(client, start(client, KIOSK_CODE))
    assert "Save and come back later" not in page.text
    for refused in (
        client.get(f"{BASE}/save"),
        client.post(f"{BASE}/save"),
        client.get(f"{BASE}/resume"),
        client.post(f"{BASE}/resume", data={"resume_code": "123 456 789"}),
    ):
        assert refused.status_code == 403
        assert soup(refused).find("h1").get_text(strip=True) == (
            "Saving is turned off on this tablet"
        )


def test_sending_clears_the_cookie_and_thank_you_offers_the_next_person(client, session, live):
    sent = finish(client)
    assert sent.headers["location"] == f"{BASE}/thanks"
    cookies = sent.headers.get_list("set-cookie")
    assert any(c.startswith(f'{COOKIE}=""') and "Max-Age=0" in c for c in cookies)
    assert COOKIE not in client.cookies
    assert session.exec(select(Response)).one().status == "submitted"
    thanks = client.get(f"{BASE}/thanks")
    page = soup(thanks)
    assert page.find("h1").get_text(strip=True) == "Thank you"
    assert page.find("a", string="Next person")["href"] == BASE
    refresh = page.find("noscript").find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == f"{DEFAULT_TIMINGS.thanks_seconds};url={BASE}"
    returns = page.find(attrs={"data-kiosk-return": True})  # static/js/kiosk.js
    assert returns["data-kiosk-return"] == BASE
    assert returns["data-after"] == str(DEFAULT_TIMINGS.thanks_seconds)
    assert f"in {DEFAULT_TIMINGS.thanks_seconds} seconds" in returns.get_text()
    more = soup(client.get(f"{BASE}/thanks?more=1"))
    assert not more.find(attrs={"data-kiosk-return": True})
    assert not more.find("meta", attrs={"content": f"20;url={BASE}"})
    assert more.find("a", string="Next person")


def test_after_thank_you_nothing_of_the_child_can_be_reached(client, live):
    finish(client, "My secret words")
    for path in ("/check", "/q/anything-else", "/continue", "/thanks?more=1"):
        page = client.get(BASE + path, follow_redirects=True)
        assert "My secret words" not in page.text, path
    # Back to "check your answers" lands on the welcome page for the next person.
    assert client.get(f"{BASE}/check").headers["location"] == BASE
    welcome = client.get(BASE)
    assert "Carry on where you left off" not in welcome.text
    assert any(c.startswith(f'{THANKS_COOKIE}=""') for c in welcome.headers.get_list("set-cookie"))
    client.cookies.delete(THANKS_COOKIE)
    assert client.get(f"{BASE}/thanks").headers["location"] == BASE


def test_thank_you_is_never_shown_without_sending(client, live):
    assert client.get(f"{BASE}/thanks").headers["location"] == BASE
    client.cookies.set(THANKS_COOKIE, "forged.0123456789abcdef0123456789abcdef", path=BASE)
    assert client.get(f"{BASE}/thanks").headers["location"] == BASE


def test_the_next_person_starts_afresh(client, session, live):
    finish(client, "First child")
    finish(client, "Second child")
    rows = session.exec(select(Response)).all()
    assert len(rows) == 2 and {r.status for r in rows} == {"submitted"}


def test_an_idle_tablet_clears_itself_and_keeps_the_answers_unsent(client, session, live):
    page = follow(client, start(client, KIOSK_CODE))
    client.post(str(page.url.path), data={"action": "continue"})
    question = soup(client.get(f"{BASE}/q/where-live"))
    dialog = question.find("dialog", attrs={"data-kiosk": True})
    assert dialog["data-idle"] == str(DEFAULT_TIMINGS.idle_seconds)
    assert dialog["data-warning"] == str(DEFAULT_TIMINGS.warning_seconds)
    assert dialog["data-clear-url"] == f"{BASE}/clear"
    assert dialog.find("button", string="Yes, carry on")
    assert question.find("script", src=lambda s: "kiosk" in s)
    cleared = client.get(f"{BASE}/clear")
    assert cleared.status_code == 303 and cleared.headers["location"] == BASE
    assert COOKIE not in client.cookies
    assert client.get(f"{BASE}/q/where-live").headers["location"] == BASE
    row = session.exec(select(Response)).one()
    assert row.status == "in_progress" and row.submitted_at is None


def test_without_javascript_idle_pages_warn_but_never_a_page_with_a_text_box(client, live):
    page = follow(client, start(client, KIOSK_CODE))
    refresh = soup(page).find("noscript").find("meta", attrs={"http-equiv": "refresh"})
    idle = DEFAULT_TIMINGS.idle_seconds
    assert refresh["content"] == f"{idle};url={BASE}/still-there"
    text_page = soup(client.get(f"{BASE}/q/anything-else"))
    assert not text_page.find("meta", attrs={"http-equiv": "refresh"})
    other_box = soup(client.get(f"{BASE}/q/likes"))  # "Something else" has a text box
    assert not other_box.find("meta", attrs={"http-equiv": "refresh"})
    warning = soup(client.get(f"{BASE}/still-there"))
    assert warning.find("h1").get_text(strip=True) == "Are you still there?"
    assert warning.find("a", string="Yes, carry on")["href"] == f"{BASE}/continue"
    clears = warning.find("noscript").find("meta", attrs={"http-equiv": "refresh"})
    assert clears["content"] == f"{DEFAULT_TIMINGS.warning_seconds};url={BASE}/clear"
    assert warning.find(attrs={"data-kiosk-return": f"{BASE}/clear"})


def test_kiosk_pages_are_only_for_kiosk_sessions(client, session, consultation):
    make_live(session, consultation)
    assert client.get("/c/PHN3XY/still-there").status_code == 404
    assert client.get("/c/PHN3XY/clear").status_code == 404
    assert client.get("/c/TQ4RTX/clear").status_code == 404


def test_a_finished_kiosk_session_welcomes_nobody_new(client, session, live):
    end(session, live)
    assert "This session has finished" in client.get(BASE).text


def test_a_welcome_page_asking_for_a_name_never_reloads_when_idle(client, session, live):
    anonymous = soup(client.get(BASE))
    assert anonymous.find("noscript").find("meta", attrs={"http-equiv": "refresh"})
    consultation = session.get(Consultation, live.consultation_id)
    consultation.anonymous = False
    session.add(consultation)
    session.commit()
    client.app.state.consultations.forget()
    named = soup(client.get(BASE))
    assert named.find("input", {"name": "name"})
    assert not named.find("meta", attrs={"http-equiv": "refresh"})


def test_the_next_person_never_carries_on_someone_elses_answers(client, session, live):
    # A child leaves part-way (say by "Leave this site quickly"): the tablet's welcome page
    # offers the next person a fresh start, never the answers left behind.
    page = follow(client, start(client, KIOSK_CODE))
    client.post(str(page.url.path), data={"action": "continue"})
    client.post(f"{BASE}/q/where-live", data={"answer": "foster", "action": "continue"})
    welcome = client.get(BASE)
    assert "Carry on where you left off" not in welcome.text
    assert not soup(welcome).find("form", action=f"{BASE}/afresh")
    fresh = follow(client, start(client, KIOSK_CODE))
    assert question_id(fresh) == "welcome"
    assert client.get(f"{BASE}/q/foster-ok").headers["location"] == f"{BASE}/q/welcome"
    rows = session.exec(select(Response)).all()
    assert len(rows) == 2 and {r.status for r in rows} == {"in_progress"}
