"""End to end: a child types a disclosure on a phone page; the app's own background mailer
sends the lead an email by real SMTP on loopback within a minute, holding none of the words."""

from __future__ import annotations

import time

from sqlmodel import Session
from starlette.testclient import TestClient

from tests.conftest import SECRET, TEST_SURVEYS, make_consultation
from tests.helpers import follow, question_id, start
from tests.smtp_server import SmtpServer
from voices import db
from voices.app import create_app
from voices.models import Membership, User
from voices.settings import Settings

DISCLOSURE = "my stepdad hits me when he is drunk"


def test_a_disclosure_typed_on_a_phone_reaches_the_lead_by_email_within_a_minute(tmp_path):
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        consultation = make_consultation(session)
        lead = User(email="lead@example.org", display_name="Sam Lead")
        session.add(lead)
        session.flush()
        session.add(
            Membership(
                user_id=lead.id, organisation_id=consultation.organisation_id, role="safeguarding"
            )
        )
        session.commit()
    engine.dispose()
    smtp = SmtpServer().start()
    settings = Settings(
        database_url=url,
        secret_key=SECRET,
        surveys_dir=TEST_SURVEYS,
        base_url="https://voices.example",
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_from="alerts@voices.example",
        mailer_interval_seconds=0.5,
    )
    try:
        # An https site sets Secure cookies, which a client only sends back over https.
        with TestClient(
            create_app(settings),
            base_url="https://testserver",
            follow_redirects=False,
            headers={"Origin": "https://testserver"},
        ) as client:
            client.headers["user-agent"] = "Mozilla/5.0 (Linux; Android 10; K) Mobile"
            page = follow(client, start(client))
            while question_id(page) != "anything-else":
                page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))
            typed_at = time.monotonic()
            saved = client.post(str(page.url.path), data={"answer": DISCLOSURE})
            assert saved.status_code == 303 and saved.headers["location"].endswith("/check")
            assert smtp.inbox.wait_for(1, seconds=60), "no email within a minute"
            took = time.monotonic() - typed_at
    finally:
        smtp.stop()
    assert took < 60
    ((to, message, raw),) = smtp.inbox.received
    assert to == ["lead@example.org"]
    assert message["Subject"] == "Safeguarding alert in Test Council"
    assert "https://voices.example/staff/o/org-tq4rtx/alerts/1" in raw
    lowered = raw.lower()
    for word in DISCLOSURE.split():
        if len(word) > 2:
            assert word not in lowered, word


def test_voices_mailer_once_drains_the_outbox(tmp_path, monkeypatch, capsys):
    from voices import cli
    from voices.alerts.outbox import queue_email

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        queue_email(session, "lead@example.org", "Safeguarding alert", "Sign in.", "alert")
        session.commit()
    engine.dispose()
    monkeypatch.setenv("VOICES_DATABASE_URL", url)
    monkeypatch.setenv("VOICES_SECRET_KEY", SECRET)
    monkeypatch.delenv("VOICES_SMTP_HOST", raising=False)
    assert cli.main(["mailer", "--once"]) == 1, "no SMTP host: nothing to send with"
    assert "VOICES_SMTP_HOST is not set" in capsys.readouterr().err
    smtp = SmtpServer().start()
    try:
        monkeypatch.setenv("VOICES_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("VOICES_SMTP_PORT", str(smtp.port))
        assert cli.main(["mailer", "--once"]) == 0
        assert cli.main(["mailer", "--once"]) == 0
    finally:
        smtp.stop()
    assert "Sent 1, to retry 0, escalated 0." in capsys.readouterr().out
    assert len(smtp.inbox.received) == 1
