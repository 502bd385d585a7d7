"""Words for answers: scale labels, yes/no, and an answer described for "Check your answers"."""

from __future__ import annotations

from voices.definitions import Question
from voices.definitions.questions import (
    OTHER,
    ChoiceQuestion,
    ChoicesQuestion,
    ScaleQuestion,
    YesNoQuestion,
    _OptionsQuestion,
)
from voices.i18n import gettext as _
from voices.i18n import pick
from voices.respond.flow import Stored


def scale_labels(question: ScaleQuestion) -> list[tuple[int, str]]:
    if question.labels:
        words = [pick(label) for label in question.labels]
    else:
        words = [_("Really bad"), _("Bad"), _("OK"), _("Good"), _("Really good")]
    return list(zip((1, 2, 3, 4, 5), words, strict=True))


def yes_no_labels() -> list[tuple[str, str]]:
    return [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure"))]


def option_label(question: _OptionsQuestion, option_id: str, version: str = "") -> str:
    if option_id == OTHER and question.other:
        return pick(question.other)
    return next(
        (pick(o.text_for(version)) for o in question.options if o.id == option_id), option_id
    )


def describe(question: Question, stored: Stored, version: str = "") -> str:
    """An answer in words, in the current language and the respondent's version."""
    value = stored.value or {}
    if isinstance(question, ChoiceQuestion):
        words = [option_label(question, value.get("option", ""), version)]
    elif isinstance(question, ChoicesQuestion):
        words = [option_label(question, option, version) for option in value.get("options", [])]
    elif isinstance(question, ScaleQuestion):
        words = [dict(scale_labels(question)).get(value.get("value", 0), "")]
    elif isinstance(question, YesNoQuestion):
        words = [dict(yes_no_labels()).get(value.get("value", ""), "")]
    else:
        return str(value.get("text", ""))
    if value.get("other"):
        words.append(f"“{value['other']}”")
    return ", ".join(words)


def error_text(code: str, params: dict) -> str:
    messages = {
        "choose_one": _("Choose an answer, or choose “Skip this question”"),
        "choose_some": _("Choose at least one answer, or choose “Skip this question”"),
        "write_something": _("Write your answer, or choose “Skip this question”"),
    }
    if code == "too_long":
        return (
            _(
                "Your answer has %(length)s characters. The most you can write is %(limit)s. "
                "Try making it a bit shorter."
            )
            % params
        )
    return messages[code]
