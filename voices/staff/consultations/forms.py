"""The consultation form, read and checked without HTTP or a database (pure, easy to test)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from voices.i18n import gettext as _

TITLE_MAX = 200
WHO_MAX = 500
REFERENCE_MAX = 100

# A form's many-valued fields: name -> every value sent.
Getter = Callable[[str], list[str]]


@dataclass
class ConsultationForm:
    """What the worker typed or chose; kept as text so a form with errors shows it again."""

    survey_id: str = ""
    title: str = ""
    who_is_asking: str = ""
    who_sees: str = ""  # optional: children are told a general sentence when it is empty
    anonymous: str = "yes"
    opens: str = ""
    closes: str = ""
    versions: list[str] = field(default_factory=list)
    locales: list[str] = field(default_factory=list)
    frameworks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Choices:
    """What may be chosen for one survey."""

    versions: Sequence[str]
    locales: Sequence[str]
    frameworks: Sequence[str]


@dataclass(frozen=True)
class Clean:
    """A checked form, ready to store."""

    title: str
    who_is_asking: str
    who_sees: str
    anonymous: bool
    opens_at: datetime
    closes_at: datetime | None
    versions: list[str]
    locales: list[str]
    frameworks: list[str]


def _clean(text: str) -> str:
    return text.replace("\x00", "").strip()


def read_form(one: Callable[[str], str], many: Getter) -> ConsultationForm:
    return ConsultationForm(
        survey_id=_clean(one("survey")),
        title=_clean(one("title")),
        who_is_asking=_clean(one("who_is_asking")),
        who_sees=_clean(one("who_sees")),
        anonymous=_clean(one("anonymous")),
        opens=_clean(one("opens")),
        closes=_clean(one("closes")),
        versions=[_clean(v) for v in many("versions")],
        locales=[_clean(v) for v in many("locales")],
        frameworks=[_clean(v) for v in many("frameworks")],
    )


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _subset(chosen: Iterable[str], allowed: Sequence[str]) -> list[str] | None:
    """The chosen values in the survey's order; None if any is unknown."""
    chosen_set = set(chosen)
    if not chosen_set <= set(allowed):
        return None
    return [value for value in allowed if value in chosen_set]


def validate(form: ConsultationForm, choices: Choices) -> tuple[Clean | None, dict[str, str]]:
    """Checks every field; returns the clean values or errors by field id (first field first)."""
    errors: dict[str, str] = {}
    if not form.title:
        errors["title"] = _("Enter a title")
    elif len(form.title) > TITLE_MAX:
        errors["title"] = _("Title must be %(max)s characters or fewer") % {"max": TITLE_MAX}
    if not form.who_is_asking:
        errors["who_is_asking"] = _("Enter who is asking")
    elif len(form.who_is_asking) > WHO_MAX:
        errors["who_is_asking"] = _("Who is asking must be %(max)s characters or fewer") % {
            "max": WHO_MAX
        }
    if len(form.who_sees) > WHO_MAX:
        errors["who_sees"] = _("Who will see the answers must be %(max)s characters or fewer") % {
            "max": WHO_MAX
        }
    versions = _subset(form.versions, choices.versions)
    if not versions:
        errors["versions"] = _("Choose at least one version")
    locales = _subset(form.locales, choices.locales)
    if not locales:
        errors["locales"] = _("Choose at least one language")
    frameworks = _subset(form.frameworks, choices.frameworks)
    if frameworks is None:
        errors["frameworks"] = _("Choose frameworks from the list")
    if form.anonymous not in ("yes", "no"):
        errors["anonymous"] = _("Choose whether the answers are anonymous or named")
    opens = parse_date(form.opens)
    if opens is None:
        errors["opens"] = _("Enter the date it opens as a real date, for example 2027-03-01")
    closes = parse_date(form.closes) if form.closes else None
    if form.closes and closes is None:
        errors["closes"] = _("Enter the date it closes as a real date, for example 2027-04-01")
    elif opens and closes and closes <= opens:
        errors["closes"] = _("The date it closes must be after the date it opens")
    if errors or opens is None:
        return None, errors
    clean = Clean(
        title=form.title,
        who_is_asking=form.who_is_asking,
        who_sees=form.who_sees,
        anonymous=form.anonymous == "yes",
        opens_at=_start_of(opens),
        closes_at=_start_of(closes) if closes else None,
        versions=versions or [],
        locales=locales or [],
        frameworks=frameworks or [],
    )
    return clean, {}


def check_reference(text: str) -> tuple[str | None, str | None]:
    """A response's reference: (value or None to clear, error)."""
    value = _clean(text)
    if len(value) > REFERENCE_MAX:
        return None, _("Reference must be %(max)s characters or fewer") % {"max": REFERENCE_MAX}
    return value or None, None
