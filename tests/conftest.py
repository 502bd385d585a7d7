"""Test fixtures: a migrated database (SQLite by default, VOICES_TEST_DATABASE_URL for
PostgreSQL), per-test transactions rolled back at the end, and the app built on them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from tests.staff.conftest import make_organisation, make_staff, signed_in
from voices import db
from voices.app import create_app
from voices.models import Consultation, Organisation, User, utcnow
from voices.settings import Settings

TEST_SURVEYS = Path(__file__).parent / "data" / "surveys"
SECRET = "test-secret-key"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("VOICES_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    if engine.dialect.name == "sqlite":
        _real_sqlite_transactions(engine)
    if engine.dialect.name == "postgresql":  # start from empty, whatever an earlier run left
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.upgrade(database_url)
    yield engine
    engine.dispose()


def _real_sqlite_transactions(engine: Engine) -> None:
    """pysqlite defers BEGIN until the first write, which breaks SAVEPOINT; the tests need
    real nested transactions to roll every test back (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN")


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


def _session_on(connection: Connection) -> Session:
    # Commits inside the app become savepoints; the test's outer transaction undoes them all.
    return Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    with _session_on(connection) as s:
        yield s


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=SECRET, surveys_dir=TEST_SURVEYS)


@pytest.fixture
def app(settings: Settings, engine: Engine, connection: Connection):
    return create_app(settings, engine=engine, session_factory=lambda: _session_on(connection))


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False, headers={"Origin": "http://testserver"}) as c:
        yield c


def make_consultation(session: Session, code: str = "TQ4RTX", **fields) -> Consultation:
    organisation = Organisation(
        slug=f"org-{code.lower()}", name="Test Council", help_contact="Call 0300 000 0000"
    )
    session.add(organisation)
    session.flush()
    consultation = Consultation(
        organisation_id=organisation.id,
        title="Every kind of question",
        survey_id=fields.pop("survey_id", "all-types"),
        join_code=code,
        opens_at=fields.pop("opens_at", utcnow() - timedelta(days=1)),
        **fields,
    )
    session.add(consultation)
    session.commit()
    return consultation


@pytest.fixture
def consultation(session: Session) -> Consultation:
    return make_consultation(session)


@pytest.fixture
def org(session: Session) -> Organisation:
    """The test council (tests/staff/conftest.py's `organisation`, by its shorter name)."""
    return make_organisation(session)


@pytest.fixture
def worker(client: TestClient, session: Session, org: Organisation) -> User:
    """A worker of org, with the test client signed in as them."""
    user = make_staff(session, org, "worker")
    signed_in(client, user)
    return user
