"""Question types, one class each, behind a registry that rejects unknown types.

Each type knows how to read its YAML, how to read a submitted form into a stored
value, and how to describe that value on the check-your-answers page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from voices.definitions.model import Localized, Option, ShowIf

Form = Mapping[str, Sequence[str]]
OTHER = "other"  # the option id of "something else"


class Tampered(Exception):
    """The form names something the page never offered: reject with 400, store nothing."""


@dataclass(frozen=True)
class AnswerError(Exception):
    """A child's answer we cannot take as it is; the code picks a kind message."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    kept: Any = None  # what they typed, shown again so nothing is lost


@dataclass(frozen=True)
class Question:
    type_name: ClassVar[str] = ""
    answerable: ClassVar[bool] = True

    id: str
    text: Localized
    hint: Localized | None = None
    versions: tuple[str, ...] | None = None  # None: every version
    wording: Mapping[str, Localized] = field(default_factory=dict)  # version id -> text
    themes: tuple[str, ...] = ()
    show_if: ShowIf | None = None
    screen: bool = False
    # Findings may be filtered by this closed question's answer (placement type, area...).
    breakdown: bool = False

    def text_for(self, version: str) -> Localized:
        return self.wording.get(version, self.text)

    def in_version(self, version: str) -> bool:
        return self.versions is None or version in self.versions

    def parse(self, form: Form) -> dict[str, Any]:
        """Turn a submitted form into the value to store, or raise AnswerError/Tampered."""
        raise NotImplementedError

    def condition_values(self) -> set[str] | None:
        """Values a show_if on this question may test; None when it cannot be tested."""
        return None

    def condition_value(self, value: Mapping[str, Any]) -> set[str]:
        """The values an answer holds, for show_if tests."""
        return set()


def _one(form: Form, name: str) -> str | None:
    values = [v for v in form.get(name, []) if v != ""]
    if len(values) > 1:
        raise Tampered(f"several values for {name}")
    return values[0] if values else None


@dataclass(frozen=True)
class _OptionsQuestion(Question):
    options: tuple[Option, ...] = ()
    other: Localized | None = None  # label of "something else", when offered
    other_max_length: int = 200

    def option_ids(self) -> set[str]:
        ids = {o.id for o in self.options}
        return ids | {OTHER} if self.other else ids

    def condition_values(self) -> set[str]:
        return self.option_ids()

    def _other_text(self, form: Form, chosen: set[str]) -> str | None:
        text = (_one(form, "other_text") or "").strip()
        if OTHER not in chosen:
            return None
        if len(text) > self.other_max_length:
            raise AnswerError(
                "too_long", {"limit": self.other_max_length, "length": len(text)}, kept=text
            )
        return text or None


@dataclass(frozen=True)
class ChoiceQuestion(_OptionsQuestion):
    type_name = "choice"

    def parse(self, form: Form) -> dict[str, Any]:
        chosen = _one(form, "answer")
        if chosen is None:
            raise AnswerError("choose_one")
        if chosen not in self.option_ids():
            raise Tampered(f"unknown option {chosen!r}")
        value: dict[str, Any] = {"option": chosen}
        other = self._other_text(form, {chosen})
        if other:
            value["other"] = other
        return value

    def condition_value(self, value: Mapping[str, Any]) -> set[str]:
        return {value["option"]} if "option" in value else set()


@dataclass(frozen=True)
class ChoicesQuestion(_OptionsQuestion):
    type_name = "choices"

    def parse(self, form: Form) -> dict[str, Any]:
        chosen = [v for v in form.get("answer", []) if v != ""]
        if not chosen:
            raise AnswerError("choose_some")
        unknown = set(chosen) - self.option_ids()
        if unknown or len(set(chosen)) != len(chosen):
            raise Tampered(f"unknown or repeated options {sorted(unknown)!r}")
        order = [o.id for o in self.options] + [OTHER]
        value: dict[str, Any] = {"options": sorted(chosen, key=order.index)}
        other = self._other_text(form, set(chosen))
        if other:
            value["other"] = other
        return value

    def condition_value(self, value: Mapping[str, Any]) -> set[str]:
        return set(value.get("options", []))


SCALE_POINTS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class ScaleQuestion(Question):
    """1 to 5, shown as faces that always carry words."""

    type_name = "scale"
    labels: tuple[Localized, ...] | None = None  # five words; None: the app's defaults

    def parse(self, form: Form) -> dict[str, Any]:
        chosen = _one(form, "answer")
        if chosen is None:
            raise AnswerError("choose_one")
        if chosen not in {str(p) for p in SCALE_POINTS}:
            raise Tampered(f"scale value {chosen!r}")
        return {"value": int(chosen)}

    def condition_values(self) -> set[str]:
        return {str(p) for p in SCALE_POINTS}

    def condition_value(self, value: Mapping[str, Any]) -> set[str]:
        return {str(value["value"])} if "value" in value else set()


YES_NO_VALUES = ("yes", "no", "not_sure")


@dataclass(frozen=True)
class YesNoQuestion(Question):
    type_name = "yes_no"

    def parse(self, form: Form) -> dict[str, Any]:
        chosen = _one(form, "answer")
        if chosen is None:
            raise AnswerError("choose_one")
        if chosen not in YES_NO_VALUES:
            raise Tampered(f"yes/no value {chosen!r}")
        return {"value": chosen}

    def condition_values(self) -> set[str]:
        return set(YES_NO_VALUES)

    def condition_value(self, value: Mapping[str, Any]) -> set[str]:
        return {value["value"]} if "value" in value else set()


@dataclass(frozen=True)
class TextQuestion(Question):
    type_name = "text"
    max_length: int = 500
    long: bool = True

    def parse(self, form: Form) -> dict[str, Any]:
        text = (_one(form, "answer") or "").strip()
        # Browsers send newlines as CRLF; count what the child sees.
        text = text.replace("\r\n", "\n")
        if not text:
            raise AnswerError("write_something")
        if len(text) > self.max_length:
            raise AnswerError(
                "too_long", {"limit": self.max_length, "length": len(text)}, kept=text
            )
        return {"text": text}


@dataclass(frozen=True)
class InfoQuestion(Question):
    """A page of explanation; nothing to answer."""

    type_name = "info"
    answerable = False
    body: Localized | None = None

    def parse(self, form: Form) -> dict[str, Any]:
        return {}


REGISTRY: dict[str, type[Question]] = {
    cls.type_name: cls
    for cls in (
        ChoiceQuestion,
        ChoicesQuestion,
        ScaleQuestion,
        YesNoQuestion,
        TextQuestion,
        InfoQuestion,
    )
}
