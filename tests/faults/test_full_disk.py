"""Fault: the disk holding the SQLite database is full.

The database lives on a small tmpfs mounted for this test (root may mount one here; where
that is refused the test is skipped, saying why). A filler file takes the last free byte.
The WAL is truncated first, so the very next write needs new blocks: without that, a commit
may still fit into the WAL's old space and succeed, which loses nothing but tests nothing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.support import (
    ANSWER_SAVED,
    CODE,
    DISCLOSURE,
    NOTHING_SAVED,
    SUBMITTED,
    TEST_BASE,
    Phone,
    assert_try_again_page,
    in_process_app,
    rows,
    seed,
    wait_until,
)

SIZE = "8m"


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a {SIZE} tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(disk: Path, database: Path) -> Path:
    """Truncate the WAL (checkpointed into the file), then take every free byte."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:  # ENOSPC: then the last smaller blocks
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 512)
    finally:
        os.close(fd)
    assert os.statvfs(disk).f_bavail == 0
    return filler


def _disk_full(phone: Phone) -> None:
    health = phone.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "error", "database": "disk full"}


def test_a_full_disk_under_the_sqlite_database(tmp_path):
    with small_disk(tmp_path / "small") as disk:
        database = disk / "voices.db"
        url = f"sqlite:///{database}"
        seed(url)
        with Phone(TEST_BASE, in_process_app(url)) as phone:
            question = phone.reach_text_question()
            filler = fill(disk, database)
            _disk_full(phone)
            assert phone.get(question).status_code == 200, "reading still works"
            assert_try_again_page(phone.post(question, {"answer": DISCLOSURE}), question)
            assert rows(url) == NOTHING_SAVED
            filler.unlink()
            freed = time.monotonic()
            wait_until(lambda: phone.get("/healthz").status_code == 200, 10, "healthy")
            retried = phone.post(question, {"answer": DISCLOSURE})
            took = time.monotonic() - freed
            assert retried.status_code == 303 and retried.headers["location"].endswith("/check")
            assert rows(url) == ANSWER_SAVED

            submit, check = f"/c/{CODE}/submit", f"/c/{CODE}/check"
            filler = fill(disk, database)
            assert_try_again_page(phone.post(submit), check)
            _disk_full(phone)
            assert phone.get(check).status_code == 200
            assert rows(url) == ANSWER_SAVED
            filler.unlink()
            done = phone.post(submit)
            assert done.status_code == 303 and done.headers["location"].endswith("/thanks")
            assert rows(url) == SUBMITTED
    print(f"\nanswer saved {took:.2f} s after space was freed")
