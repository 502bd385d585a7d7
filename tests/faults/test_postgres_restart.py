"""Fault: PostgreSQL goes down (a server this test starts itself) and comes back.

First it stops while a worker holds an alerting answer written but not committed; then it is
down while the child presses "Send my answers". Each time the child gets the kind 503 page,
/healthz says unreachable until PostgreSQL is back, and the same POST again completes.
"""

from __future__ import annotations

import time

from tests.faults.postgres_server import postgres_server
from tests.faults.support import (
    ANSWER_SAVED,
    CODE,
    DISCLOSURE,
    NOTHING_SAVED,
    SUBMITTED,
    Phone,
    assert_try_again_page,
    rows,
    seed,
    soup,
    uvicorn_server,
    wait_until,
)


def _unhealthy(server) -> None:
    health = server.health()
    assert health is not None and health.status_code == 503
    assert health.json() == {"status": "error", "database": "unreachable"}


def test_postgres_restarted_mid_answer_and_at_submit(tmp_path):
    with postgres_server() as pg:
        seed(pg.url)
        with uvicorn_server(pg.url, tmp_path) as server, Phone(server.base) as phone:
            question = phone.reach_text_question()

            # 1. Down between the last write and COMMIT: the transaction dies with it.
            server.pause_at("before")
            sent = phone.post_in_background(question, {"answer": DISCLOSURE})
            server.paused_pid()
            pg.stop()
            server.release()
            sent["thread"].join(30)
            assert_try_again_page(sent["response"], question)
            _unhealthy(server)
            assert_try_again_page(phone.post(question, {"answer": DISCLOSURE}), question)
            pg.start()
            back = time.monotonic()
            healthy_after = wait_until(server.healthy, 30, "healthy after the restart")
            assert rows(pg.url) == NOTHING_SAVED
            retried = phone.post(question, {"answer": DISCLOSURE})
            answered_after = time.monotonic() - back
            assert retried.status_code == 303 and retried.headers["location"].endswith("/check")
            assert rows(pg.url) == ANSWER_SAVED

            # 2. Down when the child sends their answers; the check page still works after.
            submit, check = f"/c/{CODE}/submit", f"/c/{CODE}/check"
            pg.stop()
            assert_try_again_page(phone.post(submit), check)
            _unhealthy(server)
            pg.start()
            wait_until(server.healthy, 30, "healthy after the second restart")
            page = phone.get(check)
            assert page.status_code == 200 and soup(page).find("a", class_="back-link")
            done = phone.post(submit)
            assert done.status_code == 303 and done.headers["location"].endswith("/thanks")
            assert rows(pg.url) == SUBMITTED
    print(f"\nhealthy {healthy_after:.2f} s, answer saved {answered_after:.2f} s after restart")
