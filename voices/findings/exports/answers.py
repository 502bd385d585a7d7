"""One row per answer, for staff with answer access: pure, no database, no HTTP.

voices.findings.exports.source reads the records; this module turns them into rows with
the question's words and the option labels, and the themes as one column per
framework:theme. Never a name, a reference or a database id: the respondent is a
pseudonym (cells.pseudonym). Held answers never reach here (the source leaves them out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from voices.definitions.model import Survey
from voices.definitions.questions import (
    ChoiceQuestion,
    ChoicesQuestion,
    Question,
    ScaleQuestion,
    YesNoQuestion,
)
from voices.i18n import pick
from voices.respond.display import option_label, yes_no_labels

# Column names are identifiers, the same in every language, so scripts keep working.
FIXED_COLUMNS = (
    "respondent",
    "version",
    "locale",
    "submitted_on",
    "live_session",
    "question_id",
    "question",
    "question_type",
    "options",
    "option_labels",
    "scale",
    "text",
    "coding",
    "sentiment",
)
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class ResponseRecord:
    id: int
    version: str
    locale: str
    submitted_at: datetime | None
    live: bool


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    response_id: int
    question_id: str
    value: Mapping[str, Any] | None
    sentiment: str = ""


@dataclass(frozen=True)
class Mention:
    answer_id: int
    framework: str
    theme: str
    reviewed: bool


@dataclass(frozen=True)
class ExportRow:
    respondent: str
    version: str
    locale: str
    submitted_on: str  # the day only: the time of day could pick a child out
    live_session: bool
    question_id: str
    question: str
    question_type: str
    options: tuple[str, ...] = ()
    option_labels: tuple[str, ...] = ()
    scale: int | None = None
    text: str = ""
    coding: str = ""  # "reviewed" (agreed review), "suggested" (engine, not reviewed) or ""
    sentiment: str = ""
    themes: frozenset[str] = field(default_factory=frozenset)  # "framework:theme"

    def cells(self, theme_columns: Sequence[str]) -> list[object]:
        """The row for CSV and XLSX (not yet neutralised): fixed columns, then 1 or blank
        under each framework:theme column."""
        return [
            self.respondent,
            self.version,
            self.locale,
            self.submitted_on,
            "yes" if self.live_session else "no",
            self.question_id,
            self.question,
            self.question_type,
            LIST_SEPARATOR.join(self.options),
            LIST_SEPARATOR.join(self.option_labels),
            self.scale,
            self.text,
            self.coding,
            self.sentiment,
            *(1 if column in self.themes else None for column in theme_columns),
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "respondent": self.respondent,
            "version": self.version,
            "locale": self.locale,
            "submitted_on": self.submitted_on,
            "live_session": self.live_session,
            "question_id": self.question_id,
            "question": self.question,
            "question_type": self.question_type,
            "options": list(self.options),
            "option_labels": list(self.option_labels),
            "scale": self.scale,
            "text": self.text,
            "coding": self.coding,
            "sentiment": self.sentiment,
            "themes": sorted(self.themes),
        }


def theme_columns(allowed: Mapping[str, Iterable[str]]) -> list[str]:
    """One "framework:theme" column per theme of the consultation's frameworks, in order."""
    return [f"{fw}:{theme}" for fw, ids in allowed.items() for theme in ids]


def header(columns: Sequence[str]) -> list[str]:
    return [*FIXED_COLUMNS, *columns]


def _answer_words(question: Question | None, value: Mapping[str, Any], version: str) -> dict:
    """options, option_labels, scale and text of one stored value."""
    if isinstance(question, ChoiceQuestion | ChoicesQuestion):
        ids = [value["option"]] if "option" in value else list(value.get("options", []))
        labels = [option_label(question, option, version) for option in ids]
        return {
            "options": tuple(ids),
            "option_labels": tuple(labels),
            "text": value.get("other", ""),
        }
    if isinstance(question, YesNoQuestion):
        chosen = str(value.get("value", ""))
        label = dict(yes_no_labels()).get(chosen, chosen)
        return {"options": (chosen,), "option_labels": (label,)}
    if isinstance(question, ScaleQuestion):
        point = value.get("value")
        return {"scale": point if isinstance(point, int) else None}
    # A text question, or one no longer in the survey: its words, whatever they were.
    words = value.get("text", value.get("other", ""))
    return {"text": str(words) if words else ""}


def _coding(mentions: Sequence[Mention]) -> str:
    if any(m.reviewed for m in mentions):
        return "reviewed"
    return "suggested" if mentions else ""


def build_row(
    survey: Survey | None,
    respondent: str,
    response: ResponseRecord,
    answer: AnswerRecord,
    mentions: Sequence[Mention],
) -> ExportRow:
    """One answer's row; labels in the current language (falling back to English)."""
    question = survey.question(answer.question_id) if survey is not None else None
    submitted = response.submitted_at.date().isoformat() if response.submitted_at else ""
    kind = question.type_name if question is not None else ""
    return ExportRow(
        respondent=respondent,
        version=response.version,
        locale=response.locale,
        submitted_on=submitted,
        live_session=response.live,
        question_id=answer.question_id,
        question=pick(question.text_for(response.version)) if question is not None else "",
        question_type=kind,
        coding=_coding(mentions),
        sentiment=answer.sentiment,
        themes=frozenset(f"{m.framework}:{m.theme}" for m in mentions),
        **_answer_words(question, answer.value or {}, response.version),
    )


def question_order(survey: Survey | None) -> dict[str, int]:
    """Position of each question in the survey, to sort a respondent's answers."""
    return {q.id: i for i, q in enumerate(survey.questions)} if survey is not None else {}
