"""Resume codes: every kind of digit, and a limit that never refuses a correct code typed
by a person while guessing stays hopeless."""

from __future__ import annotations

from datetime import timedelta
from ipaddress import ip_network

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.helpers import follow, soup, start
from voices import codes, ratelimit
from voices.models import RateLimitBucket, utcnow
from voices.respond import resuming
from voices.security import client_address
from voices.settings import Settings, trusted_networks

WRONG = "999 999 999"


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """Codes held for their turn: recorded instead of slept, as if sent all at once."""
    held: list[float] = []

    async def no_wait(seconds: float) -> None:
        held.append(seconds)

    monkeypatch.setattr(resuming, "hold", no_wait)
    return held


def _saved_code(client) -> str:
    follow(client, start(client))
    return soup(client.post("/c/TQ4RTX/save")).find(class_="resume-code").text


def _try(client, code: str) -> int:
    return client.post("/c/TQ4RTX/resume", data={"resume_code": code}).status_code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("١٢٣ ٤٥٦ ٧٨٩", "123456789"),  # Arabic-Indic
        ("۱۲۳-۴۵۶-۷۸۹", "123456789"),  # Extended Arabic-Indic (Persian, Urdu)
        ("１２３　４５６　７８９", "123456789"),  # full-width, with an ideographic space
        ("\u200f١٢٣\u200f ٤٥٦ ٧٨٩", "123456789"),  # right-to-left marks
        ("123–456–789", "123456789"),  # en dashes
        ("¹²³456789", None),  # superscripts are not digits a keyboard types for a code
        ("12345678", None),
    ],
)
def test_every_kind_of_digit_is_read(typed, expected):
    assert codes.normalise_resume_code(typed) == expected


def test_a_code_typed_in_arabic_indic_digits_resumes(app, client, consultation):
    code = _saved_code(client)
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    with TestClient(
        app, follow_redirects=False, headers={"Origin": "http://testserver"}
    ) as other_device:
        assert _try(other_device, arabic) == 303


def test_a_correct_code_works_after_many_wrong_ones(app, client, consultation, waits):
    code = _saved_code(client)
    with TestClient(
        app, follow_redirects=False, headers={"Origin": "http://testserver"}
    ) as school:  # one address for the class
        for _ in range(resuming.RESUME_FAILURES_ALLOWED + 1):
            assert _try(school, WRONG) == 422
        assert _try(school, code) == 303
    assert [round(w) for w in waits] == [10]


def test_codes_sent_at_once_past_the_limit_queue_and_a_flood_is_refused(
    client, consultation, waits
):
    for _ in range(resuming.RESUME_FAILURES_ALLOWED):
        assert _try(client, WRONG) == 422
    statuses = [_try(client, WRONG) for _ in range(5)]
    assert [round(w) for w in waits] == [10, 20, 30]  # the first turn is free, then 10 s apart
    assert statuses[:4] == [422] * 4 and statuses[4] == 429
    assert "Lots of codes" in client.post("/c/TQ4RTX/resume", data={"resume_code": WRONG}).text


def test_malformed_codes_do_not_use_up_the_wrong_code_budget(client, consultation, waits):
    for _ in range(resuming.RESUME_FAILURES_ALLOWED * 2):
        assert _try(client, "12") == 422
    for _ in range(resuming.RESUME_FAILURES_ALLOWED):
        assert _try(client, WRONG) == 422
    assert waits == []


def test_too_many_malformed_codes_are_refused(client, consultation, monkeypatch):
    monkeypatch.setattr(resuming, "MALFORMED_ALLOWED", 3)
    assert [_try(client, "abc") for _ in range(4)] == [422, 422, 422, 429]


