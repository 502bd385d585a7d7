"""The fault tests make their own databases (SQLite files, a tmpfs, a PostgreSQL server of
their own), so the suite's PostgreSQL pass (VOICES_TEST_DATABASE_URL set) would only run
them a second time, identically: they run once, in the SQLite pass."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("VOICES_TEST_DATABASE_URL"):
        return
    once = pytest.mark.skip(reason="fault tests pick their own databases; run in the SQLite pass")
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(once)
