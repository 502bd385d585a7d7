"""The previous round of a consultation beside this one: its size and theme counts under
the same filters, protected by the same checks, and each theme's change in share."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from voices.coding.codebook import Framework
from voices.findings import disclosure as dc
from voices.findings import queries as q
from voices.findings.siblings import breakdowns, theme_hidden
from voices.findings.view_checks import (
    differencing_hidden,
    group_message,
    survey_of,
    theme_counts,
    total,
)
from voices.findings.walk import crosswalk
from voices.models import Consultation


@dataclass(frozen=True)
class Change:
    """A theme's share now and in the previous round, and the counts behind both."""

    before: dc.Shown
    after: dc.Shown
    points: float | None  # percentage points, after - before; None when either is hidden


@dataclass(frozen=True)
class Previous:
    consultation_id: int
    title: str
    respondents: dc.Shown


def previous_round(
    db: Session,
    consultation: Consultation,
    filters: q.Filters,
    rule: dc.Rule,
    framework: Framework,
    via: Framework | None,
) -> tuple[Previous | None, dict[str, int], set[str]]:
    """The previous round under the same filters: its size, respondents by theme, and the
    themes whose count there must be hidden (the same differencing and sibling checks as
    this round's, so the older round cannot give a small group away either)."""
    before = db.get(Consultation, consultation.previous_round_id or 0)
    if before is None or before.organisation_id != consultation.organisation_id:
        return None, {}, set()
    size = q.respondents(db, before.id, filters).respondents
    by_question = breakdowns(db, before.id, filters, survey_of(before), rule)
    if group_message(db, before.id, filters, size, rule, by_question):
        hidden = dc.Shown(None, None, "group")
        return Previous(before.id, before.title, hidden), {}, set()
    shown = total(size, rule)
    previous = Previous(before.id, before.title, shown)
    counts = theme_counts(db, before.id, filters, framework, via, whole=False)
    if filters.empty:
        return previous, counts, set()
    hide = differencing_hidden(db, before.id, filters, counts, framework, via, rule)
    walk = crosswalk(framework, via) if via is not None and via.id != framework.id else None
    fid = via.id if walk is not None else framework.id
    split, _moods = theme_hidden(db, before.id, by_question, fid, walk, rule)
    return previous, counts, hide | {t for t, keys in split.items() if keys}


def theme_change(
    previous: Previous | None, count: int, now: dc.Shown, rule, hidden: bool = False
) -> Change | None:
    if previous is None:
        return None
    if previous.respondents.value is None:
        return Change(dc.Shown(None, None, "group"), now, None)
    if hidden:
        return Change(dc.Shown(None, None, "difference"), now, None)
    before = dc.protect_share(count, previous.respondents.value, rule)
    return Change(before, now, dc.protect_change(before, now).percent)
