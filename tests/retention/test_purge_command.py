"""`voices purge` as an operator runs it: per-organisation transactions, counts only."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlmodel import Session

from tests.retention import world as worlds
from tests.test_cli import voices
from voices import db
from voices.models import utcnow
from voices.retention.commands import run_purge

TIMEOUTS = (timedelta(hours=1), timedelta(hours=12))


@pytest.fixture
def engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        worlds.build(session, "first-council")
        worlds.build(session, "second-council")
        worlds.housekeeping_rows(session, utcnow())
        session.commit()
    yield engine
    engine.dispose()


def test_dry_run_then_run_then_nothing_left(engine):
    before = _rows(engine)
    dry = run_purge(engine, utcnow(), TIMEOUTS, dry_run=True)
    assert _rows(engine) == before
    assert dry[0] == "Dry run: nothing was changed."
    assert "  would remove 3 unfinished responses" in dry
    done = run_purge(engine, utcnow(), TIMEOUTS)
    assert [line.replace("would remove", "removed") for line in dry[1:]] == done
    assert done.count("  removed 3 unfinished responses") == 2
    again = run_purge(engine, utcnow(), TIMEOUTS)
    assert not [line for line in again if "removed" in line and " 0 " not in line]
    text = "\n".join(dry + done)
    assert "Sam" not in text and "REF-1" not in text and "words" not in text


def test_one_organisation_only(engine):
    lines = run_purge(engine, utcnow(), TIMEOUTS, org="second-council")
    assert lines[0] == "Organisation second-council:"
    assert not any("Housekeeping" in line or "first-council" in line for line in lines)
    assert run_purge(engine, utcnow(), TIMEOUTS, org="nobody") is None


def test_the_command_line(engine):
    env = {**os.environ, "VOICES_DATABASE_URL": str(engine.url), "VOICES_SECRET_KEY": "k"}
    dry = voices("purge", "--dry-run", "--org", "first-council", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "would remove 3 unfinished responses" in dry.stdout
    assert "kept 3 unfinished responses: a safeguarding alert on them" in dry.stdout
    missing = voices("purge", "--org", "nobody", env=env)
    assert missing.returncode == 2
    assert "no organisation with the slug 'nobody'" in missing.stderr


def _rows(engine):
    with engine.connect() as conn:
        return worlds.snapshot(conn)
