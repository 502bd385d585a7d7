"""Fault: a uvicorn worker is killed (kill -9) in the middle of a submission.

Two workers under uvicorn's supervisor, on SQLite. A worker is held at an exact moment
(tests/faults/fault_app.py) and killed there: an alerting answer just before its COMMIT (the
answer, its alert and the leads' emails are written, none committed), and "Send my answers"
just after its COMMIT (saved, but the phone never hears so). The phone's connection drops;
the same POST again completes, and the database ends with exactly one answer, one alert and
one email per lead. The supervisor starts a replacement worker at once; it serves after a
cold start, and meanwhile the other worker does (the test waits for it before the second
kill, so that one worker is always there to serve the retry).
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


def _kill_mid_post(server, phone, path, data, moment) -> tuple[float, int]:
    """POST, hold the worker at `moment` of its commit, kill -9 it; returns when, and whom."""
    server.pause_at(moment)
    sent = phone.post_in_background(path, data)
    pid = server.paused_pid()
    assert pid in server.workers()
    os.kill(pid, signal.SIGKILL)  # only the worker we started and caught paused
    killed = time.monotonic()
    sent["thread"].join(30)
    server.release()
    assert "error" in sent, "a killed worker sends no answer: the browser shows its own error"
    return killed, pid


def test_a_worker_killed_before_and_after_commit_loses_and_doubles_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    seed(url)
    with (
        uvicorn_server(url, tmp_path, workers=2, log_level="info") as server,
        Phone(server.base) as phone,
    ):
        wait_until(lambda: server.started_workers() == 2, 60, "both workers started")
        question = phone.reach_text_question()

        # 1. Killed before COMMIT: nothing of the answer, its alert or its emails is kept.
        killed, pid = _kill_mid_post(server, phone, question, {"answer": DISCLOSURE}, "before")
        assert rows(url) == NOTHING_SAVED
        assert server.healthy(), "the other worker still serves"
        retried = phone.post(question, {"answer": DISCLOSURE})
        served = time.monotonic() - killed
        assert retried.status_code == 303 and retried.headers["location"].endswith("/check")
        assert rows(url) == ANSWER_SAVED
        wait_until(lambda: pid not in server.workers() and len(server.workers()) == 2, 10, "new")
        spawned = time.monotonic() - killed
        wait_until(lambda: server.started_workers() == 3, 90, "the replacement serving")
        replaced = time.monotonic() - killed

        # 2. "Send my answers" killed just after COMMIT: saved, never acknowledged.
        submit = f"/c/{CODE}/submit"
        killed, pid = _kill_mid_post(server, phone, submit, {}, "after")
        assert rows(url) == SUBMITTED
        done = phone.post(submit)
        served_again = time.monotonic() - killed
        assert done.status_code == 303 and done.headers["location"].endswith("/thanks")
        assert phone.get(done.headers["location"]).status_code == 200
        assert rows(url) == SUBMITTED
        # The same answer sent again after submitting changes nothing either.
        assert phone.post(question, {"answer": DISCLOSURE}).status_code == 303
        assert rows(url) == SUBMITTED
    print(
        f"\nretry served {served:.2f} s and {served_again:.2f} s after kill -9; replacement"
        f" process started in {spawned:.2f} s, serving (cold start) in {replaced:.2f} s"
    )
