"""`voices coding learn` and `voices evaluate --org`, run as an operator would."""

from __future__ import annotations

import json
import os

from sqlmodel import Session, select

from tests.review.reviewed import make_reviewed
from tests.test_cli import voices
from voices import db
from voices.models import Consultation, LearnedModel


def _env(tmp_path, items: int = 24) -> dict:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with Session(engine) as session:
        make_reviewed(session, items=items, slug="acme")
    engine.dispose()
    return {**os.environ, "VOICES_DATABASE_URL": url, "VOICES_SECRET_KEY": "k"}


def _models(env: dict) -> list[LearnedModel]:
    engine = db.make_engine(env["VOICES_DATABASE_URL"])
    with Session(engine) as session:
        found = list(session.exec(select(LearnedModel)))
    engine.dispose()
    return found


def test_learn_prints_before_and_after_and_stores_the_model(tmp_path):
    env = _env(tmp_path)
    result = voices("coding", "learn", "--org", "acme", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Framework shanarri: 24 reviewed items, cross-validated leave-one-out" in out
    assert "suggestions accepted" in out and "reviewed themes found (recall)" in out
    recall = next(line for line in out.splitlines() if line.startswith("reviewed themes found"))
    assert recall.split()[-2:] == ["0.50", "1.00"]
    assert "zorbs" not in out and "school" not in out  # figures only, never children's words
    (model,) = _models(env)
    assert f"Stored as model {model.id}" in out and model.created_by_id is None
    shown = voices("evaluate", "--org", "acme", env=env)
    assert shown.returncode == 0, shown.stderr
    assert f"Model {model.id}, learned" in shown.stdout and "by the command line" in shown.stdout
    data = json.loads(voices("evaluate", "--org", "acme", "--json", env=env).stdout)
    assert data["shanarri"]["after"]["recall"] == 1.0 and data["shanarri"]["model"] == model.id


def test_learn_json(tmp_path):
    env = _env(tmp_path)
    result = voices(
        "coding", "learn", "--org", "acme", "--framework", "shanarri", "--json", env=env
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)["shanarri"]
    assert data["items"] == 24 and data["before"]["recall"] == 0.5 and data["recoded"] == 0


def test_learn_errors_are_precise(tmp_path):
    env = _env(tmp_path, items=12)
    unknown = voices("coding", "learn", "--org", "nope", env=env)
    assert unknown.returncode == 2 and "no organisation with the slug 'nope'" in unknown.stderr
    framework = voices("coding", "learn", "--org", "acme", "--framework", "nope", env=env)
    assert framework.returncode == 2 and "unknown framework 'nope' (known: " in framework.stderr
    few = voices("coding", "learn", "--org", "acme", env=env)
    assert few.returncode == 1
    assert "shanarri: 12 reviewed items; at least 20 are needed" in few.stderr
    assert _models(env) == []
    shown = voices("evaluate", "--org", "acme", env=env)
    assert shown.returncode == 0 and "no model learned yet (12 reviewed items; 20 needed)" in (
        shown.stdout
    )


def test_an_organisation_without_frameworks_is_told_so(tmp_path):
    env = _env(tmp_path, items=0)
    engine = db.make_engine(env["VOICES_DATABASE_URL"])
    with Session(engine) as session:
        for consultation in session.exec(select(Consultation)):
            consultation.frameworks = []
            session.add(consultation)
        session.commit()
    engine.dispose()
    result = voices("coding", "learn", "--org", "acme", env=env)
    assert result.returncode == 2 and "no consultation of 'acme' chose a framework" in result.stderr


def test_evaluate_needs_files_and_a_framework_or_an_organisation(tmp_path):
    result = voices("evaluate")
    assert result.returncode == 2
    assert "give FILE... and --framework, or --org SLUG" in result.stderr
