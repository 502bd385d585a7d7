"""A .qdpx is written as its items come: memory does not grow with the consultation."""

from __future__ import annotations

import tempfile
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime

from tests.findings.refi.schemas import project_valid
from voices.findings.refi import project
from voices.findings.refi.ids import SecretGuids
from voices.review.coding import frameworks

ITEMS = 1_500
WORDS = "I would like to see my sister more and have a say in where I live. " * 150  # ~10 kB


def _items(guid: SecretGuids) -> Iterator[project.TextItem]:
    for n in range(ITEMS):
        coded = project.Coded(guid("sel", n), {"shanarri": ["safe"]}, guid("user", 1), None)
        yield project.TextItem(guid("answer", n), f"R-{n:016x} q", "", f"{n} {WORDS}", None, coded)


def test_memory_stays_flat_while_thousands_of_answers_are_written():
    guid = SecretGuids("secret", 1)
    built = project.Project(
        name="Big",
        description="",
        created_at=datetime.now(UTC),
        creator=project.User(guid("user", 1), "Voices"),
        frameworks=[frameworks()["shanarri"]],
        items=_items(guid),
    )
    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        try:
            written = project.write_qdpx(target, built)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert written == ITEMS
        total = ITEMS * len(WORDS)
        assert total > 10_000_000
        assert peak < total / 10, f"peak {peak:,} bytes for {total:,} bytes of answers"
        target.seek(0)
        with zipfile.ZipFile(target) as archive:
            assert len(archive.namelist()) == ITEMS + 1
            project_valid(archive.read("project.qde"))
