"""One log line per request, with the route's name and never a code, query or form body."""

from __future__ import annotations

import logging

from tests.helpers import follow, start

CHILD_TEXT = "my secret words zq81"


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "voices.requests"]


def test_each_request_logs_method_route_status_and_time(client, consultation, caplog):
    caplog.set_level(logging.INFO, logger="voices.requests")
    client.get("/c/TQ4RTX?lang=cy")
    lines = _lines(caplog)
    assert len(lines) == 1
    method, name, status, elapsed = lines[0].split()
    assert (method, name, status) == ("GET", "welcome", "200")
    assert elapsed.endswith("ms")


def test_a_post_with_a_childs_words_and_codes_logs_none_of_them(client, consultation, caplog):
    caplog.set_level(logging.DEBUG)
    page = follow(client, start(client))
    client.post(str(page.url), data={"answer": CHILD_TEXT})
    client.post("/c/TQ4RTX/resume?x=1", data={"resume_code": "123 456 789"})
    client.post("/join", data={"code": "TQ4RTX"})
    lines = _lines(caplog)
    assert any(line.startswith("POST answer 303 ") for line in lines)
    assert any(line.startswith("POST resume 422 ") for line in lines)
    assert any(line.startswith("POST join 303 ") for line in lines)
    # The test client's own logger prints URLs; the app's loggers never do.
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("voices"))
    for secret in (CHILD_TEXT, "TQ4RTX", "123 456 789", "123456789", "x=1", "/c/"):
        assert secret not in ours


def test_an_unknown_address_logs_no_path(client, caplog):
    caplog.set_level(logging.INFO, logger="voices.requests")
    client.get("/nothing-here-QWERTY")
    assert _lines(caplog) and _lines(caplog)[0].startswith("GET - 404 ")
    assert not any("QWERTY" in line for line in _lines(caplog))


def test_serve_takes_a_port_and_logs_the_apps_lines():
    from voices.cli import build_parser, log_config

    args = build_parser().parse_args(["serve", "--port", "8080"])
    assert args.port == 8080
    assert log_config()["loggers"]["voices"]["level"] == "INFO"
