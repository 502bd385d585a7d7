"""Plain value objects a survey definition is made of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voices.definitions.questions import Question

Localized = Mapping[str, str]  # locale code -> text

AUDIENCES = ("children", "care_leavers", "carers")


@dataclass(frozen=True)
class Option:
    id: str
    text: Localized
    wording: Mapping[str, Localized] = field(default_factory=dict)  # version id -> text
    versions: tuple[str, ...] | None = None  # None: every version

    def in_version(self, version: str) -> bool:
        return self.versions is None or version in self.versions

    def text_for(self, version: str) -> Localized:
        """The words for one version (e.g. plain words for 5-7s); the id stays the same."""
        return self.wording.get(version, self.text)


@dataclass(frozen=True)
class ShowIf:
    """Show a question only when an earlier answer holds one of these values."""

    question: str
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Version:
    """A wording of the survey for an age band, e.g. "8-11"."""

    id: str
    label: Localized  # e.g. "I'm 8 to 11"


@dataclass(frozen=True)
class Survey:
    id: str
    title: Localized
    intro: Localized  # why we are asking, in the survey's own words
    audience: str
    locales: tuple[str, ...]
    versions: tuple[Version, ...]
    questions: tuple[Question, ...]
    file: str = ""

    def version(self, version_id: str) -> Version | None:
        return next((v for v in self.versions if v.id == version_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def questions_for(self, version_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.in_version(version_id))
