"""/healthz says healthy only when answers can actually be saved."""

from __future__ import annotations

import os

from starlette.testclient import TestClient

from voices import db
from voices.app import create_app


def _health(settings, url: str):
    engine = db.make_engine(url)
    try:
        with TestClient(
            create_app(settings, engine=engine), headers={"Origin": "http://testserver"}
        ) as client:
            return client.get("/healthz")
    finally:
        engine.dispose()


def test_a_migrated_writable_database_is_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response.headers["cache-control"] == "no-store"


def test_the_probe_write_leaves_nothing(client, session):
    from sqlmodel import select

    from voices.models import RateLimitBucket

    client.get("/healthz")
    assert session.exec(select(RateLimitBucket)).first() is None


def test_a_fresh_sqlite_file_is_healthy(settings, tmp_path):
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    db.upgrade(url)
    assert _health(settings, url).status_code == 200


def test_an_unmigrated_database_is_unhealthy(settings, tmp_path):
    response = _health(settings, f"sqlite:///{tmp_path / 'empty.db'}")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "not migrated"}


def test_a_database_behind_the_migrations_is_unhealthy(settings, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db.upgrade(url, "0002")
    assert _health(settings, url).json()["database"] == "not migrated"


def test_a_read_only_database_is_unhealthy(settings, tmp_path):
    path = tmp_path / "ro.db"
    db.upgrade(f"sqlite:///{path}")
    response = _health(settings, f"sqlite:///file:{path}?mode=ro&uri=true")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "not writable"}


def test_a_sqlite_file_system_without_room_is_unhealthy(settings, tmp_path, monkeypatch):
    # A rolled-back probe never reaches the disk, so free space is checked directly.
    from voices import health

    url = f"sqlite:///{tmp_path / 'full.db'}"
    db.upgrade(url)
    assert _health(settings, url).status_code == 200
    full = os.statvfs_result((4096, 4096, 1000, 0, 100, 0, 0, 0, 0, 255))
    monkeypatch.setattr(health.os, "statvfs", lambda _path: full)
    response = _health(settings, url)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "disk full"}
