"""Fault: a uvicorn worker is killed (kill -9) in the middle of a submission.

Two workers under uvicorn's supervisor, on SQLite. A worker is held at the exact moment
(tests/faults/fault_app.py) and killed there: just before COMMIT (the answer, its alert and
the leads' emails are all written but not committed) and just after COMMIT (saved, but the
phone never hears so). The phone's connection drops; sending the same POST again completes
the submission, and the database ends with exactly one answer, alert and email per lead.
"""

from __future__ import annotations

import os
import signal
import time

from tests.faults.support import (
    ANSWER_SAVED,
    CODE,
    DISCLOSURE,
    NOTHING_SAVED,
    SUBMITTED,
    Phone,
    rows,
    seed,
    uvicorn_server,
    wait_until,
)


def _kill_mid_post(server, phone, path, data, moment):
    """POST, hold the worker at `moment` of its commit, kill -9 it; returns the kill time."""
    began = time.monotonic()
    server.pause_at(moment)
    sent = phone.post_in_background(path, data)
    pid = server.paused_pid()
    assert pid in server.workers()
    os.kill(pid, signal.SIGKILL)  # only the worker we started and caught paused
    killed = time.monotonic()
    sent["thread"].join(30)
    server.release()
    assert "error" in sent, "the phone must not get an answer from a killed worker"
    print(f"{moment} {path}: {time.monotonic() - began:.2f} s")
    return killed, pid


def test_a_worker_killed_before_and_after_commit_loses_and_doubles_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    seed(url)
    with uvicorn_server(url, tmp_path, workers=2) as server, Phone(server.base) as phone:
        question = phone.reach_text_question()

        # 1. Killed before COMMIT: nothing of the answer, its alert or its emails is kept.
        killed, pid = _kill_mid_post(server, phone, question, {"answer": DISCLOSURE}, "before")
        assert rows(url) == NOTHING_SAVED
        assert server.healthy(), "the other worker still serves while one is replaced"
        wait_until(lambda: len(server.workers()) == 2 and pid not in server.workers(), 20, "r")
        replaced = time.monotonic() - killed
        retried = phone.post(question, {"answer": DISCLOSURE})
        assert retried.status_code == 303 and retried.headers["location"].endswith("/check")
        assert rows(url) == ANSWER_SAVED

        # 2. Killed just after COMMIT: saved, unacknowledged; the retry adds nothing.
        _kill_mid_post(server, phone, question, {"answer": DISCLOSURE}, "after")
        assert rows(url) == ANSWER_SAVED
        again = phone.post(question, {"answer": DISCLOSURE})
        assert again.status_code == 303
        assert rows(url) == ANSWER_SAVED

        # 3. The submission itself, killed before and then after its COMMIT.
        submit = f"/c/{CODE}/submit"
        _kill_mid_post(server, phone, submit, {}, "before")
        assert rows(url) == ANSWER_SAVED
        _kill_mid_post(server, phone, submit, {}, "after")
        assert rows(url) == SUBMITTED
        done = phone.post(submit)
        assert done.status_code == 303 and done.headers["location"].endswith("/thanks")
        assert phone.get(done.headers["location"]).status_code == 200
        assert rows(url) == SUBMITTED
        wait_until(lambda: len(server.workers()) == 2, 20, "workers replaced")
    print(f"\nworker replaced {replaced:.2f} s after kill -9")
