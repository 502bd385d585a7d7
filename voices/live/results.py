"""Live results of closed questions, tallied from stored answer values. Pure: no HTTP, no DB.

A question's results are shown only once at least THRESHOLD people have answered it (a skip
is not an answer), so nobody in the room can tell one child's answer. Free text is never
tallied: text questions are left out, and the "something else" box is counted only as the
option "something else", never its words.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from voices.definitions import Question
from voices.definitions.questions import (
    OTHER,
    SCALE_POINTS,
    YES_NO_VALUES,
    ChoiceQuestion,
    ChoicesQuestion,
    ScaleQuestion,
    YesNoQuestion,
    _OptionsQuestion,
)

THRESHOLD = 3
CLOSED_TYPES = (ChoiceQuestion, ChoicesQuestion, ScaleQuestion, YesNoQuestion)


@dataclass(frozen=True)
class StoredAnswer:
    question_id: str
    value: Mapping[str, Any] | None
    skipped: bool = False


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int  # people who answered (not skipped)
    counts: tuple[tuple[str, int], ...]  # (option key, how many chose it), in the survey's order

    @property
    def shown(self) -> bool:
        return self.answered >= THRESHOLD

    @property
    def still_needed(self) -> int:
        return max(0, THRESHOLD - self.answered)


def is_closed(question: Question) -> bool:
    return isinstance(question, CLOSED_TYPES)


def option_keys(question: Question) -> list[str]:
    """Every answer a closed question can hold, in the order it is offered."""
    if isinstance(question, _OptionsQuestion):
        return [o.id for o in question.options] + ([OTHER] if question.other else [])
    if isinstance(question, ScaleQuestion):
        return [str(p) for p in SCALE_POINTS]
    if isinstance(question, YesNoQuestion):
        return list(YES_NO_VALUES)
    return []


def chosen_keys(question: Question, value: Mapping[str, Any] | None) -> set[str]:
    """The option keys one stored answer chose; empty when it holds nothing we know."""
    if not value:
        return set()
    return question.condition_value(value) & set(option_keys(question))


def tally(question: Question, answers: Iterable[StoredAnswer]) -> QuestionResult:
    keys = option_keys(question)
    counts: Counter[str] = Counter()
    answered = 0
    for answer in answers:
        chosen = set() if answer.skipped else chosen_keys(question, answer.value)
        if chosen:
            answered += 1
            counts.update(chosen)
    return QuestionResult(question, answered, tuple((k, counts[k]) for k in keys))


def results(questions: Sequence[Question], answers: Iterable[StoredAnswer]) -> list[QuestionResult]:
    """One result per closed question, in the survey's order."""
    by_question: dict[str, list[StoredAnswer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    return [tally(q, by_question.get(q.id, [])) for q in questions if is_closed(q)]


def fingerprint(found: Sequence[QuestionResult]) -> str:
    """A short hash of what the screen would show, so a poll that changes nothing can be told
    "no change" (204) and the page is not redrawn every second. Hidden counts are left out."""
    shown = [(r.question.id, r.answered, r.counts if r.shown else ()) for r in found]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:12]
