"""World builders that several test files share (the `org` and `worker` fixtures are in
tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import count
from typing import Any

from sqlmodel import Session

from voices.models import Answer, Consultation, Response, utcnow

FREE_TEXT = "anything-else"  # the all-types survey's last, free-text question
_keys = count()  # each response needs its own start key and token


def add_response(
    session: Session,
    consultation: Consultation,
    answers: Mapping[str, dict[str, Any] | None],
    **overrides: Any,
) -> tuple[Response, list[Answer]]:
    """A response and its answers ({question id: value, or None for a skip}); flushes.

    Unless overridden: submitted (and so submitted now), version 12-17, in English, with a
    start key and token of its own. Any other field of Response may be given.
    """
    n = next(_keys)
    fields: dict[str, Any] = {
        "start_key": f"world-{n}",
        "token_hash": f"world-token-{n}",
        "version": "12-17",
        "locale": "en",
        "status": "submitted",
    } | overrides
    if "submitted_at" not in fields and fields["status"] == "submitted":
        fields["submitted_at"] = utcnow()
    response = Response(consultation_id=consultation.id, **fields)
    session.add(response)
    session.flush()
    rows = [
        Answer(response_id=response.id, question_id=question, value=value, skipped=value is None)
        for question, value in answers.items()
    ]
    session.add_all(rows)
    session.flush()
    return response, rows


def add_answer(session: Session, consultation: Consultation, text: str, **overrides: Any) -> Answer:
    """A response (submitted unless told) with one free-text answer to anything-else; commits."""
    answer = free_text(session, consultation, text, **overrides)
    session.commit()
    return answer


def free_text(session: Session, consultation: Consultation, text: str, **overrides: Any) -> Answer:
    """A response with one free-text answer to anything-else; flushes (see add_response)."""
    _, (answer,) = add_response(session, consultation, {FREE_TEXT: {"text": text}}, **overrides)
    return answer
