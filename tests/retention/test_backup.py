"""`voices backup` and `voices restore`: demo data backed up, restored into a fresh database,
and compared table by table, row for row (SQLite always; PostgreSQL when the tests run on it,
into scratch databases made and dropped here)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from tests.retention.world import snapshot
from tests.test_cli import voices
from voices import db
from voices.definitions import load_catalog
from voices.demo import create_demo
from voices.retention import backup


def _everything(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        found = snapshot(conn)
        found["alembic_version"] = conn.execute(text("SELECT * FROM alembic_version")).all()
    return found


def _demo(url: str) -> Engine:
    db.upgrade(url)
    engine = db.make_engine(url)
    create_demo(engine, "http://127.0.0.1", load_catalog())
    return engine


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory) -> Iterator[tuple[Engine, Path]]:
    folder = tmp_path_factory.mktemp("backup")
    engine = _demo(f"sqlite:///{folder / 'voices.db'}")
    yield engine, folder
    engine.dispose()


def test_sqlite_backup_restores_row_for_row_and_is_private(sqlite_demo):
    engine, folder = sqlite_demo
    copy = folder / "copy.backup"
    backup.backup(engine, copy)
    assert _private(copy)
    fresh = db.make_engine(f"sqlite:///{folder / 'fresh.db'}")
    backup.restore(fresh, copy)
    assert _private(folder / "fresh.db")
    original, restored = _everything(engine), _everything(fresh)
    assert original["response"] and original["answer"] and original["audit_event"]
    assert restored == original
    fresh.dispose()


def test_restore_refuses_a_database_with_data_unless_forced(sqlite_demo):
    engine, folder = sqlite_demo
    copy = folder / "refuse.backup"
    backup.backup(engine, copy)
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(engine, copy)
    message = str(refused.value)
    assert "already holds data (1 organisation row" in message
    assert message.endswith("Run again with --force to overwrite it.")
    before = _everything(engine)
    backup.restore(engine, copy, force=True)
    assert _everything(engine) == before


def test_restore_says_when_a_file_is_not_a_backup(sqlite_demo, tmp_path):
    _engine, _folder = sqlite_demo
    junk = tmp_path / "junk.backup"
    junk.write_text("not a database at all " * 100)
    fresh = db.make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    with pytest.raises(backup.BackupError, match="is not a SQLite backup"):
        backup.restore(fresh, junk)
    with pytest.raises(backup.BackupError, match="no such backup file"):
        backup.restore(fresh, tmp_path / "missing.backup")
    with pytest.raises(backup.BackupError, match="cannot write .*: No such file or directory"):
        backup.backup(fresh, tmp_path / "no-such-folder" / "x.backup")


def test_the_commands_back_up_and_refuse_to_overwrite(sqlite_demo, tmp_path):
    engine, folder = sqlite_demo
    env = {**os.environ, "VOICES_DATABASE_URL": str(engine.url), "VOICES_SECRET_KEY": "k"}
    target = tmp_path / "cli.backup"
    made = voices("backup", str(target), env=env)
    assert made.returncode == 0, made.stderr
    assert _private(target)
    refused = voices("restore", str(target), env=env)
    assert refused.returncode == 1
    assert "Run again with --force" in refused.stderr
    fresh_env = {**env, "VOICES_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    assert voices("restore", str(target), env=fresh_env).returncode == 0


# --- PostgreSQL -------------------------------------------------------------------------------

PG = os.environ.get("VOICES_TEST_DATABASE_URL", "")


@pytest.fixture
def scratch() -> Iterator[tuple[str, str]]:
    """Two scratch databases beside the test database: a source and a restore target."""
    if not PG.startswith("postgresql"):
        pytest.skip("PostgreSQL: set VOICES_TEST_DATABASE_URL")
    base = make_url(PG)
    names = [f"{base.database}_backup_source", f"{base.database}_restore"]
    admin = db.make_engine(
        base.set(database="postgres").render_as_string(False), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield tuple(base.set(database=n).render_as_string(False) for n in names)
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_postgresql_backup_restores_row_for_row(scratch, tmp_path):
    source_url, target_url = scratch
    source = _demo(source_url)
    target = db.make_engine(target_url)
    try:
        copy = tmp_path / "pg.backup"
        backup.backup(source, copy)
        assert _private(copy)
        backup.restore(target, copy)
        original = _everything(source)
        assert original["response"] and original["answer"]
        assert _everything(target) == original
        with pytest.raises(backup.BackupError, match="already holds data"):
            backup.restore(target, copy)
        backup.restore(target, copy, force=True)  # --clean --if-exists over the same tables
        assert _everything(target) == original
        with target.begin() as conn:  # sequences came back too: a new row gets a new id
            conn.execute(
                text(
                    "INSERT INTO organisation (slug, name, help_contact, "
                    "disclosure_threshold, created_at) VALUES "
                    "('after', 'After', '', 5, now())"
                )
            )
    finally:
        source.dispose()
        target.dispose()
