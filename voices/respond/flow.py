"""Which question comes next: pure logic over a survey, a version and the answers so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from voices.definitions import Question, Survey


@dataclass(frozen=True)
class Stored:
    """An answer as saved: a value, or skipped ("I'd rather not say")."""

    value: Mapping[str, Any] | None
    skipped: bool = False


Answers = Mapping[str, Stored]


def _shown(question: Question, answers: Answers, visible: set[str], survey: Survey) -> bool:
    condition = question.show_if
    if condition is None:
        return True
    if condition.question not in visible:
        return False
    stored = answers.get(condition.question)
    if stored is None or stored.skipped or stored.value is None:
        return False
    target = survey.question(condition.question)
    return bool(target and target.condition_value(stored.value) & set(condition.any_of))


def visible_questions(survey: Survey, version: str, answers: Answers) -> list[Question]:
    """The questions this young person sees, given what they have answered so far."""
    shown: list[Question] = []
    visible: set[str] = set()
    for question in survey.questions_for(version):
        if _shown(question, answers, visible, survey):
            shown.append(question)
            visible.add(question.id)
    return shown


def next_question(survey: Survey, version: str, answers: Answers, after: str) -> Question | None:
    """The question after `after`, or None when the check-your-answers page comes next."""
    questions = visible_questions(survey, version, answers)
    ids = [q.id for q in questions]
    if after not in ids:
        return first_unanswered(survey, version, answers)
    index = ids.index(after)
    return questions[index + 1] if index + 1 < len(questions) else None


def previous_question(
    survey: Survey, version: str, answers: Answers, before: str
) -> Question | None:
    questions = visible_questions(survey, version, answers)
    ids = [q.id for q in questions]
    if before not in ids:
        return None
    index = ids.index(before)
    return questions[index - 1] if index > 0 else None


def first_unanswered(survey: Survey, version: str, answers: Answers) -> Question | None:
    return next(
        (q for q in visible_questions(survey, version, answers) if q.id not in answers), None
    )


def progress(survey: Survey, version: str, answers: Answers, question_id: str) -> tuple[int, int]:
    """(position, total) for "Question 3 of 12", counting only questions this person sees."""
    ids = [q.id for q in visible_questions(survey, version, answers)]
    return (ids.index(question_id) + 1 if question_id in ids else 0, len(ids))
