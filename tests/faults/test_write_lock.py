"""Fault: another connection holds SQLite's write lock (BEGIN IMMEDIATE) past the busy timeout.

The app waits its busy timeout (15 s in production; 1 s here so the test is quick), then the
child gets the kind 503 page in their own language while reading pages still work (WAL).
/healthz says "not writable" while the lock is held. After it goes, the same POST completes.
Also the journey around a failed submit: the check page, its Back link and "Start again".
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

from tests.faults.support import (
    ANSWER_SAVED,
    CODE,
    DISCLOSURE,
    LEADS,
    NOTHING_SAVED,
    SUBMITTED,
    TEST_BASE,
    Phone,
    Rows,
    assert_try_again_page,
    in_process_app,
    rows,
    seed,
    soup,
    wait_until,
)

BUSY_MS = 1000
# The page in each child-facing language, and the way a browser is told its direction.
TRANSLATED = {
    "cy": ("Mae'n ddrwg gennym, aeth rhywbeth o'i le ar ein hochr ni", "ltr"),
    "pl": ("Przepraszamy, coś poszło nie tak po naszej stronie", "ltr"),
    "ar": ("عذرًا، حدث خطأ من جهتنا", "rtl"),
}


def _not_writable(phone: Phone) -> None:
    health = phone.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "error", "database": "not writable"}


def _locked(path) -> sqlite3.Connection:
    """Another connection takes the write lock and keeps it until rolled back."""
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    return locker


def test_a_write_lock_held_past_the_busy_timeout(tmp_path):
    path = tmp_path / "voices.db"
    url = f"sqlite:///{path}"
    seed(url)
    with Phone(TEST_BASE, in_process_app(url, BUSY_MS)) as phone:
        question = phone.reach_text_question()
        with closing(_locked(path)) as locker:
            _not_writable(phone)
            assert phone.get(question).status_code == 200, "reading still works"
            assert_try_again_page(phone.post(question, {"answer": DISCLOSURE}), question)
            for locale, (title, direction) in TRANSLATED.items():
                page = phone.post(f"{question}?lang={locale}", {"answer": DISCLOSURE})
                assert page.status_code == 503
                html = soup(page).find("html")
                assert html["lang"] == locale and html.get("dir", "ltr") == direction
                assert soup(page).find("h1").get_text(strip=True) == title
            phone.get("/?lang=en")
            assert rows(url) == NOTHING_SAVED
            locker.execute("ROLLBACK")
            released = time.monotonic()
        wait_until(lambda: phone.get("/healthz").status_code == 200, 10, "healthy")
        retried = phone.post(question, {"answer": DISCLOSURE})
        took = time.monotonic() - released
        assert retried.status_code == 303 and retried.headers["location"].endswith("/check")
        assert rows(url) == ANSWER_SAVED

        submit, check = f"/c/{CODE}/submit", f"/c/{CODE}/check"
        with closing(_locked(path)) as locker:
            assert_try_again_page(phone.post(submit), check)
            _not_writable(phone)
            locker.execute("ROLLBACK")
        done = phone.post(submit)
        assert done.status_code == 303 and done.headers["location"].endswith("/thanks")
        assert rows(url) == SUBMITTED
    print(f"\nanswer saved {took:.2f} s after the lock was released")


def test_after_a_failed_submit_back_and_start_again_work(tmp_path):
    path = tmp_path / "voices.db"
    url = f"sqlite:///{path}"
    seed(url)
    with Phone(TEST_BASE, in_process_app(url, BUSY_MS)) as phone:
        question = phone.reach_text_question()
        assert phone.post(question, {"answer": DISCLOSURE}).status_code == 303
        with closing(_locked(path)) as locker:
            failed = phone.post(f"/c/{CODE}/submit")
            assert_try_again_page(failed, f"/c/{CODE}/check")
            # While it lasts: the check page, its Back link and the answer all still show.
            check = phone.get(soup(failed).find("main").find("a")["href"])
            assert check.status_code == 200 and DISCLOSURE in check.text
            back = soup(check).find("a", class_="back-link")["href"]
            assert back == question
            shown = phone.get(back)
            assert shown.status_code == 200 and DISCLOSURE in shown.text
            # "Start again" cannot delete anything while locked, and says so kindly.
            welcome = phone.get(f"/c/{CODE}")
            assert "Start again and delete my earlier answers" in welcome.text
            assert_try_again_page(phone.post(f"/c/{CODE}/afresh"), f"/c/{CODE}")
            assert rows(url) == ANSWER_SAVED
            locker.execute("ROLLBACK")
        again = phone.post(f"/c/{CODE}/afresh")
        assert again.status_code == 303 and again.headers["location"] == f"/c/{CODE}"
        # The answer that raised the alert stays with it for the lead; the rest is gone.
        assert rows(url) == Rows(1, True, "discarded", False, 1, LEADS)
        assert phone.get(f"/c/{CODE}").status_code == 200
