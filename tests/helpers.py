"""Small helpers for HTTP tests: walk the journey the way a browser would."""

from __future__ import annotations

import re
import socket

from bs4 import BeautifulSoup
from starlette.testclient import TestClient


def free_port() -> int:
    """A loopback port free at the time of asking, for a test server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def start(client: TestClient, code: str = "TQ4RTX", version: str = "8-11", **extra: str):
    """Open the welcome page and press Start; returns the redirect response."""
    page = client.get(f"/c/{code}")
    assert page.status_code == 200, page.text
    key = soup(page).find("input", {"name": "start_key"})["value"]
    data = {"start_key": key, "version": version, **extra}
    return client.post(f"/c/{code}/start", data=data)


def follow(client: TestClient, response):
    assert response.status_code == 303, (response.status_code, response.text[:500])
    return client.get(response.headers["location"])


def question_id(response) -> str:
    match = re.search(r"/q/([a-z0-9_-]+)$", str(response.url))
    assert match, response.url
    return match.group(1)


def raise_alert(session, answer, consultation, tier: str = "alert", **fields):
    """A safeguarding alert on an answer, as the screen would raise it; commits."""
    from voices.models import Response, SafeguardingAlert

    response = session.get(Response, answer.response_id)
    alert = SafeguardingAlert(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        response_id=response.id,
        answer_id=answer.id,
        question_id=answer.question_id,
        tier=tier,
        **fields,
    )
    session.add(alert)
    session.commit()
    return alert


def redis_or_skip(url: str, timeout: float = 5):
    """A client on an empty Redis database at url; skips when Redis is not there, unless
    VOICES_REQUIRE_REDIS=1 (CI), where a missing Redis is a failure. The caller closes it."""
    import os

    import pytest
    import redis

    client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=timeout)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("VOICES_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis at {url} is not reachable and VOICES_REQUIRE_REDIS=1: {exc}")
        pytest.skip(f"Redis at {url} is not reachable")
    client.flushdb()
    return client
