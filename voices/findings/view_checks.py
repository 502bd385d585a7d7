"""Checks the findings view makes before it shows a number: is the filtered group big
enough and far enough from its neighbours, which theme counts a neighbouring view would give
away by difference, and a group's size as published. Shared by the view and the previous
round (voices.findings.previous)."""

from __future__ import annotations

import functools

from sqlmodel import Session

from voices import paths
from voices.coding.codebook import Framework
from voices.definitions import load_catalog
from voices.definitions.model import Survey
from voices.findings import disclosure as dc
from voices.findings import queries as q
from voices.findings.siblings import Breakdown
from voices.findings.walk import crosswalk
from voices.i18n import gettext as _
from voices.models import Consultation


@functools.lru_cache(maxsize=1)
def shipped_surveys():
    return load_catalog(paths.SURVEYS)


def theme_counts(
    db: Session,
    cid: int,
    filters: q.Filters,
    framework: Framework,
    via: Framework | None,
    whole: bool = True,
) -> dict:
    """ThemeCounts by theme; whole=False: respondents by theme only (one GROUP BY)."""
    if via is None or via.id == framework.id:
        return q.theme_counts(db, cid, filters, framework.id, whole)
    return q.crosswalk_counts(db, cid, filters, via.id, crosswalk(framework, via), whole)


def survey_of(consultation: Consultation, survey: Survey | None = None) -> Survey | None:
    return survey or shipped_surveys().get(consultation.survey_id)


def group_message(
    db: Session,
    cid: int,
    filters: q.Filters,
    size: int,
    rule: dc.Rule,
    by_question: list[Breakdown] = (),
) -> str:
    """ "" when the group may be shown, else the message to show instead. by_question: the
    view's breakdown filters; each option must be allowed beside its siblings."""
    if filters.empty:
        return ""
    neighbours = q.group_sizes(db, cid, filters.neighbours())
    if dc.group_allowed(size, neighbours, rule):
        if all(b.option in b.allowed for b in by_question):
            return ""
        return _(
            "Shown beside the other answers to a breakdown question, this group could point "
            "to fewer than %(n)s respondents left over. Nothing is shown. Remove a filter."
        ) % {"n": rule.threshold}
    if size < rule.threshold:
        return _("Fewer than %(n)s respondents match these filters, so nothing is shown.") % {
            "n": rule.threshold
        }
    return _(
        "These filters leave out fewer than %(n)s respondents compared with a wider view, "
        "so showing them could point to one person. Nothing is shown. Remove a filter."
    ) % {"n": rule.threshold}


def differencing_hidden(
    db: Session,
    cid: int,
    filters: q.Filters,
    mine: dict[str, int],
    framework: Framework,
    via: Framework | None,
    rule: dc.Rule,
) -> set[str]:
    """Themes to hide because a neighbouring view's count differs by 1..threshold-1; viewed
    by another framework, also a roll-up that differs so from one of the themes in it.
    mine: respondents by theme in this view."""
    hidden: set[str] = set()
    views = filters.neighbours()
    if via is None or via.id == framework.id:
        totals = q.theme_totals(db, cid, views, framework.id)
    else:
        totals = q.theme_totals(db, cid, views, via.id, crosswalk(framework, via))
    if via is not None and via.id != framework.id:  # a roll-up against each of its parts
        (parts,) = q.theme_totals(db, cid, [filters], via.id)
        walk = crosswalk(framework, via)
        hidden |= {
            t
            for t, sources in walk.items()
            for p in sources
            if 0 < mine.get(t, 0) - parts.get(p, 0) < rule.threshold
        }
    for other in totals:
        keys = set(mine) | set(other)
        hidden |= set(
            dc.hide_differences(
                {k: mine.get(k, 0) for k in keys}, {k: other.get(k, 0) for k in keys}, rule
            )
        )
    return hidden


def total(count: int, rule: dc.Rule) -> dc.Shown:
    """A group's size as published ("fewer than N" when small)."""
    return dc.protect_distribution({}, rule, count).total
