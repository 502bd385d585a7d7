"""Forms of the live-session pages, read and checked without HTTP or a database. Pure.

Messages are precise, for staff: they say which field and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from voices.i18n import gettext as _
from voices.models.live import PACES
from voices.numbers import record_id, whole_number

NOTE_MAX = 8000
PARTICIPANTS = (1, 200)
AGES = (5, 25)

Read = Callable[[str], str]


@dataclass(frozen=True)
class SessionChoice:
    pace: str
    kiosk: bool


def read_session(read: Read) -> SessionChoice | None:
    """Pace and kiosk from the start form; None when the form names a pace we never offered."""
    pace = read("pace") or "self"
    if pace not in PACES:
        return None
    return SessionChoice(pace=pace, kiosk=read("kiosk") == "yes")


@dataclass
class NoteForm:
    """What the worker typed, kept as text so a wrong entry is shown again as typed."""

    text: str = ""
    participants: str = ""
    age_min: str = ""
    age_max: str = ""
    session: str = ""  # a live session id, or "" for none


@dataclass(frozen=True)
class CleanNote:
    text: str
    participants: int
    age_min: int
    age_max: int
    live_session_id: int | None


def read_note(read: Read) -> NoteForm:
    return NoteForm(
        text=read("text").replace("\r\n", "\n").strip(),
        participants=read("participants").strip(),
        age_min=read("age_min").strip(),
        age_max=read("age_max").strip(),
        session=read("session").strip(),
    )


def _whole(value: str, low: int, high: int) -> int | None:
    number = whole_number(value, high)
    return number if number is not None and low <= number else None


def validate_note(
    form: NoteForm, session_ids: Collection[int]
) -> tuple[CleanNote | None, dict[str, str]]:
    """A note to save, or the errors by field id (nothing is saved when there is one)."""
    errors: dict[str, str] = {}
    if not form.text:
        errors["text"] = _("Enter the notes from the discussion")
    elif len(form.text) > NOTE_MAX:
        errors["text"] = _("Notes must be %(max)s characters or fewer (these have %(n)s)") % {
            "max": f"{NOTE_MAX:,}",
            "n": f"{len(form.text):,}",
        }
    participants = _whole(form.participants, *PARTICIPANTS)
    if participants is None:
        errors["participants"] = _(
            "Enter the number of participants as a whole number from 1 to 200"
        )
    age_min, age_max = _whole(form.age_min, *AGES), _whole(form.age_max, *AGES)
    if age_min is None:
        errors["age_min"] = _("Enter the youngest age as a whole number from 5 to 25")
    if age_max is None:
        errors["age_max"] = _("Enter the oldest age as a whole number from 5 to 25")
    if age_min is not None and age_max is not None and age_min > age_max:
        errors["age_max"] = _("The oldest age must be the same as or more than the youngest age")
    session_id = record_id(form.session)
    if form.session and session_id not in session_ids:
        errors["session"] = _("Choose one of this consultation's sessions, or none")
    if errors:
        return None, errors
    if participants is None or age_min is None or age_max is None:  # no error means all read
        raise ValueError("a note without errors has its numbers")
    return CleanNote(form.text, participants, age_min, age_max, session_id), errors
