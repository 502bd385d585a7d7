"""Safeguarding alerts: screened as each answer is saved, written with it, emailed by a real
SMTP server on loopback, retried when SMTP is down, escalated when nobody acknowledges."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import _session_on, make_consultation
from tests.helpers import follow, free_port, question_id, start
from tests.smtp_server import SmtpServer
from voices.alerts import mailer, outbox
from voices.coding import safeguarding
from voices.coding.safeguarding import Reason, Signal
from voices.models import (
    Answer,
    Membership,
    OutboxEmail,
    Response,
    SafeguardingAlert,
    User,
    utcnow,
)
from voices.respond import store

DISCLOSURE = "my stepdad hits me when he is drunk"
BASE = "https://voices.example"


def add_person(session, organisation_id: int, email: str, *roles: str) -> User:
    user = User(email=email)
    session.add(user)
    session.flush()
    for role in roles:
        session.add(Membership(user_id=user.id, organisation_id=organisation_id, role=role))
    session.commit()
    return user


def new_response(session, consultation, locale: str = "en") -> Response:
    row = Response(
        consultation_id=consultation.id,
        start_key=secrets.token_hex(16),
        token_hash=secrets.token_hex(16),
        version="8-11",
        locale=locale,
    )
    session.add(row)
    session.commit()
    return row


def save(session, response, text: str, question: str = "anything-else") -> None:
    store.save_answer(session, response, question, {"text": text}, False, base_url=BASE)


def alerts(session) -> list[SafeguardingAlert]:
    return list(session.exec(select(SafeguardingAlert).order_by(SafeguardingAlert.id)))


def emails(session) -> list[OutboxEmail]:
    return list(session.exec(select(OutboxEmail).order_by(OutboxEmail.id)))


def assert_no_words(text: str, words: str = DISCLOSURE) -> None:
    lowered = text.lower()
    for word in words.lower().split():
        if len(word) > 2:  # "me", "he" are in any English sentence
            assert word not in lowered, word


@pytest.fixture
def lead(session, consultation) -> User:
    return add_person(session, consultation.organisation_id, "lead@example.org", "safeguarding")


def fake_screen(monkeypatch, *reasons: Reason, screened: bool = True) -> None:
    signal = Signal(bool(reasons), tuple(reasons), screened)
    monkeypatch.setattr(safeguarding, "screen", lambda text, *a, **k: signal)


# --- screening as the answer is saved -------------------------------------------------------


def test_a_disclosure_on_the_phone_page_writes_an_alert_and_an_email(
    client, session, settings, consultation, lead
):
    add_person(session, consultation.organisation_id, "admin@example.org", "admin")
    page = follow(client, start(client))
    while question_id(page) != "anything-else":
        page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))
    assert client.post(str(page.url.path), data={"answer": DISCLOSURE}).status_code == 303
    answer = session.exec(select(Answer).where(Answer.question_id == "anything-else")).one()
    (alert,) = alerts(session)
    assert (alert.tier, alert.status, alert.answer_id) == ("alert", "open", answer.id)
    assert alert.organisation_id == consultation.organisation_id
    assert {r["category"] for r in alert.reasons} >= {"abuse-physical"}
    for reason in alert.reasons:
        assert "words" not in reason and DISCLOSURE[reason["start"] : reason["end"]]
    assert_no_words(repr(alert.reasons))
    (email,) = emails(session)  # the lead only: admins hear on escalation
    assert (email.to_address, email.kind, email.alert_id) == ("lead@example.org", "alert", alert.id)
    assert f"{settings.base_url}/staff/o/org-tq4rtx/alerts/{alert.id}" in email.body
    assert_no_words(email.subject + email.body)


def test_a_failure_after_the_answer_is_written_keeps_neither_answer_nor_alert(
    session, consultation, lead, monkeypatch
):
    response = new_response(session, consultation)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outbox, "queue_email", broken)
    with pytest.raises(RuntimeError):
        save(session, response, DISCLOSURE)
    assert session.exec(select(Answer)).all() == []
    assert alerts(session) == [] and emails(session) == []
    monkeypatch.undo()
    save(session, response, DISCLOSURE)  # the child presses Continue again: all three land
    assert len(session.exec(select(Answer)).all()) == len(alerts(session)) == len(emails(session))


def test_every_lead_gets_an_email_and_without_a_lead_the_admins_do(session, consultation):
    org = consultation.organisation_id
    add_person(session, org, "admin@example.org", "admin")
    save(session, new_response(session, consultation), DISCLOSURE)
    assert [e.to_address for e in emails(session)] == ["admin@example.org"]
    add_person(session, org, "a-lead@example.org", "safeguarding")
    add_person(session, org, "b-lead@example.org", "safeguarding", "worker")
    gone = add_person(session, org, "left@example.org", "safeguarding")
    gone.active = False
    session.add(gone)
    other = make_consultation(session, "ZZ9PLR")
    add_person(session, other.organisation_id, "elsewhere@example.org", "safeguarding")
    save(session, new_response(session, consultation), DISCLOSURE)
    assert [e.to_address for e in emails(session)][1:] == [
        "a-lead@example.org",
        "b-lead@example.org",
    ]


def test_with_nobody_to_tell_the_alert_still_exists_and_the_log_has_no_words(
    session, consultation, caplog
):
    caplog.set_level(logging.DEBUG)
    save(session, new_response(session, consultation), DISCLOSURE)
    assert [a.tier for a in alerts(session)] == ["alert"] and emails(session) == []
    assert "no lead or admin" in caplog.text
    assert_no_words(caplog.text)


def test_weaker_signals_are_queued_as_check_without_email(session, consultation, lead, monkeypatch):
    fake_screen(monkeypatch, Reason("unsafe-now", 2, 8, "scared", "high"))
    save(session, new_response(session, consultation), "I am scared")
    assert [a.tier for a in alerts(session)] == ["check"] and emails(session) == []


def test_nothing_worrying_raises_nothing(session, consultation, lead):
    save(session, new_response(session, consultation), "I like my room")
    assert alerts(session) == [] and emails(session) == []


@pytest.mark.parametrize(
    ("text", "locale"),
    [("Mae fy llystad yn fy nharo", "cy"), ("Ojczym mnie bije", "pl"), ("زوج أمي يضربني", "en")],
)
def test_a_disclosure_in_welsh_polish_or_arabic_is_screened_by_its_lexicon(
    session, consultation, lead, text, locale
):
    save(session, new_response(session, consultation, locale), text)
    (alert,) = alerts(session)
    assert alert.tier == "alert" and len(emails(session)) == 1
    assert {r["category"] for r in alert.reasons} == {"abuse-physical"}


@pytest.mark.parametrize(
    ("text", "locale"),
    [("Dw i'n hoffi fy ystafell newydd i", "cy"), ("Lubię mój nowy pokój", "pl")],
)
def test_an_everyday_answer_in_welsh_or_polish_raises_nothing(
    session, consultation, lead, text, locale
):
    save(session, new_response(session, consultation, locale), text)
    assert alerts(session) == [] and emails(session) == []


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Mon beau-père me frappe quand il a bu, tous les soirs", "en"),
        ("Отчим бьёт меня каждый день", "cy"),
        ("ناپدری من هر روز مرا می‌زند", "ar"),  # Farsi: Arabic script, no lexicon
    ],
)
def test_an_answer_in_a_language_with_no_lexicon_waits_for_a_reader_without_email(
    session, consultation, lead, text, locale
):
    save(session, new_response(session, consultation, locale), text)
    (alert,) = alerts(session)
    assert alert.tier == "unscreened" and emails(session) == []
    assert alert.reasons[0]["category"] == "not-screened"


def test_the_engine_saying_it_could_not_screen_means_the_same(session, consultation, monkeypatch):
    fake_screen(monkeypatch, screened=False)
    save(session, new_response(session, consultation), "fine")
    assert [a.tier for a in alerts(session)] == ["unscreened"]


def test_a_strong_signal_on_a_welsh_page_still_emails(session, consultation, lead):
    save(session, new_response(session, consultation, "cy"), DISCLOSURE)
    assert [a.tier for a in alerts(session)] == ["alert"] and len(emails(session)) == 1


def test_the_screen_failing_still_saves_the_answer_and_asks_a_person(
    client, session, consultation, lead, monkeypatch, caplog
):
    caplog.set_level(logging.DEBUG)

    def broken(text, *args, **kwargs):
        raise KeyError(text)  # an exception that carries the words

    monkeypatch.setattr(safeguarding, "screen", broken)
    page = follow(client, start(client))
    while question_id(page) != "anything-else":
        page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))
    response = client.post(str(page.url.path), data={"answer": DISCLOSURE})
    assert response.status_code == 303 and response.headers["location"].endswith("/check")
    answer = session.exec(select(Answer).where(Answer.question_id == "anything-else")).one()
    assert answer.value == {"text": DISCLOSURE}
    (alert,) = alerts(session)
    assert alert.tier == "unscreened" and alert.reasons[0]["why"] == "error"
    assert emails(session) == []
    assert "KeyError" in caplog.text
    assert_no_words(caplog.text)


def test_a_screen_that_answers_nonsense_is_treated_as_failing(session, consultation, monkeypatch):
    monkeypatch.setattr(safeguarding, "screen", lambda text, *a, **k: object())
    save(session, new_response(session, consultation), DISCLOSURE)
    assert [a.tier for a in alerts(session)] == ["unscreened"]
    assert len(session.exec(select(Answer)).all()) == 1


def test_a_choice_question_s_something_else_box_is_screened(session, consultation, lead):
    response = new_response(session, consultation)
    value = {"options": ["other"], "other": DISCLOSURE}
    store.save_answer(session, response, "likes", value, False, base_url=BASE)
    (alert,) = alerts(session)
    assert alert.question_id == "likes" and {r["field"] for r in alert.reasons} == {"other"}


# --- a child editing a flagged answer -------------------------------------------------------


def test_editing_a_flagged_answer_keeps_the_alert_and_adds_none_while_it_is_open(
    session, consultation, lead
):
    response = new_response(session, consultation)
    save(session, response, DISCLOSURE)
    save(session, response, "he hits me")  # still worrying: the open alert covers it
    save(session, response, "it is fine really")  # taken back: the alert stays
    store.save_answer(session, response, "anything-else", None, True, base_url=BASE)
    (alert,) = alerts(session)
    assert alert.status == "open" and len(emails(session)) == 1
    alert.status = "closed"
    session.add(alert)
    session.commit()
    save(session, response, DISCLOSURE)  # written again after the lead closed it
    assert [a.tier for a in alerts(session)] == ["alert", "alert"] and len(emails(session)) == 2


def test_a_check_then_a_disclosure_on_the_same_answer_emails(
    session, consultation, lead, monkeypatch
):
    response = new_response(session, consultation)
    with monkeypatch.context() as patch:
        fake_screen(patch, Reason("unsafe-now", 2, 8, "scared", "high"))
        save(session, response, "I am scared")
        save(session, response, "I am scared still")
    save(session, response, DISCLOSURE)
    assert [a.tier for a in alerts(session)] == ["check", "alert"] and len(emails(session)) == 1


def test_submitting_keeps_a_flagged_answer_to_a_question_no_longer_shown(
    session, consultation, lead
):
    response = new_response(session, consultation)
    save(session, response, DISCLOSURE)
    save(session, response, "nothing", question="feel-safe")  # not flagged, not shown
    store.submit(session, response, visible_ids={"where-live"})
    left = session.exec(select(Answer.question_id)).all()
    assert left == ["anything-else"] and alerts(session)[0].answer_id is not None


# --- the mailer -----------------------------------------------------------------------------


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(settings, smtp_server):
    return replace(
        settings,
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        smtp_from="alerts@voices.example",
        base_url=BASE,
    )


def drain(connection, settings, now=None):
    return mailer.drain(lambda: _session_on(connection), settings, now)


def test_the_mailer_sends_over_smtp_and_the_email_holds_none_of_the_words(
    connection, session, consultation, lead, mail_settings, smtp_server
):
    save(session, new_response(session, consultation), DISCLOSURE)
    result = drain(connection, mail_settings)
    assert (result.sent, result.failed) == (1, 0)
    ((to, message, raw),) = smtp_server.inbox.received
    assert to == ["lead@example.org"] and message["From"] == "alerts@voices.example"
    assert message["Subject"] == "Safeguarding alert in Test Council"
    alert = alerts(session)[0]
    assert f"{BASE}/staff/o/org-tq4rtx/alerts/{alert.id}" in raw
    assert_no_words(raw)
    session.expire_all()
    (email,) = emails(session)
    assert email.sent_at is not None and email.attempts == 1 and email.last_error == ""
    assert drain(connection, mail_settings).sent == 0, "sent once"


def test_smtp_down_is_retried_later_and_nothing_is_lost(
    connection, session, consultation, lead, mail_settings, smtp_server
):
    save(session, new_response(session, consultation), DISCLOSURE)
    down = replace(mail_settings, smtp_port=free_port())
    now = utcnow()
    result = drain(connection, down, now)
    assert (result.sent, result.failed) == (0, 1)
    session.expire_all()
    (email,) = emails(session)
    assert email.sent_at is None and email.attempts == 1
    assert email.last_error == "ConnectionRefusedError"
    assert email.next_attempt_at >= now + timedelta(seconds=30)
    assert drain(connection, mail_settings, now + timedelta(seconds=5)).sent == 0, "not due yet"
    failed_again = drain(connection, down, now + timedelta(seconds=31))
    assert failed_again.failed == 1
    session.expire_all()
    assert emails(session)[0].next_attempt_at >= now + timedelta(seconds=91), "backs off"
    later = drain(connection, mail_settings, now + timedelta(minutes=2))
    assert later.sent == 1 and len(smtp_server.inbox.received) == 1
    session.expire_all()
    assert emails(session)[0].attempts == 3 and emails(session)[0].sent_at is not None


def test_a_claimed_email_is_not_sent_by_a_second_server(session, consultation, lead):
    save(session, new_response(session, consultation), DISCLOSURE)
    now = utcnow()
    first = mailer._claim(session, now)
    assert len(first) == 1
    assert mailer._claim(session, now) == [], "the lease holds it"
    assert len(mailer._claim(session, now + mailer.LEASE)) == 1, "a dead sender's lease ends"


def test_retry_delays_double_up_to_an_hour():
    delays = [mailer.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 10, 50)]
    assert delays == [30, 60, 120, 240, 3600, 3600]


def test_an_alert_nobody_acknowledges_is_escalated_to_the_admins_once(
    connection, session, consultation, lead, mail_settings, smtp_server
):
    add_person(session, consultation.organisation_id, "admin@example.org", "admin")
    save(session, new_response(session, consultation), DISCLOSURE)
    save(session, new_response(session, consultation), DISCLOSURE)
    first, second = alerts(session)
    second.status, second.acknowledged_at = "acknowledged", utcnow()
    session.add(second)
    session.commit()
    soon = drain(connection, mail_settings, utcnow() + timedelta(minutes=29))
    assert soon.escalated == 0 and soon.sent == 2
    late = drain(connection, mail_settings, utcnow() + timedelta(minutes=31))
    assert late.escalated == 1 and late.sent == 1
    assert drain(connection, mail_settings, utcnow() + timedelta(minutes=60)).escalated == 0
    to, message, raw = smtp_server.inbox.received[-1]
    assert to == ["admin@example.org"] and "Unacknowledged" in message["Subject"]
    assert f"/alerts/{first.id}" in raw and "30 minutes" in raw
    assert_no_words(raw)
    session.expire_all()
    assert alerts(session)[0].escalated_at is not None and alerts(session)[1].escalated_at is None
