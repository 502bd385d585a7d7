"""What the facilitator screen shows, gathered for a template: counts, results, charts, pace.

Kept apart from the handlers so the full page and the polled fragment build the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlmodel import Session

from voices.alerts.holds import held_answer_ids
from voices.definitions import Question
from voices.definitions.model import Survey
from voices.definitions.questions import ScaleQuestion, YesNoQuestion, _OptionsQuestion
from voices.i18n import pick
from voices.live import charts, pace, store
from voices.live.results import QuestionResult, fingerprint, is_closed, results
from voices.models import Consultation, LiveSession
from voices.respond.display import option_label, scale_labels, yes_no_labels


@dataclass(frozen=True)
class Shown:
    """One closed question on the screen: its words, and its chart once enough have answered."""

    result: QuestionResult
    text: str
    bars: list[tuple[str, int]]
    chart: Markup | None


@dataclass(frozen=True)
class ScreenState:
    counts: store.PhoneCounts
    shown: list[Shown]
    version: str  # changes whenever anything on the screen would change

    @property
    def counts_key(self) -> str:
        return f"{self.counts.joined}-{self.counts.finished}"


def key_label(question: Question, key: str) -> str:
    if isinstance(question, _OptionsQuestion):
        return option_label(question, key)  # "something else" by its label, never its words
    if isinstance(question, ScaleQuestion):
        return f"{key} {dict(scale_labels(question)).get(int(key), '')}".strip()
    if isinstance(question, YesNoQuestion):
        return dict(yes_no_labels()).get(key, key)
    return key


def _shown(result: QuestionResult) -> Shown:
    question = result.question
    text = pick(question.text)
    bars = [(key_label(question, key), n) for key, n in result.counts]
    chart = charts.bar_chart(f"chart-{question.id}", text, bars) if result.shown else None
    return Shown(result, text, bars if result.shown else [], chart)


def state(db: Session, consultation: Consultation, session: LiveSession, survey) -> ScreenState:
    questions = [q for q in survey.questions if is_closed(q)] if survey else []
    held = held_answer_ids(db, consultation.id)
    answers = store.stored_answers(db, session.id, [q.id for q in questions], held)
    found = results(questions, answers)
    counts = store.phone_counts(db, session.id)
    version = f"{fingerprint(found)}{'e' if session.ended_at else ''}"
    return ScreenState(counts, [_shown(r) for r in found], version)


@dataclass(frozen=True)
class PaceView:
    sequence: list[Question]
    current: Question | None
    place: int | None  # 1-based, None before Start
    ended: bool = False  # past the last question

    @property
    def at_first(self) -> bool:
        return self.place == 1

    @property
    def at_end(self) -> bool:
        """Past the last question: phones are checking their answers and sending."""
        return self.ended


def pace_view(survey: Survey | None, session: LiveSession) -> PaceView:
    sequence = pace.presenter_sequence(survey) if survey else []
    current = next((q for q in sequence if q.id == session.current_question_id), None)
    place = pace.position(sequence, session.current_question_id)
    return PaceView(sequence, current, place, session.current_question_id == pace.END)