def test_forwarded_for_is_believed_only_from_trusted_proxies():
    trusted = trusted_networks("10.0.0.0/8, 192.0.2.7")

    def scope(peer: str, forwarded: str | None = None) -> dict:
        headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
        return {"type": "http", "client": (peer, 1234), "headers": headers}

    assert client_address(scope("203.0.113.9", "1.2.3.4"), trusted) == "203.0.113.9"
    assert client_address(scope("203.0.113.9", "1.2.3.4"), ()) == "203.0.113.9"
    assert client_address(scope("10.1.1.1", "198.51.100.4"), trusted) == "198.51.100.4"
    # A client's own forged entry sits left of the address our proxies saw: ignored.
    chain = "6.6.6.6, 198.51.100.4, 192.0.2.7"
    assert client_address(scope("10.1.1.1", chain), trusted) == "198.51.100.4"
    assert client_address(scope("10.1.1.1", "not-an-ip"), trusted) == "10.1.1.1"
    assert client_address(scope("10.1.1.1"), trusted) == "10.1.1.1"
    assert client_address({"type": "http", "headers": []}, trusted) == "unknown"


def test_rate_limit_uses_the_trusted_forwarded_address(app, consultation, waits):
    trusting = Settings(
        **{**app.state.settings.__dict__, "trusted_proxies": (ip_network("10.0.0.0/8"),)}
    )
    app.state.settings = trusting
    with TestClient(
        app,
        follow_redirects=False,
        client=("10.0.0.5", 5000),
        headers={"Origin": "http://testserver"},
    ) as client:
        for _ in range(resuming.RESUME_FAILURES_ALLOWED):
            client.post(
                "/c/TQ4RTX/resume",
                data={"resume_code": WRONG},
                headers={"X-Forwarded-For": "198.51.100.1"},
            )
        other = client.post(
            "/c/TQ4RTX/resume",
            data={"resume_code": WRONG},
            headers={"X-Forwarded-For": "198.51.100.2"},
        )
        assert other.status_code == 422 and waits == []
        client.post(
            "/c/TQ4RTX/resume",
            data={"resume_code": WRONG},
            headers={"X-Forwarded-For": "198.51.100.1"},
        )
    assert waits == []  # the first turn past the limit is free


def test_trusted_proxies_setting():
    assert Settings.from_env({"VOICES_SECRET_KEY": "k"}).trusted_proxies == ()
    parsed = Settings.from_env(
        {"VOICES_SECRET_KEY": "k", "VOICES_TRUSTED_PROXIES": "10.0.0.1,fd00::/8"}
    )
    assert [str(n) for n in parsed.trusted_proxies] == ["10.0.0.1/32", "fd00::/8"]
    with pytest.raises(ValueError, match="VOICES_TRUSTED_PROXIES"):
        trusted_networks("10.0.0.1, proxy.example")


@pytest.mark.parametrize("content", ["", "  \n\t "])
def test_an_empty_secret_key_file_is_refused(tmp_path, monkeypatch, content):
    key_file = tmp_path / "secret.key"
    key_file.write_text(content)
    monkeypatch.setenv("VOICES_SECRET_KEY_FILE", str(key_file))
    with pytest.raises(ValueError, match=str(key_file)):
        Settings.from_env({})


def test_a_whitespace_secret_key_is_refused():
    with pytest.raises(ValueError, match="VOICES_SECRET_KEY"):
        Settings.from_env({"VOICES_SECRET_KEY": "   "})


def test_old_rate_limit_rows_are_pruned_a_batch_at_a_time(session, monkeypatch):
    monkeypatch.setattr(ratelimit, "PRUNE_BATCH", 3)
    old = utcnow() - ratelimit.PRUNE_AFTER - timedelta(minutes=1)
    for n in range(5):
        session.add(RateLimitBucket(key=f"old:{n}", window_start=old, count=1))
    session.add(RateLimitBucket(key="recent", window_start=utcnow(), count=1))
    session.commit()
    ratelimit.record(session, "new:1", timedelta(minutes=15))
    left = set(session.exec(select(RateLimitBucket.key)))
    assert len(left & {f"old:{n}" for n in range(5)}) == 2
    assert {"recent", "new:1"} <= left
    ratelimit.record(session, "new:2", timedelta(minutes=15))
    assert not any(k.startswith("old:") for k in session.exec(select(RateLimitBucket.key)))
