"""When something fails: the error page tells the truth and the log holds no child's words."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlmodel import Session, select
from starlette.testclient import TestClient

from tests.conftest import make_consultation
from tests.helpers import follow, soup, start
from voices import db
from voices.app import create_app

CHILD_TEXT = "private-words-kq72 about home"
CHILD_NAME = "Zephyrine"
SAVED = "Your answers so far are saved"


def _refuse_inserts(connection, table: str, event: str = "INSERT") -> None:
    """A trigger that makes every insert (or update) of table fail; the test's rollback
    removes it."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            f"CREATE TRIGGER refuse_{table} BEFORE {event} ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS "
            "$$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
        )
        connection.exec_driver_sql(
            f"CREATE TRIGGER refuse_{table} BEFORE {event} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse()"
        )
    else:
        pytest.skip(f"no failing-write trigger for {connection.dialect.name}")


def _client(app) -> TestClient:
    return TestClient(
        app,
        follow_redirects=False,
        raise_server_exceptions=False,
        headers={"Origin": "http://testserver"},
    )


def test_a_failed_answer_write_keeps_the_text_out_of_the_log(app, connection, consultation, caplog):
    caplog.set_level(logging.DEBUG)
    with _client(app) as client:
        page = follow(client, start(client))
        _refuse_inserts(connection, "answer")
        failed = client.post(str(page.url.path), data={"answer": CHILD_TEXT})
    assert failed.status_code == 503
    assert SAVED not in failed.text and "may not have been saved" in failed.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].exc_info, "the server error handler logs the traceback"
    assert "Error" in caplog.text and "refused" in caplog.text
    assert "parameters hidden" in caplog.text
    assert "private-words" not in caplog.text


def test_a_failed_start_keeps_the_name_out_of_the_log(app, connection, session, caplog):
    make_consultation(session, "KMWX47", anonymous=False)
    caplog.set_level(logging.DEBUG)
    _refuse_inserts(connection, "response")
    with _client(app) as client:
        failed = start(client, code="KMWX47", name=CHILD_NAME)
    assert failed.status_code == 503
    assert "may not have been saved" in failed.text
    assert "refused" in caplog.text
    assert CHILD_NAME not in caplog.text


def test_a_failed_answer_offers_its_question_again(app, connection, consultation):
    with _client(app) as client:
        page = follow(client, start(client))
        _refuse_inserts(connection, "answer")
        failed = client.post(str(page.url.path), data={"answer": CHILD_TEXT})
    assert failed.status_code == 503 and failed.headers["retry-after"]
    assert "content-security-policy" in failed.headers  # handled inside the middleware
    main = soup(failed).find("main")
    assert main.find("a", string="Try again")["href"] == str(page.url.path)
    assert CHILD_TEXT not in failed.text


def test_a_failed_submit_offers_the_check_page_and_changes_nothing(
    app, connection, consultation, session
):
    from voices.models import Response

    with _client(app) as client:
        follow(client, start(client))
        _refuse_inserts(connection, "response", "UPDATE")
        failed = client.post("/c/TQ4RTX/submit")
        assert failed.status_code == 503
        assert soup(failed).find("main").find("a", string="Try again")["href"] == "/c/TQ4RTX/check"
        assert "sent" not in soup(failed).find("h1").get_text()
        assert client.get("/c/TQ4RTX/check").status_code == 200
    (response,) = session.exec(select(Response)).all()
    session.refresh(response)
    assert response.status == "in_progress" and response.submitted_at is None


def test_the_engine_hides_parameters():
    assert db.make_engine("sqlite://").hide_parameters


def test_an_unreachable_database_is_not_called_saved(settings, engine):
    broken = db.make_engine("sqlite:////nonexistent-folder/voices.db")
    app = create_app(settings, engine=engine, session_factory=lambda: Session(broken))
    with _client(app) as client:
        page = client.get("/c/TQ4RTX")
    assert page.status_code == 503
    assert SAVED not in page.text
    assert "may not have been saved" in soup(page).find("main").get_text()


def test_a_failure_after_the_answer_was_saved_says_so(app, consultation, monkeypatch):
    from voices.respond import flow

    with _client(app) as client:
        page = follow(client, start(client))

        def broken(*_args, **_kwargs):
            raise RuntimeError("a bug after the save")

        monkeypatch.setattr(flow, "next_question", broken)
        failed = client.post(str(page.url.path), data={"action": "skip"})
    assert failed.status_code == 500
    assert SAVED in failed.text


def test_connection_trigger_is_undone(connection):
    # The triggers above live in each test's transaction, which is rolled back.
    if connection.dialect.name == "sqlite":
        names = connection.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        assert not names.all()
