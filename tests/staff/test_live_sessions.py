"""Live sessions, staff side, over HTTP: start, the facilitator screen and its polled
fragment, the 3-answer rule, skips, free text never shown, pace, end, roles, audit."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from tests.staff.conftest import make_staff, signed_in
from tests.staff.live_helpers import make_open_consultation, make_session, phone
from voices.live.pace import END
from voices.live.store import new_join_code
from voices.models import AuditEvent, Consultation, LiveSession, SafeguardingAlert

SECRET_WORDS = "my secret words about home"


@pytest.fixture
def consultation(session, organisation):
    return make_open_consultation(session, organisation)


@pytest.fixture
def worker(client, session, organisation):
    return signed_in(client, make_staff(session, organisation, "worker"))


def _cbase(org, consultation) -> str:
    return f"/staff/o/{org.slug}/consultations/{consultation.id}"


def _actions(session) -> list[str]:
    return list(session.exec(select(AuditEvent.action)).all())


def _results_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    region = soup.find(id="live-results")
    assert region is not None
    return region.get_text(" ", strip=True)


def test_start_a_session_with_its_own_code(client, session, organisation, consultation, worker):
    page = client.get(_cbase(organisation, consultation))
    assert "Start a live session" in page.text and "Self-paced" in page.text
    response = client.post(
        _cbase(organisation, consultation) + "/sessions", data={"pace": "presenter", "kiosk": "yes"}
    )
    assert response.status_code == 303
    live = session.exec(select(LiveSession)).one()
    assert (
        response.headers["location"] == f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    )
    assert live.pace == "presenter" and live.kiosk and live.ended_at is None
    assert live.join_code != consultation.join_code and len(live.join_code) == 6
    assert "live_session.start" in _actions(session)
    screen = client.get(response.headers["location"])
    assert screen.status_code == 200
    assert live.join_code in screen.text
    assert (
        f"http://testserver/c/{live.join_code}" in screen.text
        or f"/c/{live.join_code}" in screen.text
    )
    assert "<svg" in screen.text and "style=" not in screen.text
    # The consultation's page lists it as running, with no second start form.
    page = client.get(_cbase(organisation, consultation))
    assert "A session is running" in page.text and "Start a live session" not in page.text


def test_self_paced_is_the_default_and_one_session_at_a_time(
    client, session, organisation, consultation, worker
):
    first = client.post(_cbase(organisation, consultation) + "/sessions", data={})
    again = client.post(
        _cbase(organisation, consultation) + "/sessions", data={"pace": "presenter"}
    )
    assert first.headers["location"] == again.headers["location"]
    live = session.exec(select(LiveSession)).one()
    assert live.pace == "self" and not live.kiosk


def test_start_refuses_an_unknown_pace_and_a_closed_consultation(
    client, session, organisation, consultation, worker
):
    response = client.post(_cbase(organisation, consultation) + "/sessions", data={"pace": "fast"})
    assert response.status_code == 400
    assert "Choose self-paced or presenter-paced" in response.text
    consultation.closes_at = consultation.opens_at
    session.add(consultation)
    session.commit()
    response = client.post(_cbase(organisation, consultation) + "/sessions", data={})
    assert response.status_code == 400 and "not open" in response.text
    assert session.exec(select(LiveSession)).all() == []


def test_end_a_session(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    assert client.post(url + "/end").status_code == 303
    session.refresh(live)
    assert live.ended_at is not None
    assert "live_session.end" in _actions(session)
    screen = client.get(url)
    assert "This session has ended" in screen.text and "End this session" not in screen.text
    assert "hx-trigger" not in screen.text  # an ended session stops polling
    # A new one may start once the last has ended.
    assert client.post(_cbase(organisation, consultation) + "/sessions").status_code == 303
    assert len(session.exec(select(LiveSession)).all()) == 2


def test_counts_of_phones_joined_and_finished(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    phone(session, consultation, live, {}, status="in_progress")
    phone(session, consultation, live, {}, status="submitted")
    phone(session, consultation, None, {}, status="submitted")  # not in the room
    soup = BeautifulSoup(
        client.get(f"{_cbase(organisation, consultation)}/sessions/{live.id}").text, "html.parser"
    )
    counts = soup.find(id="live-counts")
    assert counts["aria-live"] == "polite"
    numbers = [n.get_text() for n in counts.select(".live-counts__number")]
    assert numbers == ["2", "1"]


def test_results_show_only_from_three_answers(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    for _ in range(2):
        phone(session, consultation, live, {"feel-safe": {"value": "yes"}})
    text = _results_text(client.get(url).text)
    assert "Do you feel safe where you live?" in text
    assert (
        "Waiting for answers"
        in text.split("Do you feel safe where you live?")[1].split("What do")[0]
    )
    assert 'id="chart-feel-safe' not in client.get(url).text
    phone(session, consultation, live, {"feel-safe": {"value": "no"}})
    html = client.get(url).text
    soup = BeautifulSoup(html, "html.parser")
    chart = soup.find("svg", attrs={"aria-labelledby": re.compile("chart-feel-safe")})
    assert chart is not None and chart["role"] == "img"
    assert chart.find("title").get_text() == "Do you feel safe where you live?"
    assert "Yes: 2" in chart.find("desc").get_text() and "No: 1" in chart.find("desc").get_text()
    table = chart.find_next("table")
    rows = [[c.get_text() for c in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    assert rows == [["Yes", "2"], ["No", "1"], ["Not sure", "0"]]


def test_skips_do_not_count_as_answers(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    for _ in range(2):
        phone(session, consultation, live, {"where-live": {"option": "foster"}})
    for _ in range(3):
        phone(session, consultation, live, {"where-live": None})
    html = client.get(f"{_cbase(organisation, consultation)}/sessions/{live.id}").text
    assert "chart-where-live" not in html


def test_other_sessions_answers_are_not_counted(
    client, session, organisation, consultation, worker
):
    live = make_session(session, consultation)
    other = make_session(session, consultation, code="NQ7RTY")
    for _ in range(3):
        phone(session, consultation, other, {"feel-safe": {"value": "yes"}})
        phone(session, consultation, None, {"feel-safe": {"value": "yes"}})
    html = client.get(f"{_cbase(organisation, consultation)}/sessions/{live.id}").text
    assert "chart-feel-safe" not in html


def test_free_text_is_never_shown(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    for _ in range(4):
        phone(
            session,
            consultation,
            live,
            {
                "anything-else": {"text": SECRET_WORDS},
                "where-live": {"option": "other", "other": SECRET_WORDS},
                "likes": {"options": ["music", "other"], "other": SECRET_WORDS},
            },
        )
    page = client.get(url)
    fragment = client.get(url + "/results")
    for html in (page.text, fragment.text):
        assert SECRET_WORDS not in html
        assert "Is there anything else you want to tell us?" not in html
        assert "chart-where-live" in html and "Somewhere else: 4" in html
        assert "Music: 4" in html and "Something else: 4" in html


def test_answers_held_by_an_alert_are_left_out(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    responses = [
        phone(session, consultation, live, {"feel-safe": {"value": "no"}}) for _ in range(3)
    ]
    from voices.models import Answer

    held = session.exec(select(Answer).where(Answer.response_id == responses[0].id)).one()
    session.add(
        SafeguardingAlert(
            organisation_id=organisation.id,
            consultation_id=consultation.id,
            response_id=responses[0].id,
            answer_id=held.id,
            question_id="feel-safe",
            tier="alert",
        )
    )
    session.commit()
    html = client.get(f"{_cbase(organisation, consultation)}/sessions/{live.id}").text
    assert "chart-feel-safe" not in html


def test_fragment_is_204_until_something_changes(
    client, session, organisation, consultation, worker
):
    live = make_session(session, consultation)
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    region = soup.find(id="live-results")
    poll = region["hx-get"]
    assert region["hx-trigger"] == "every 1s" and region["hx-swap"] == "outerHTML"
    assert client.get(poll).status_code == 204
    phone(session, consultation, live, {"feel-safe": {"value": "yes"}})
    changed = client.get(poll)
    assert changed.status_code == 200
    fragment = BeautifulSoup(changed.text, "html.parser")
    assert fragment.find(id="live-results") is not None
    oob = fragment.find(attrs={"hx-swap-oob": "innerHTML"})
    assert oob["id"] == "live-counts" and "1" in oob.get_text()
    assert client.get(fragment.find(id="live-results")["hx-get"]).status_code == 204


def test_page_works_without_javascript(client, session, organisation, consultation, worker):
    live = make_session(session, consultation)
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    soup = BeautifulSoup(client.get(url).text, "html.parser")
    refresh = soup.find("a", string="Refresh")
    assert refresh is not None and refresh["href"] == url
    assert soup.find("script", src=re.compile("htmx-2.0.11")) is not None
    assert all(not s.string for s in soup.find_all("script"))  # no inline script


def _pace(client, url, move):
    return client.post(url + "/pace", data={"move": move})


def test_presenter_pace_start_next_previous_and_bounds(
    client, session, organisation, consultation, worker
):
    live = make_session(session, consultation, pace="presenter")
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    page = client.get(url)
    assert "Not started" in page.text and 'value="start"' in page.text
    survey = client.app.state.catalog.get("all-types")
    ids = [q.id for q in survey.questions]

    def current():
        session.refresh(live)
        return live.current_question_id

    assert _pace(client, url, "start").status_code == 303
    assert current() == ids[0]
    assert "Question 1 of 7" in client.get(url).text
    _pace(client, url, "previous")
    assert current() == ids[0]  # stays at the first
    _pace(client, url, "next")
    _pace(client, url, "next")
    assert current() == ids[2]
    _pace(client, url, "previous")
    assert current() == ids[1]
    for _ in range(len(ids) - 2):
        _pace(client, url, "next")
    assert current() == ids[-1]
    assert "Finish: phones check their answers" in client.get(url).text
    for _ in range(3):
        _pace(client, url, "next")
    assert current() == END  # past the last question, and it stays there
    page = BeautifulSoup(client.get(url).text, "html.parser")
    assert "phones are checking their answers" in page.get_text()
    assert page.find("button", attrs={"value": "next"}) is None
    _pace(client, url, "previous")
    assert current() == ids[-1]  # "Back to the last question"
    assert "live_session.pace" in _actions(session)


def test_finishing_sends_every_phone_to_check_its_answers(
    client, session, organisation, consultation, worker
):
    from starlette.testclient import TestClient

    from tests.helpers import start

    live = make_session(session, consultation, pace="presenter")
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    _pace(client, url, "start")
    with TestClient(
        client.app, base_url="http://testserver", headers={"Origin": "http://testserver"}
    ) as phone_client:
        start(phone_client, live.join_code)
        survey = client.app.state.catalog.get("all-types")
        for _ in survey.questions:
            _pace(client, url, "next")
        poll = phone_client.get(
            f"/c/{live.join_code}/wait/poll?showing=next", headers={"HX-Request": "true"}
        )
        assert poll.headers.get("HX-Redirect") == f"/c/{live.join_code}/check"
        assert phone_client.get(f"/c/{live.join_code}/check").status_code == 200


def test_pace_refused_for_self_paced_ended_or_unknown_moves(
    client, session, organisation, consultation, worker
):
    selfpaced = make_session(session, consultation)
    url = f"{_cbase(organisation, consultation)}/sessions/{selfpaced.id}"
    response = _pace(client, url, "next")
    assert response.status_code == 400 and "self-paced" in response.text
    presenter = make_session(session, consultation, code="PQ9RTX", pace="presenter")
    url = f"{_cbase(organisation, consultation)}/sessions/{presenter.id}"
    response = _pace(client, url, "sideways")
    assert response.status_code == 400 and "Choose Start, Next question" in response.text
    client.post(url + "/end")
    assert _pace(client, url, "start").status_code == 400
    session.refresh(presenter)
    assert presenter.current_question_id is None


@pytest.mark.parametrize("role", ["viewer", "safeguarding", "admin"])
def test_only_workers(client, session, organisation, consultation, role):
    live = make_session(session, consultation)
    signed_in(client, make_staff(session, organisation, role))
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    assert client.get(url).status_code == 403
    assert client.get(url + "/results").status_code == 403
    assert client.post(url + "/pace", data={"move": "next"}).status_code == 403
    assert client.post(url + "/end").status_code == 403
    assert client.post(_cbase(organisation, consultation) + "/sessions").status_code == 403
    session.refresh(live)
    assert live.ended_at is None


def test_another_consultations_session_is_not_found(
    client, session, organisation, consultation, worker
):
    other = make_open_consultation(session, organisation, code="WQ4TRX")
    live = make_session(session, other)
    url = f"{_cbase(organisation, consultation)}/sessions/{live.id}"
    assert client.get(url).status_code == 404
    assert client.get(url + "/results").status_code == 404
    assert client.post(url + "/end").status_code == 404
    assert client.get(f"{_cbase(organisation, consultation)}/sessions/abc").status_code == 404


def test_new_join_code_is_unique_across_consultations_and_sessions(
    session, monkeypatch, consultation
):
    live = make_session(session, consultation)
    codes = iter([consultation.join_code, live.join_code, "FRESH7"])
    monkeypatch.setattr("voices.live.store.generate_join_code", lambda: next(codes))
    assert new_join_code(session) == "FRESH7"


def test_a_new_consultation_never_takes_a_sessions_code(
    session, monkeypatch, organisation, consultation
):
    from voices.staff.consultations import store as consultations

    live = make_session(session, consultation)
    codes = iter([live.join_code, "FRESH9"])
    monkeypatch.setattr(consultations, "generate_join_code", lambda: next(codes))
    made = consultations.insert_with_code(
        session,
        Consultation(
            organisation_id=organisation.id, title="x", survey_id="all-types", join_code=""
        ),
    )
    assert made.join_code == "FRESH9"
