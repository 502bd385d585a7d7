"""The findings page's GET form: which framework, which cross-walk, which filters. Pure.

Unknown values (a framework or option the survey does not offer) are dropped, never echoed
into queries; a date that is not a date is reported back on the form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from voices.definitions.model import Survey
from voices.definitions.questions import Question
from voices.findings.closed import breakdown_questions
from voices.findings.queries import Filters
from voices.findings.walk import frameworks
from voices.i18n import gettext as _
from voices.live.results import option_keys

PREFIX = "by-"  # a breakdown question's field: by-<question id>


@dataclass(frozen=True)
class Choice:
    framework: str
    via: str | None
    filters: Filters
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # what was typed, shown again

    def query(self, **more: str) -> str:
        """This choice as a query string (links to the report and the rounds keep it)."""
        from urllib.parse import urlencode

        pairs = {k: v for k, v in {**self.raw, **more}.items() if v}
        return urlencode(sorted(pairs.items()))


def month_start(text: str) -> date | None:
    """ "2026-03" as 1 March 2026 (None when it is not a month)."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def month_end(text: str) -> date | None:
    start = month_start(text)
    if start is None:
        return None
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def read(
    get: Callable[[str], str],
    frameworks: Iterable[str],
    default: str,
    versions: Iterable[str],
    breakdowns: Iterable[Question],
) -> Choice:
    """The choice a GET form asks for; get(name) gives "" for a missing field."""
    known = list(frameworks)
    framework = get("framework") if get("framework") in known else default
    via = get("via") if get("via") in known and get("via") != framework else None
    version = get("version") if get("version") in set(versions) else None
    chosen: dict[str, str] = {}
    for question in breakdowns:
        value = get(PREFIX + question.id)
        if value in option_keys(question):
            chosen[question.id] = value
    errors: dict[str, str] = {}
    dates = {"date_from": month_start(get("date_from")), "date_to": month_end(get("date_to"))}
    for name in ("date_from", "date_to"):
        if get(name) and dates[name] is None:
            errors[name] = _("Enter a month like 2026-03")
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        errors["date_to"] = _("The last month must be the same as or after the first")
        dates["date_to"] = None
    raw = {"framework": framework, "via": via or "", "version": version or ""}
    raw.update({PREFIX + k: v for k, v in chosen.items()})
    raw.update({k: get(k) for k in ("date_from", "date_to")})
    filters = Filters(version, chosen, dates["date_from"], dates["date_to"])
    return Choice(framework, via, filters, errors, raw)


def first_value(params: Mapping[str, str]) -> Callable[[str], str]:
    return lambda name: (params.get(name) or "").replace("\x00", "").strip()[:80]


def choice_for(
    query: Mapping[str, str],
    consultation_frameworks: list[str],
    consultation_versions: list[str],
    survey: Survey | None,
) -> Choice:
    """The page's (or an export's) choice from its query string, with the consultation's
    first known framework as the default: the page and the findings exports read it alike."""
    known = frameworks()
    default = next((f for f in consultation_frameworks if f in known), next(iter(known)))
    versions = consultation_versions or ([v.id for v in survey.versions] if survey else [])
    return read(first_value(query), known, default, versions, breakdown_questions(survey))
