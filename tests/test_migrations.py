"""Migrations build the schema from empty, go down again, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from voices import db, models  # noqa: F401


def test_upgrade_downgrade_upgrade_on_a_fresh_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    assert {"organisation", "consultation", "response", "answer"} <= set(
        inspect(engine).get_table_names()
    )
    db.downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    db.upgrade(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_models_and_migrations_agree(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], "run: alembic revision --autogenerate (see docs/decisions.md)"


def test_0004_replaces_plain_start_keys_with_hashes(tmp_path):
    import hashlib

    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'k.db'}"
    db.upgrade(url, "0003")
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisation (slug, name, help_contact, created_at) "
                "VALUES ('o', 'O', '', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO consultation (organisation_id, title, survey_id, join_code, versions, "
                "locales, anonymous, who_is_asking, who_sees, frameworks, opens_at, created_at) "
                "VALUES (1, 't', 's', 'ACDEFG', '[]', '[]', 1, '', '', '[]', '2026-01-01', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO response (consultation_id, start_key, token_hash, version, locale, "
                "status, created_at, updated_at) VALUES "
                "(1, 'plain-start-key-123456', 'tok', 'v', 'en', 'in_progress', "
                "'2026-01-01', '2026-01-01')"
            )
        )
    db.upgrade(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT start_key FROM response")).scalar()
    engine.dispose()
    assert "plain" not in stored
    assert stored == hashlib.sha256(b"retired-start-key:plain-start-key-123456").hexdigest()
