"""The young person's journey over HTTP, with no JavaScript: every page and every rule."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import func, select

from tests.conftest import make_consultation
from tests.helpers import follow, question_id, soup, start
from voices.models import Answer, Response, utcnow

MARKER = "zebra-marker-private-words"


def answer(client, current, data: dict):
    return client.post(str(current.url.path), data=data)


def walk_to(client, qid: str, **start_args):
    page = follow(client, start(client, **start_args))
    while question_id(page) != qid:
        page = follow(client, answer(client, page, {"action": "skip"}))
    return page


def test_home_page_offers_the_code_form(client):
    page = client.get("/")
    assert page.status_code == 200
    form = soup(page).find("form")
    assert form["action"] == "/join" and form["method"] == "post"
    assert soup(page).find("label", {"for": "code"})


def test_join_codes_are_case_insensitive_and_forgive_spaces(client, consultation):
    response = client.post("/join", data={"code": " tq4-rtx "})
    assert response.status_code == 303
    assert response.headers["location"] == "/c/TQ4RTX"


def test_unknown_code_shows_404_page_with_the_form(client, consultation):
    response = client.post("/join", data={"code": "ZZZZZZ"})
    assert response.status_code == 404
    page = soup(response)
    assert page.find("title").text.startswith("Error:")
    assert page.find("input", {"name": "code"})["value"] == "ZZZZZZ"
    assert client.get("/c/ZZZZZZ").status_code == 404
    assert soup(client.get("/c/ZZZZZZ")).find("input", {"name": "code"})


def test_empty_code_is_a_kind_error(client):
    response = client.post("/join", data={"code": ""})
    assert response.status_code == 422
    summary = soup(response).find(class_="error-summary")
    assert summary.find("a")["href"] == "#code"


def test_lower_case_address_redirects_to_the_canonical_one(client, consultation):
    response = client.get("/c/tq4rtx")
    assert response.status_code == 303 and response.headers["location"] == "/c/TQ4RTX"


def test_welcome_page_says_who_asks_and_offers_versions_and_languages(client, session):
    make_consultation(session, who_is_asking="The Children in Care Council", anonymous=True)
    page = soup(client.get("/c/TQ4RTX"))
    text = page.get_text(" ")
    assert "The Children in Care Council" in text
    assert "You do not have to give your name" in text
    assert "You can stop at any time" in text
    assert [i["value"] for i in page.find_all("input", {"name": "version"})] == ["8-11", "12-17"]
    assert page.find("a", {"hreflang": "cy"})["href"] == "?lang=cy"


def test_start_without_choosing_a_version_is_a_422(client, consultation):
    page = client.get("/c/TQ4RTX")
    key = soup(page).find("input", {"name": "start_key"})["value"]
    response = client.post("/c/TQ4RTX/start", data={"start_key": key})
    assert response.status_code == 422
    assert soup(response).find(class_="error-summary").find("a")["href"] == "#version"


def test_whole_journey_stores_every_answer_and_submits_once(client, session, consultation):
    page = follow(client, start(client, version="8-11"))
    assert question_id(page) == "welcome"
    assert "Question 1 of 5" in page.text
    page = follow(client, answer(client, page, {"action": "continue"}))
    assert question_id(page) == "where-live"
    page = follow(client, answer(client, page, {"answer": "foster"}))
    assert question_id(page) == "foster-ok", "show_if follow-up appears for foster care"
    assert len(soup(page).find_all("svg", class_="face")) == 5
    page = follow(client, answer(client, page, {"answer": "4"}))
    assert question_id(page) == "feel-safe"
    assert "Do you feel safe at home?" in page.text, "the 8-11 wording is used"
    page = follow(client, answer(client, page, {"answer": "not_sure"}))
    page = follow(
        client, answer(client, page, {"answer": ["sport", "other"], "other_text": "Drama"})
    )
    assert question_id(page) == "anything-else", "older-only is not in the 8-11 version"
    check = follow(client, answer(client, page, {"answer": "I like my room"}))
    assert check.url.path == "/c/TQ4RTX/check"
    summary = check.text
    for words in (
        "With foster carers",
        "Good",
        "Not sure",
        "Sport, Something else",
        "Drama",
        "I like my room",
    ):
        assert words in summary
    thanks = follow(client, client.post("/c/TQ4RTX/submit"))
    assert "Your answers have been sent" in thanks.text
    words = soup(thanks).get_text()  # phone numbers sit in <bdi> (right-to-left pages)
    assert "0800 1111" in words and "Call 0300 000 0000" in words
    # "They will tell you what they changed": the thanks page leads to the results page.
    results = soup(thanks).find("a", string="See what everyone said and what will change")
    assert results is not None and results["href"] == "/results/TQ4RTX"
    assert client.get(results["href"]).status_code == 200
    # A replayed submit changes nothing.
    assert client.post("/c/TQ4RTX/submit").headers["location"] == "/c/TQ4RTX/thanks"
    row = session.exec(select(Response)).one()
    assert row.status == "submitted" and row.submitted_at is not None
    stored = {a.question_id: a.value for a in session.exec(select(Answer))}
    assert stored["where-live"] == {"option": "foster"}
    assert stored["foster-ok"] == {"value": 4}
    assert stored["likes"] == {"options": ["sport", "other"], "other": "Drama"}
    assert stored["anything-else"] == {"text": "I like my room"}
    # After sending, question pages lead to the thank-you page.
    assert client.get("/c/TQ4RTX/q/likes").headers["location"] == "/c/TQ4RTX/thanks"


def test_double_tap_on_start_makes_one_response(client, session, consultation):
    page = client.get("/c/TQ4RTX")
    key = soup(page).find("input", {"name": "start_key"})["value"]
    first = client.post("/c/TQ4RTX/start", data={"start_key": key, "version": "8-11"})
    second = client.post("/c/TQ4RTX/start", data={"start_key": key, "version": "8-11"})
    assert first.headers["location"] == second.headers["location"]
    assert first.cookies.get("voices_response") == second.cookies.get("voices_response")
    assert session.exec(select(func.count()).select_from(Response)).one() == 1


def test_replayed_answer_leaves_one_row(client, session, consultation):
    page = walk_to(client, "where-live")
    for _ in range(3):
        assert answer(client, page, {"answer": "home"}).status_code == 303
    assert (
        session.exec(
            select(func.count()).select_from(Answer).where(Answer.question_id == "where-live")
        ).one()
        == 1
    )


def test_skipping_is_stored_and_shown_as_rather_not_say(client, session, consultation):
    page = walk_to(client, "where-live")
    follow(client, answer(client, page, {"action": "skip", "answer": "home"}))
    row = session.exec(select(Answer).where(Answer.question_id == "where-live")).one()
    assert row.skipped and row.value is None
    assert "I'd rather not say" in client.get("/c/TQ4RTX/check").text


def test_nothing_chosen_is_a_422_with_the_gov_uk_error_pattern(client, session, consultation):
    page = walk_to(client, "where-live")
    response = answer(client, page, {"action": "continue"})
    assert response.status_code == 422
    html = soup(response)
    assert html.find("title").text.startswith("Error:")
    assert html.find(class_="error-summary").find("a")["href"] == "#answer"
    assert html.find(id="answer")["type"] == "radio"
    assert "answer-error" in html.find("fieldset")["aria-describedby"]
    assert session.exec(select(Answer).where(Answer.question_id == "where-live")).first() is None


def test_over_long_text_keeps_what_was_typed_and_stores_nothing(client, session, consultation):
    page = walk_to(client, "anything-else")
    typed = "x" * 41
    response = answer(client, page, {"answer": typed})
    assert response.status_code == 422
    html = soup(response)
    assert html.find("textarea", id="answer").text == typed
    assert "41 characters" in html.find(id="answer-error").text  # said once, in the summary
    assert session.exec(select(Answer).where(Answer.question_id == "anything-else")).first() is None


def test_tampered_option_is_400_and_stores_nothing(client, session, consultation):
    page = walk_to(client, "where-live")
    assert answer(client, page, {"answer": "castle"}).status_code == 400
    assert answer(client, page, {"answer": ["home", "foster"]}).status_code == 400
    assert session.exec(select(Answer).where(Answer.question_id == "where-live")).first() is None


def test_question_from_another_survey_or_version_is_400(client, session, consultation):
    walk_to(client, "where-live")
    assert client.post("/c/TQ4RTX/q/feel-safe-at-school", data={"answer": "yes"}).status_code == 400
    assert client.post("/c/TQ4RTX/q/older-only", data={"answer": "yes"}).status_code == 400
    assert session.exec(select(Answer).where(Answer.question_id == "older-only")).first() is None


def test_cross_site_posts_are_refused(client, consultation):
    page = client.get("/c/TQ4RTX")
    key = soup(page).find("input", {"name": "start_key"})["value"]
    data = {"start_key": key, "version": "8-11"}
    assert (
        client.post(
            "/c/TQ4RTX/start", data=data, headers={"Sec-Fetch-Site": "cross-site"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/c/TQ4RTX/start", data=data, headers={"Origin": "https://evil.example"}
        ).status_code
        == 403
    )
    same = client.post(
        "/c/TQ4RTX/start",
        data=data,
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert same.status_code == 303


def test_free_text_never_reaches_logs_or_urls(client, consultation, caplog):
    caplog.set_level(logging.DEBUG)
    page = walk_to(client, "anything-else")
    response = answer(client, page, {"answer": MARKER})
    assert MARKER not in response.headers.get("location", "")
    too_long = answer(client, page, {"answer": MARKER * 3})
    assert too_long.status_code == 422
    follow(client, client.post("/c/TQ4RTX/submit"))
    assert MARKER not in caplog.text


def test_changing_an_answer_drops_a_follow_up_that_no_longer_applies(client, session, consultation):
    page = walk_to(client, "where-live")
    page = follow(client, answer(client, page, {"answer": "foster"}))
    follow(client, answer(client, page, {"answer": "2"}))
    change = client.get("/c/TQ4RTX/q/where-live?return=check")
    assert soup(change).find("input", {"name": "return"})["value"] == "check"
    assert soup(change).find("a", class_="back-link")["href"] == "/c/TQ4RTX/check"
    client.post("/c/TQ4RTX/q/where-live", data={"answer": "kinship", "return": "check"})
    assert "How do you get on with your foster carers?" not in client.get("/c/TQ4RTX/check").text
    client.post("/c/TQ4RTX/submit")
    assert session.exec(select(Answer).where(Answer.question_id == "foster-ok")).first() is None


def test_older_version_sees_its_own_questions(client, consultation):
    page = walk_to(client, "older-only", version="12-17")
    assert "pathway plan" in page.text


def test_save_and_resume_on_another_device(client, app, session, consultation):
    page = walk_to(client, "where-live")
    follow(client, answer(client, page, {"answer": "home"}))
    saved = client.post("/c/TQ4RTX/save")
    code = soup(saved).find(class_="resume-code").text
    assert len(code.replace(" ", "")) == 9
    row = session.exec(select(Response)).one()
    assert code.replace(" ", "") not in (row.resume_code_hash or "")
    assert row.resume_expires_at > utcnow() + timedelta(days=29)

    from starlette.testclient import TestClient

    with TestClient(
        app, follow_redirects=False, headers={"Origin": "http://testserver"}
    ) as other_device:
        wrong = other_device.post("/c/TQ4RTX/resume", data={"resume_code": "000 000 000"})
        assert wrong.status_code == 422
        bad = other_device.post("/c/TQ4RTX/resume", data={"resume_code": "12"})
        assert bad.status_code == 422 and "9 numbers" in bad.text
        ok = other_device.post("/c/TQ4RTX/resume", data={"resume_code": code})
        assert ok.status_code == 303
        page = follow(other_device, ok)
        page = follow(other_device, page)
        assert question_id(page) == "feel-safe", "carries on at the first unanswered question"


def test_expired_resume_code_does_not_work(client, session, consultation):
    walk_to(client, "where-live")
    code = soup(client.post("/c/TQ4RTX/save")).find(class_="resume-code").text
    row = session.exec(select(Response)).one()
    row.resume_expires_at = utcnow() - timedelta(minutes=1)
    session.add(row)
    session.commit()
    client.cookies.clear()
    assert client.post("/c/TQ4RTX/resume", data={"resume_code": code}).status_code == 422


def test_closed_and_not_yet_open_consultations_are_friendly(client, session):
    make_consultation(session, "CQ4C3D", closes_at=utcnow() - timedelta(hours=1))
    make_consultation(session, "NY7APE", opens_at=utcnow() + timedelta(days=3))
    closed = client.get("/c/CQ4C3D")
    assert closed.status_code == 200 and "This survey has closed" in closed.text
    assert "not open yet" in client.get("/c/NY7APE").text


def test_language_choice_sets_cookie_and_rtl_for_arabic(client, consultation):
    welsh = client.get("/c/TQ4RTX?lang=cy")
    assert soup(welsh).find("html")["lang"] == "cy"
    assert welsh.cookies.get("voices_lang") == "cy"
    assert soup(client.get("/")).find("html")["lang"] == "cy", "the cookie remembers"
    client.cookies.clear()
    arabic = soup(client.get("/", headers={"Accept-Language": "ar-SA,ar;q=0.9"}))
    assert arabic.find("html")["lang"] == "ar" and arabic.find("html")["dir"] == "rtl"
    polish = soup(client.get("/", headers={"Accept-Language": "pl, en;q=0.5"}))
    assert polish.find("html")["lang"] == "pl"


def test_survey_text_in_the_chosen_language(client, consultation):
    client.get("/c/TQ4RTX?lang=cy")
    page = walk_to(client, "where-live")
    assert "Ble rwyt ti'n byw?" in soup(page).get_text()
    assert "Gyda gofalwyr maeth" in page.text


def test_pages_carry_security_headers_and_no_inline_code(client, consultation):
    for url in ("/", "/c/TQ4RTX", "/c/ZZZZZZ"):
        response = client.get(url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        html = soup(response)
        assert all(script.get("src") for script in html.find_all("script"))
        assert not html.find_all("style") and not html.find_all(style=True)
    assert client.get("/c/TQ4RTX").headers["cache-control"] == "no-store"


def test_responses_are_compressed_and_static_files_cached_for_long(client):
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    css = soup(page).find("link", rel="stylesheet")["href"]
    assert css.startswith("/static/css/app.") and css.endswith(".css")
    static = client.get(css)
    assert static.status_code == 200
    assert "immutable" in static.headers["cache-control"]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(settings, engine):
    from sqlmodel import Session
    from starlette.testclient import TestClient

    from voices import db
    from voices.app import create_app

    broken = db.make_engine("sqlite:////nonexistent-folder/voices.db")
    app = create_app(settings, engine=engine, session_factory=lambda: Session(broken))
    with TestClient(app, headers={"Origin": "http://testserver"}) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_too_many_wrong_resume_codes_are_slowed_down(client, consultation, monkeypatch):
    from voices.respond import resuming

    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(resuming, "hold", no_wait)
    for _ in range(resuming.RESUME_FAILURES_ALLOWED + 1):
        assert (
            client.post("/c/TQ4RTX/resume", data={"resume_code": "999 999 999"}).status_code == 422
        )
    assert waits == []
    client.post("/c/TQ4RTX/resume", data={"resume_code": "999 999 999"})
    assert [round(w) for w in waits] == [10], "past the limit, each code waits for its turn"


def test_a_named_consultation_asks_for_a_first_name(client, session):
    make_consultation(session, "KMWX47", anonymous=False)
    page = client.get("/c/KMWX47")
    assert page.status_code == 200
    assert soup(page).find("input", {"name": "name"})["value"] == ""
