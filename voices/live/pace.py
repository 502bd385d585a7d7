"""Presenter-paced sessions: the order the facilitator goes through a survey. Pure.

Contract with the phones: `LiveSession.current_question_id` is a question id of the
consultation's survey, None before the facilitator presses Start, or END once the
facilitator has gone past the last question (phones then show "Check your answers").
"""

from __future__ import annotations

from voices.definitions import Question
from voices.definitions.model import Survey
from voices.live.phone import PAST_THE_END

MOVES = ("start", "next", "previous")
END = PAST_THE_END  # "_end": survey ids cannot start with "_"


def presenter_sequence(survey: Survey) -> list[Question]:
    """Every question of every version, in the survey's order, info pages included: the room
    reads an info page together too. A phone whose version lacks the question, or whose
    earlier answers hide it, decides for itself what to show."""
    seen: set[str] = set()
    ordered = []
    for question in survey.questions:
        if question.id not in seen:
            seen.add(question.id)
            ordered.append(question)
    return ordered


def step(sequence: list[Question], current_id: str | None, direction: str) -> str | None:
    """The question to show after a move. "start" goes to the first; "next" from the last
    goes to END (phones check their answers and send) and stops there; "previous" stops at
    the first and comes back from END to the last. Before Start, "next" starts and
    "previous" stays not started; a current id the survey no longer has starts again at
    the first."""
    if direction not in MOVES:
        raise ValueError(f"unknown move {direction!r}")
    if not sequence:
        return None
    ids = [q.id for q in sequence]
    if current_id is None and direction == "previous":
        return None
    if current_id == END and direction != "start":
        return END if direction == "next" else ids[-1]
    if direction == "start" or current_id not in ids:
        return ids[0]
    here = ids.index(current_id)
    if direction == "next":
        return ids[here + 1] if here + 1 < len(ids) else END
    return ids[max(here - 1, 0)]


def position(sequence: list[Question], current_id: str | None) -> int | None:
    """1-based place of the current question, for "Question 3 of 8"; None before Start."""
    ids = [q.id for q in sequence]
    return ids.index(current_id) + 1 if current_id in ids else None
