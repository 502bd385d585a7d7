"""Rate limits on the young person's journey: a class on one address is never refused,
a guesser is, and the refusal is a kind page (in the child's language) with Retry-After."""

from __future__ import annotations

from dataclasses import replace
from ipaddress import ip_network

import pytest
from starlette.testclient import TestClient

from tests.helpers import follow, redis_or_skip, soup, start
from voices.respond import limits, resuming

SAME = {"Origin": "http://testserver"}


def _phone(app, address: str = "198.51.100.7") -> TestClient:
    return TestClient(app, follow_redirects=False, client=(address, 5000), headers=SAME)


def test_a_class_of_45_phones_on_one_address_answers_without_a_refusal(app, consultation):
    """45 phones, one address: each joins, starts, saves 20 answers and submits."""
    phones = [_phone(app) for _ in range(45)]
    for phone in phones:
        assert phone.post("/join", data={"code": "TQ4RTX"}).status_code == 303
        first = follow(phone, start(phone))
        for _ in range(20):
            saved = phone.post(str(first.url.path), data={"action": "skip"})
            assert saved.status_code == 303, saved.text[:300]
    for phone in phones:
        assert phone.post("/c/TQ4RTX/submit").status_code == 303
        phone.close()


def test_45_times_20_answers_fit_the_per_address_budget():
    """The sum docs/security.md gives, kept true by a test."""
    assert limits.SAVES_PER_ADDRESS >= 60 * 20 * 2
    assert limits.STARTS_PER_ADDRESS >= 60 * 3 and limits.SUBMITS_PER_ADDRESS >= 60 * 2


def test_one_phone_saving_too_often_gets_the_kind_page(client, consultation, monkeypatch):
    monkeypatch.setattr(limits, "SAVES_PER_RESPONSE", 3)
    first = follow(client, start(client))
    statuses = [client.post(str(first.url.path), data={"action": "skip"}) for _ in range(4)]
    assert [s.status_code for s in statuses] == [303, 303, 303, 429]
    refused = statuses[-1]
    assert int(refused.headers["retry-after"]) == 600
    assert "Nothing was saved just now" in refused.text
    assert "content-security-policy" in refused.headers


def test_the_429_page_is_in_the_childs_language(client, consultation, monkeypatch):
    monkeypatch.setattr(limits, "SUBMITS_PER_RESPONSE", 0)
    follow(client, start(client))
    client.get("/c/TQ4RTX?lang=cy")
    refused = client.post("/c/TQ4RTX/submit")
    assert refused.status_code == 429
    assert soup(refused).find("html")["lang"] == "cy"
    assert "Lots of people are using this just now" not in refused.text


def test_wrong_join_codes_block_every_lookup_from_that_address(app, consultation, monkeypatch):
    monkeypatch.setattr(limits, "JOIN_FAILURES_PER_ADDRESS", 3)
    with _phone(app, "203.0.113.50") as guesser, _phone(app, "203.0.113.51") as child:
        wrong = [guesser.post("/join", data={"code": "WRQNGX"}).status_code for _ in range(3)]
        assert wrong == [404, 404, 404]
        assert guesser.get("/c/AAAAAA").status_code == 429  # a guess by address counts too
        # Over the budget, even a right code is refused: a guess must not learn it was right.
        assert guesser.post("/join", data={"code": "TQ4RTX"}).status_code == 429
        assert guesser.get("/c/TQ4RTX").status_code == 429
        assert child.get("/c/TQ4RTX").status_code == 200  # another address is untouched
        assert child.post("/join", data={"code": "TQ4RTX"}).status_code == 303


def test_a_child_mid_survey_goes_on_when_classmates_mistype_codes(app, consultation, monkeypatch):
    """One school address: a child is answering when others type wrong codes past the
    budget. The child's own survey goes on; a new visitor there, and a forged cookie, get
    the refusal even with the right code."""
    monkeypatch.setattr(limits, "JOIN_FAILURES_PER_ADDRESS", 3)
    school = "203.0.113.60"
    with _phone(app, school) as child, _phone(app, school) as classmate:
        question = follow(child, start(child))
        for _ in range(3):
            assert classmate.post("/join", data={"code": "WRQNGX"}).status_code == 404
        assert classmate.post("/join", data={"code": "WRQNGX"}).status_code == 429
        saved = child.post(str(question.url.path), data={"action": "skip"})
        assert saved.status_code == 303, saved.text[:300]
        assert child.get(saved.headers["location"]).status_code == 200
        assert classmate.get("/c/TQ4RTX").status_code == 429
        classmate.cookies.set("voices_response", "forged-token", path="/c/TQ4RTX")
        assert classmate.get("/c/TQ4RTX").status_code == 429


