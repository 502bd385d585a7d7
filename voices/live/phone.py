"""What a phone shows in a presenter-paced session: pure logic over a survey, the phone's
version, its answers so far and the question the facilitator is on. No HTTP, no database.

The facilitator's `current_question_id` is None before the group starts, a question id while
the group is on that question, and anything that is not one of the survey's question ids
(`PAST_THE_END`, "_end", is the one to write: ids cannot start with "_") once the group has
gone past the last question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from voices.definitions import Survey
from voices.respond.flow import Answers, visible_questions

PAST_THE_END = "_end"

Kind = Literal["question", "waiting_to_start", "waiting_for_next", "check"]


@dataclass(frozen=True)
class Step:
    """What the phone shows now: a question (with its id), a waiting page, or the check page."""

    kind: Kind
    question_id: str | None = None

    @property
    def waiting(self) -> bool:
        return self.kind in ("waiting_to_start", "waiting_for_next")


WAITING_TO_START = Step("waiting_to_start")
WAITING_FOR_NEXT = Step("waiting_for_next")
CHECK = Step("check")


def _position(survey: Survey, question_id: str | None) -> int | None:
    """Where the facilitator is in the whole survey (every version's questions)."""
    ids = [q.id for q in survey.questions]
    return ids.index(question_id) if question_id in ids else None


def step(survey: Survey, version: str, answers: Answers, current: str | None) -> Step:
    """The page for this phone while the facilitator is on `current`."""
    if current is None:
        return WAITING_TO_START
    if _position(survey, current) is None:
        return CHECK  # past the last question: check your answers, then send
    shown = {q.id for q in visible_questions(survey, version, answers)}
    if current not in shown or current in answers:
        # Another age version's question, a follow-up that does not apply, or answered.
        return WAITING_FOR_NEXT
    return Step("question", current)


def may_show(
    survey: Survey, version: str, answers: Answers, current: str | None, question_id: str
) -> bool:
    """Whether the phone may open this question now: the facilitator's, one already answered
    (Back, to change it), or one the group has gone past; never one ahead of the group."""
    if question_id not in {q.id for q in visible_questions(survey, version, answers)}:
        return False
    if question_id in answers:
        return True
    here, wanted = _position(survey, current), _position(survey, question_id)
    if current is not None and here is None:
        return True  # past the end: every question is open for the check page
    return here is not None and wanted is not None and wanted <= here


def may_check(survey: Survey, current: str | None) -> bool:
    """The check-your-answers page (and sending) opens once the group is past the end."""
    return current is not None and _position(survey, current) is None


def last_answered(survey: Survey, version: str, answers: Answers) -> str | None:
    """The latest question this phone answered: where Back goes from a waiting page."""
    answered = [q.id for q in visible_questions(survey, version, answers) if q.id in answers]
    return answered[-1] if answered else None
