"""The action form ("you said, we did"), read and checked without HTTP or a database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from voices.i18n import gettext as _
from voices.models.findings import ACTION_STATUSES

TEXT_MAX = 1000
OWNER_MAX = 200
WHOLE = ""  # the theme field's value for "the whole consultation"
TRANSLATED = ("heard", "action", "progress")


@dataclass
class ActionForm:
    """What the person typed or chose; kept as text so a form with errors shows it again."""

    theme: str = WHOLE  # "framework:theme", or WHOLE
    heard: str = ""
    action: str = ""
    owner: str = ""
    due_on: str = ""
    status: str = "planned"
    progress: str = ""
    public: str = "no"
    # locale -> {"heard", "action", "progress"}
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Clean:
    """A checked form, ready to store on a FindingAction."""

    framework: str | None
    theme: str | None
    heard: str
    action: str
    owner: str
    due_on: date | None
    status: str
    progress: str
    public: bool
    translations: dict[str, dict[str, str]]


def _clean(text: str) -> str:
    return text.replace("\x00", "").strip()


def read_form(one: Callable[[str], str], locales: Sequence[str]) -> ActionForm:
    """Reads the posted fields; `locales` are the other languages offered for translation."""
    translations = {
        locale: {part: _clean(one(f"{part}_{locale}")) for part in TRANSLATED} for locale in locales
    }
    return ActionForm(
        theme=_clean(one("theme")),
        heard=_clean(one("heard")),
        action=_clean(one("action")),
        owner=_clean(one("owner")),
        due_on=_clean(one("due_on")),
        status=_clean(one("status")),
        progress=_clean(one("progress")),
        public=_clean(one("public")),
        translations=translations,
    )


def _too_long(errors: dict[str, str], field_id: str, value: str, limit: int, name: str) -> None:
    if len(value) > limit:
        errors[field_id] = _("%(name)s must be %(max)s characters or fewer") % {
            "name": name,
            "max": limit,
        }


def _check_texts(form: ActionForm, errors: dict[str, str]) -> None:
    if not form.heard:
        errors["heard"] = _("Enter what children told you")
    _too_long(errors, "heard", form.heard, TEXT_MAX, _("What children told you"))
    if not form.action:
        errors["action"] = _("Enter what you will do")
    _too_long(errors, "action", form.action, TEXT_MAX, _("What you will do"))
    if not form.owner:
        errors["owner"] = _("Enter who will do it")
    _too_long(errors, "owner", form.owner, OWNER_MAX, _("Who will do it"))
    _too_long(errors, "progress", form.progress, TEXT_MAX, _("Progress"))
    for locale, parts in form.translations.items():
        for part, value in parts.items():
            _too_long(errors, f"{part}_{locale}", value, TEXT_MAX, _("A translation"))


def validate(form: ActionForm, themes: Sequence[str]) -> tuple[Clean | None, dict[str, str]]:
    """Checks every field against the consultation's themes ("framework:theme"); returns the
    clean values, or the errors by field id in the form's order."""
    errors: dict[str, str] = {}
    if form.theme != WHOLE and form.theme not in themes:
        errors["theme"] = _("Choose a theme from the list, or the whole consultation")
    _check_texts(form, errors)
    due = None
    if form.due_on:
        try:
            due = date.fromisoformat(form.due_on)
        except ValueError:
            errors["due_on"] = _("Enter the date it is due as a real date, for example 2027-03-01")
    if form.status not in ACTION_STATUSES:
        errors["status"] = _("Choose where the action has got to")
    if form.public not in ("yes", "no"):
        errors["public"] = _("Choose whether children can see this action on the results page")
    ordered = {k: errors[k] for k in _order(form) if k in errors}
    if ordered:
        return None, ordered
    framework, _sep, theme = form.theme.partition(":")
    kept = {
        locale: {part: value for part, value in parts.items() if value}
        for locale, parts in form.translations.items()
    }
    return Clean(
        framework=framework or None,
        theme=theme or None,
        heard=form.heard,
        action=form.action,
        owner=form.owner,
        due_on=due,
        status=form.status,
        progress=form.progress,
        public=form.public == "yes",
        translations={locale: parts for locale, parts in kept.items() if parts},
    ), {}


def _order(form: ActionForm) -> list[str]:
    """Field ids in the order the form shows them, so the summary reads top to bottom."""
    fields = ["theme", "heard", "action", "owner", "due_on", "status", "progress", "public"]
    for locale in form.translations:
        fields += [f"{part}_{locale}" for part in TRANSLATED]
    return fields


def status_label(status: str) -> str:
    """A status in staff words."""
    labels = {
        "planned": _("Planned"),
        "in_progress": _("In progress"),
        "done": _("Done"),
        "not_doing": _("Not doing (say why in the progress)"),
    }
    return labels.get(status, status)
