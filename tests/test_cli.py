"""The voices command line, run as a user would."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_SURVEYS

ROOT = Path(__file__).resolve().parent.parent


def voices(
    *args: str, env: dict | None = None, cwd: Path = ROOT, stdin: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voices.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_help_documents_every_command():
    result = voices("--help")
    assert result.returncode == 0
    for command in ("surveys", "frameworks", "db", "demo", "serve", "code", "evaluate", "users"):
        assert command in result.stdout


def test_surveys_check_passes_on_good_files_and_names_the_problem_on_bad(tmp_path):
    assert voices("surveys", "check", str(TEST_SURVEYS)).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (TEST_SURVEYS / "all-types.yaml").read_text().replace("type: yes_no", "type: maybe", 1)
    )
    result = voices("surveys", "check", str(bad))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "unknown type 'maybe'" in result.stderr
    assert ".type:" in result.stderr


def test_surveys_check_reports_a_missing_path(tmp_path):
    result = voices("surveys", "check", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1 and "no such file" in result.stderr


def test_serve_refuses_to_start_on_an_invalid_survey(tmp_path):
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n")
    env = {"PATH": "/usr/bin:/bin", "VOICES_SURVEYS_DIR": str(tmp_path), "VOICES_SECRET_KEY": "x"}
    result = voices("serve", "--port", "8799", env=env)
    assert result.returncode == 1
    assert "Cannot start:" in result.stderr and "bad.yaml" in result.stderr


def test_demo_is_idempotent_and_prints_json(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "VOICES_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "VOICES_SECRET_KEY": "x",
    }
    first = voices("demo", "--json", env=env)
    assert first.returncode == 0, first.stderr
    second = voices("demo", "--json", env=env)
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["organisation"] == "Demo Council"
    codes = {c["survey"]: c["join_code"] for c in data["consultations"]}
    assert codes["my-life-in-care"] == "MYCARE"
    for made in data["consultations"]:
        assert re.search(r"/staff/o/demo-council/consultations/\d+/review$", made["review_url"])
    keys = {"title", "survey", "join_code", "url", "review_url", "session_url"}
    keys |= {"findings_url", "results_url"}
    assert all(set(made) == keys for made in data["consultations"])
    for made in data["consultations"]:
        # Staff findings under the same consultation as its review screen; the public page
        # by join code.
        assert made["findings_url"] == made["review_url"].removesuffix("/review") + "/findings"
        assert made["results_url"] == made["url"].replace("/c/", "/results/")
        assert made["results_url"].endswith(f"/results/{made['join_code']}")
    assert data["consultations"][0]["url"].endswith("/c/MYCARE")
    assert re.search(
        r"/staff/o/demo-council/consultations/\d+/sessions/\d+$",
        data["consultations"][0]["session_url"],
    )
    assert data["staff_url"].endswith("/staff")
    assert sorted(s["role"] for s in data["staff"]) == ["admin", "safeguarding", "viewer", "worker"]
    assert all(set(s) == {"email", "password", "role"} for s in data["staff"])
    # A few submitted answers, already coded, so the review screen shows something.
    with sqlite3.connect(tmp_path / "demo.db") as con:
        submitted = con.execute("select count(*) from response where status='submitted'")
        assert submitted.fetchone()[0] >= 5
        assert con.execute("select count(*) from answer_coding").fetchone()[0] >= 8
        # Findings' facts and actions, for every demo consultation (tests/test_demo_findings.py
        # checks them in detail).
        with_facts = "select count(distinct consultation_id) from closed_answer_fact"
        assert con.execute(with_facts).fetchone()[0] >= len(data["consultations"])
        with_actions = "select count(distinct consultation_id) from finding_action"
        assert con.execute(with_actions).fetchone()[0] >= len(data["consultations"])


def test_serve_refuses_an_empty_secret_key_file_and_names_it(tmp_path):
    key_file = tmp_path / "secret.key"
    key_file.write_text("\n")
    env = {"PATH": "/usr/bin:/bin", "VOICES_SECRET_KEY_FILE": str(key_file)}
    result = voices("serve", "--port", "8799", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "Cannot start:" in result.stderr and str(key_file) in result.stderr
