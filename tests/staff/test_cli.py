"""`voices users add`, run as an operator would."""

from __future__ import annotations

import os

from sqlmodel import Session, select

from tests.test_cli import voices
from voices import db
from voices.models import Membership, Organisation, User
from voices.staff import passwords


def _env(tmp_path) -> dict:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        session.add(Organisation(slug="acme", name="Acme Council"))
        session.commit()
    engine.dispose()
    return {**os.environ, "VOICES_DATABASE_URL": url, "VOICES_SECRET_KEY": "k"}


def test_users_add_creates_the_first_admin_and_is_repeatable(tmp_path):
    env = _env(tmp_path)
    args = ("users", "add", "--org", "acme", "--role", "admin", "--email", "Ada@Example.org")
    result = voices(*args, "--name", "Ada", "--password-stdin", env=env, stdin="lamp river cocoa\n")
    assert result.returncode == 0, result.stderr
    assert "ada@example.org is now admin in Acme Council" in result.stdout
    again = voices(*args, env=env)  # an existing account is not asked for a password
    assert again.returncode == 0 and "already admin" in again.stdout
    worker = voices(*args[:5], "worker", *args[6:], env=env)
    assert worker.returncode == 0 and "now worker" in worker.stdout
    engine = db.make_engine(env["VOICES_DATABASE_URL"])
    with Session(engine) as session:
        user = session.exec(select(User)).one()
        assert user.display_name == "Ada"
        assert passwords.verify_password(user.password_hash, "lamp river cocoa")
        assert sorted(m.role for m in session.exec(select(Membership)).all()) == ["admin", "worker"]
    engine.dispose()


def test_users_add_errors_are_precise(tmp_path):
    env = _env(tmp_path)
    base = ("users", "add", "--email", "b@example.org", "--password-stdin")
    unknown_org = voices(
        *base, "--org", "nope", "--role", "admin", env=env, stdin="lamp river cocoa\n"
    )
    assert (
        unknown_org.returncode == 1 and "no organisation with the slug 'nope'" in unknown_org.stderr
    )
    role = voices(*base, "--org", "acme", "--role", "boss", env=env, stdin="lamp river cocoa\n")
    assert role.returncode == 1 and "unknown role 'boss'" in role.stderr
    weak = voices(*base, "--org", "acme", "--role", "admin", env=env, stdin="password123\n")
    assert weak.returncode == 1 and "too common" in weak.stderr
    short = voices(*base, "--org", "acme", "--role", "admin", env=env, stdin="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
