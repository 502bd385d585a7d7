"""`make audit`'s summary of pip-audit: fails on a known vulnerability, and never calls a run
that could check nothing "clean" without saying so."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "pip_audit_check", Path(__file__).parents[2] / ".ci" / "pip_audit_check.py"
)
check = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(check)

CLEAN = {"name": "starlette", "version": "1.10.0", "vulns": []}
SKIPPED = {"name": "alembic", "skip_reason": "Dependency not found on PyPI"}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
}


def test_a_known_vulnerability_fails_and_names_the_fix():
    status, lines = check.summarise({"dependencies": [CLEAN, VULNERABLE, SKIPPED]})
    assert status == 1
    assert "2 of 3 packages checked" in lines[0]
    assert any("jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in line for line in lines)


def test_checked_and_clean_passes():
    assert check.summarise({"dependencies": [CLEAN, SKIPPED]})[0] == 0


def test_nothing_checked_is_said_and_fails_when_required(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("VOICES_REQUIRE_AUDIT", raising=False)
    status, lines = check.summarise({"dependencies": [SKIPPED]})
    assert status == 0 and "nothing was checked" in lines[-1]
    monkeypatch.setenv("VOICES_REQUIRE_AUDIT", "1")
    assert check.summarise({"dependencies": [SKIPPED]})[0] == 1