def test_the_daily_budget_blocks_for_the_day(app, consultation, monkeypatch):
    monkeypatch.setattr(limits, "JOIN_FAILURES_PER_DAY", 2)
    with _phone(app, "203.0.113.60") as guesser:
        assert [guesser.get("/c/WRQNGX").status_code for _ in range(3)] == [404, 404, 429]
        refused = guesser.get("/c/TQ4RTX")
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 23 * 3600


def test_codes_that_cannot_be_codes_are_not_counted(client, consultation, monkeypatch):
    monkeypatch.setattr(limits, "JOIN_FAILURES_PER_ADDRESS", 1)
    for _ in range(5):  # letters a join code never has: not a guess
        assert client.post("/join", data={"code": "0000"}).status_code == 404
    assert client.get("/c/TQ4RTX").status_code == 200


def test_starts_per_code_hold_across_addresses(app, consultation, monkeypatch):
    monkeypatch.setattr(limits, "STARTS_PER_CODE", 2)
    results = []
    for n in range(3):
        with _phone(app, f"192.0.2.{n + 10}") as phone:
            results.append(start(phone).status_code)
    assert results == [303, 303, 429]


def test_forwarded_addresses_are_counted_apart_behind_a_trusted_proxy(
    app, consultation, monkeypatch
):
    """The load script's set-up: one proxy (127.0.0.1) forwarding many phones."""
    monkeypatch.setattr(limits, "STARTS_PER_ADDRESS", 1)
    app.state.settings = replace(app.state.settings, trusted_proxies=(ip_network("127.0.0.1/32"),))
    with _phone(app, "127.0.0.1") as proxy:
        for n in range(3):
            forwarded = {**SAME, "X-Forwarded-For": f"198.51.100.{n}"}
            page = proxy.get("/c/TQ4RTX", headers=forwarded)
            key = soup(page).find("input", {"name": "start_key"})["value"]
            started = proxy.post(
                "/c/TQ4RTX/start",
                data={"start_key": key, "version": "8-11"},
                headers=forwarded,
            )
            assert started.status_code == 303
            proxy.cookies.clear()


def test_resume_guessing_is_counted_per_consultation_too(app, consultation, monkeypatch):
    """From many addresses, one consultation's codes still take turns past the budget."""
    held: list[float] = []

    async def no_wait(seconds: float) -> None:
        held.append(seconds)

    monkeypatch.setattr(resuming, "hold", no_wait)
    monkeypatch.setattr(resuming, "RESUME_PER_CODE", 3)
    statuses = []
    for n in range(6):
        with _phone(app, f"192.0.2.{n + 100}") as phone:
            tried = phone.post("/c/TQ4RTX/resume", data={"resume_code": "999 999 999"})
            statuses.append(tried.status_code)
    # Past 3, one code a minute: the first now, the next would wait too long.
    assert statuses == [422, 422, 422, 422, 429, 429]
    assert held == []


@pytest.mark.parametrize("route", ["/join", "/staff/sign-in"])
def test_limits_never_store_a_plain_address(app, session, consultation, route):
    from sqlmodel import select

    from voices.models import RateLimitBucket

    with _phone(app, "203.0.113.77") as phone:
        phone.post(route, data={"code": "WRQNGX", "email": "a@b.example", "password": "x"})
    keys = session.exec(select(RateLimitBucket.key)).all()
    assert keys and not any("203.0.113.77" in k or "a@b.example" in k for k in keys)


def test_limits_live_in_redis_when_a_url_is_set(app, consultation, monkeypatch):
    """VOICES_REDIS_URL: the counters are in Redis (database 5), none in the table."""
    import os

    url = os.environ.get("VOICES_TEST_RATE_REDIS_URL", "redis://127.0.0.1:6379/5")
    client = redis_or_skip(url)
    monkeypatch.setattr(limits, "JOIN_FAILURES_PER_ADDRESS", 2)
    app.state.settings = replace(app.state.settings, redis_url=url)
    try:
        with _phone(app, "203.0.113.90") as guesser:
            codes = [guesser.post("/join", data={"code": "WRQNGX"}).status_code for _ in range(3)]
        assert codes == [404, 404, 429]
        stored = client.keys("voices:rate:*")
        assert stored and not any("203.0.113.90" in k for k in stored)
    finally:
        client.flushdb()
        client.close()


def test_redis_down_gives_the_try_again_page_not_a_500(app, consultation):
    """Limits in Redis, and Redis unreachable: the child sees "please try again" (503)."""
    app.state.settings = replace(app.state.settings, redis_url="redis://127.0.0.1:1/0")
    with TestClient(
        app, follow_redirects=False, raise_server_exceptions=False, headers=SAME
    ) as phone:
        page = start(phone)  # every start is counted
    assert page.status_code == 503, page.text[:300]
    assert "try again" in page.text.lower()
