"""World builders that several test files share (the `org` and `worker` fixtures are in
tests/conftest.py)."""

from __future__ import annotations

from itertools import count

from sqlmodel import Session

from voices.models import Answer, Consultation, Response, utcnow

_keys = count()  # each response needs its own start key and token


def add_answer(
    session: Session, consultation: Consultation, text: str, status: str = "submitted"
) -> Answer:
    """A response (submitted unless told) with one free-text answer to anything-else; commits."""
    n = next(_keys)
    response = Response(
        consultation_id=consultation.id,
        start_key=f"world-{n}",
        token_hash=f"world-token-{n}",
        version="12-17",
        locale="en",
        status=status,
        submitted_at=utcnow() if status == "submitted" else None,
    )
    session.add(response)
    session.flush()
    answer = Answer(response_id=response.id, question_id="anything-else", value={"text": text})
    session.add(answer)
    session.commit()
    return answer
