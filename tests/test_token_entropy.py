"""Every bearer token carries at least 128 random bits; the short typed codes are counted
in docs/security.md against their rate limits instead."""

from __future__ import annotations

import base64
import math
import re
from datetime import timedelta

from tests.helpers import start
from voices import codes, security
from voices.guard import CSRF_COOKIE
from voices.staff.people import tokens
from voices.staff.sessions import DatabaseSessions, Timeouts

MIN_BITS = 128


def _urlsafe_bits(token: str) -> int:
    """Random bits in a token_urlsafe value: the bytes it decodes to."""
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token), token
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


def test_new_token_carries_192_random_bits_and_never_repeats():
    made = {security.new_token() for _ in range(5000)}
    assert len(made) == 5000
    assert {_urlsafe_bits(t) for t in made} == {security.TOKEN_BYTES * 8}
    assert security.TOKEN_BYTES * 8 >= MIN_BITS


def test_staff_links_and_sessions_use_full_tokens(session):
    invite = tokens.make(session, "k", "invite", "a@b.example", timedelta(hours=1))
    reset = tokens.make(session, "k", "reset", "a@b.example", timedelta(hours=1))
    timeouts = Timeouts(idle=timedelta(minutes=60), absolute=timedelta(hours=12))
    from tests.staff.conftest import make_organisation, make_staff

    user = make_staff(session, make_organisation(session), "worker")
    staff_session = DatabaseSessions(session, "k", timeouts).create(user.id)
    for token in (invite, reset, staff_session):
        assert _urlsafe_bits(token) >= MIN_BITS


def test_a_respondents_cookie_and_the_csrf_cookie_are_full_tokens(client, consultation):
    started = start(client)
    response_token = client.cookies.get("voices_response")
    # Derived (HMAC) from the welcome form's one-time key of TOKEN_BYTES random bytes.
    assert re.fullmatch(r"[0-9a-f]{64}", response_token)
    page = client.get("/c/TQ4RTX")
    start_key = re.search(r'name="start_key" value="([^"]+)"', page.text).group(1)
    assert _urlsafe_bits(start_key) >= MIN_BITS
    assert _urlsafe_bits(client.cookies.get(CSRF_COOKIE)) >= MIN_BITS
    assert started.status_code == 303


def test_every_module_making_bearer_tokens_uses_new_token():
    """Kiosk marks, staff sessions (database and Redis), links and resumed responses."""
    from voices.live import kiosk
    from voices.respond import pages, resuming
    from voices.staff import redis_sessions, sessions

    for module in (kiosk, resuming, pages, sessions, redis_sessions, tokens):
        assert module.new_token is security.new_token, module.__name__


def test_typed_codes_are_short_by_design_and_counted_in_the_docs():
    """Join and resume codes are read aloud and typed by children: ~28 and ~30 bits.
    docs/security.md shows that, at the rate limits, guessing one outlasts its life."""
    join_bits = codes.JOIN_LENGTH * math.log2(len(codes.JOIN_ALPHABET))
    resume_bits = codes.RESUME_DIGITS * math.log2(10)
    assert round(join_bits, 1) == 27.9 and round(resume_bits, 1) == 29.9
    assert len({codes.generate_join_code() for _ in range(2000)}) > 1990
    assert all(codes.normalise_resume_code(codes.generate_resume_code()) for _ in range(100))
