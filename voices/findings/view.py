"""The PROTECTED findings of one consultation: the one function pages and exports call.

    build_findings(db, consultation, filters, rule, framework, via=None, survey=None) -> Findings

- db: a sqlmodel Session; consultation: a Consultation row.
- filters: voices.findings.queries.Filters(version, breakdown {question_id: option},
  date_from, date_to (inclusive dates; the staff form gives whole months)); Filters() is
  everyone.
- rule: voices.findings.disclosure.Rule (staff: Rule.staff(org.disclosure_threshold);
  public: Rule.public()).
- framework: the framework whose themes are listed (e.g. "shanarri").
- via: None, or another framework whose codes are counted BY `framework`'s themes through
  the cross-walk (Theme.crosswalk, either direction): a theme counts the respondents coded
  with any `via` theme that cross-walks to it.
- survey: the consultation's Survey (request.app.state.catalog.get(...)); None loads the
  shipped surveys.

Findings (plain frozen dataclasses, every number already protected by `rule`):
- allowed: False when the filtered group is too small, or differs from a neighbouring view
  (each filter dropped, "all", the dates a month wider) by 1..threshold-1 respondents; then `message` says why
  and `themes` is empty (only the message may be shown).
- respondents: Shown; started: Shown | None (None under a breakdown filter);
  completion: Shown (respondents of started, percent) | None.
- themes: list[ThemeFinding] in the framework's order, each with respondents (who spoke to
  it) / reviewed (a reviewed code on it) / suggested (only the engine's suggestions on it);
  reviewed + suggested = respondents (Shown, shares of the group), groups (group notes, not
  people), sentiment (disclosure Table of items by feeling), closed: list[ClosedFinding]
  (voices.findings.closed: answered, options [(key, label, Shown)], mean when shown),
  quotes: list[str] (approved, redacted; only when the group and the theme's count are
  shown), change: Change(before, after, points) | None (previous round, same filters).
- previous: the previous round's title and respondents (Shown), or None.
Hidden values have Shown.value None and a reason ("small", "secondary", "difference"...).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from voices import paths
from voices.coding.codebook import Framework
from voices.definitions import load_catalog
from voices.definitions.model import Survey
from voices.findings import disclosure as dc
from voices.findings import queries as q
from voices.findings.closed import ClosedFinding, closed_findings
from voices.findings.quotes import quotes_by_theme
from voices.findings.siblings import Breakdown, breakdowns, theme_counts_by_option, theme_hidden
from voices.findings.walk import crosswalk, frameworks
from voices.i18n import gettext as _
from voices.models import Consultation


@dataclass(frozen=True)
class Change:
    """A theme's share now and in the previous round, and the counts behind both."""

    before: dc.Shown
    after: dc.Shown
    points: float | None  # percentage points, after - before; None when either is hidden


@dataclass(frozen=True)
class ThemeFinding:
    framework: str
    theme: str
    label: str
    description: str
    respondents: dc.Shown
    reviewed: dc.Shown
    suggested: dc.Shown
    groups: int
    sentiment: dc.Table
    closed: list[ClosedFinding] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    change: Change | None = None


@dataclass(frozen=True)
class Previous:
    consultation_id: int
    title: str
    respondents: dc.Shown


@dataclass(frozen=True)
class Findings:
    consultation_id: int
    title: str
    framework: str
    framework_title: str
    via: str | None
    filters: q.Filters
    rule: dc.Rule
    allowed: bool
    message: str
    respondents: dc.Shown
    started: dc.Shown | None
    completion: dc.Shown | None
    themes: list[ThemeFinding]
    previous: Previous | None = None


@functools.lru_cache(maxsize=1)
def _shipped_surveys():
    return load_catalog(paths.SURVEYS)


def _theme_counts(
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


def _allowed(
    db: Session,
    cid: int,
    filters: q.Filters,
    size: int,
    rule: dc.Rule,
    found: list[Breakdown] = (),
) -> str:
    """ "" when the group may be shown, else the message to show instead. found: the
    view's breakdown filters; each option must be allowed beside its siblings."""
    if filters.empty:
        return ""
    neighbours = q.group_sizes(db, cid, filters.neighbours())
    if dc.group_allowed(size, neighbours, rule):
        if all(b.option in b.allowed for b in found):
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


def _differencing(
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
        found = q.theme_totals(db, cid, views, framework.id)
    else:
        found = q.theme_totals(db, cid, views, via.id, crosswalk(framework, via))
    if via is not None and via.id != framework.id:  # a roll-up against each of its parts
        (parts,) = q.theme_totals(db, cid, [filters], via.id)
        walk = crosswalk(framework, via)
        hidden |= {
            t
            for t, sources in walk.items()
            for p in sources
            if 0 < mine.get(t, 0) - parts.get(p, 0) < rule.threshold
        }
    for other in found:
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


def _spoke(whole: int, base: int, table: dc.Table, rule: dc.Rule) -> dc.Shown:
    """Respondents who spoke to a theme: the group less those who did not (the table's rest),
    so it is shown exactly when that remainder is."""
    if whole and rule.small(whole):
        return dc.Shown(None, None, "small", rule.threshold)
    rest = table.rest
    if rest is None or rest.value is None:
        return dc.Shown(None, None, rest.reason if rest is not None else "table")
    shown_base = table.total.value if table.total.value is not None else base
    value = rule.round(whole)  # the staff rule: exactly base - rest
    percent = round(100 * value / shown_base, 1) if shown_base else None
    return dc.Shown(value, percent, "rounded" if rule.rounding > 1 else "")


def _theme(
    theme,
    fid: str,
    counts: q.ThemeCounts | None,
    base: int,
    rule: dc.Rule,
    hide: set[str],
    moods: set[str] = frozenset(),
) -> ThemeFinding:
    """One theme's protected numbers: reviewed, suggested only (no reviewed code on it) and
    those who did not speak to it exclude one another, so they are one distribution.
    hide: its keys (reviewed, suggested, dc.REST) to hide; moods: sentiments to hide."""
    c = counts or q.ThemeCounts(0, 0, 0, 0, {s: 0 for s in q.SENTIMENTS})
    split = {"reviewed": c.reviewed, "suggested": c.respondents - c.reviewed}
    table = dc.protect_distribution(split, rule, base, also_hide=hide)
    return ThemeFinding(
        framework=fid,
        theme=theme.id,
        label=theme.label,
        description=theme.description,
        respondents=_spoke(c.respondents, base, table, rule),
        reviewed=table.cells["reviewed"],
        suggested=table.cells["suggested"],
        groups=c.groups,
        sentiment=dc.protect_distribution(c.sentiment, rule, also_hide=moods),
    )


def _previous(
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
    found = breakdowns(db, before.id, filters, survey_of(before), rule)
    if _allowed(db, before.id, filters, size, rule, found):
        hidden = dc.Shown(None, None, "group")
        return Previous(before.id, before.title, hidden), {}, set()
    shown = total(size, rule)
    previous = Previous(before.id, before.title, shown)
    counts = _theme_counts(db, before.id, filters, framework, via, whole=False)
    if filters.empty:
        return previous, counts, set()
    hide = _differencing(db, before.id, filters, counts, framework, via, rule)
    walk = crosswalk(framework, via) if via is not None and via.id != framework.id else None
    fid = via.id if walk is not None else framework.id
    split, _moods = theme_hidden(db, before.id, found, fid, walk, rule)
    return previous, counts, hide | {t for t, keys in split.items() if keys}


def _change(
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


def _empty(consultation: Consultation, framework: Framework, via, filters, rule, **more):
    return Findings(
        consultation_id=consultation.id,
        title=consultation.title,
        framework=framework.id,
        framework_title=framework.title,
        via=via.id if via else None,
        filters=filters,
        rule=rule,
        **more,
    )


def survey_of(consultation: Consultation, survey: Survey | None = None) -> Survey | None:
    return survey or _shipped_surveys().get(consultation.survey_id)


def build_findings(
    db: Session,
    consultation: Consultation,
    filters: q.Filters,
    rule: dc.Rule,
    framework: str,
    via: str | None = None,
    survey: Survey | None = None,
) -> Findings:
    """Protected findings of one consultation by one framework (see the module docstring)."""
    found = frameworks()
    chosen = found[framework]
    source = found.get(via) if via and via != framework else None
    survey = survey_of(consultation, survey)
    cid = consultation.id
    counts = q.respondents(db, cid, filters)
    base = counts.respondents
    found = breakdowns(db, cid, filters, survey, rule)
    message = _allowed(db, cid, filters, base, rule, found)
    if message or base == 0:
        hidden = total(base, rule) if not message else dc.Shown(None, None, "group")
        return _empty(
            consultation,
            chosen,
            source,
            filters,
            rule,
            allowed=not message,
            message=message,
            respondents=hidden,
            started=None,
            completion=None,
            themes=[],
        )
    themes, previous = _themes(db, consultation, filters, rule, chosen, source, survey, base, found)
    started = total(counts.started, rule) if counts.started else None
    completion = dc.protect_share(base, counts.started, rule) if counts.started else None
    return _empty(
        consultation,
        chosen,
        source,
        filters,
        rule,
        allowed=True,
        message="",
        respondents=total(base, rule),
        started=started,
        completion=completion,
        themes=themes,
        previous=previous,
    )


def _themes(
    db: Session,
    consultation: Consultation,
    filters: q.Filters,
    rule: dc.Rule,
    chosen: Framework,
    source: Framework | None,
    survey: Survey | None,
    base: int,
    found: list[Breakdown],
) -> tuple[list[ThemeFinding], Previous | None]:
    """Every theme of the chosen framework, protected, with its questions, quotes, change."""
    cid = consultation.id
    walk = crosswalk(chosen, source) if source is not None else None
    fid = source.id if source is not None else chosen.id
    by_option = theme_counts_by_option(db, cid, found, fid, walk)
    if found:  # the view's own counts, already read (an option nobody spoke for: none)
        theme_counts = by_option[0].get(found[0].option, {})
    else:
        theme_counts = _theme_counts(db, cid, filters, chosen, source)
    mine = {t: c.respondents for t, c in theme_counts.items()}
    hide = _differencing(db, cid, filters, mine, chosen, source, rule)
    split, moods = theme_hidden(db, cid, found, fid, walk, rule, by_option)
    previous, before, before_hidden = _previous(db, consultation, filters, rule, chosen, source)
    closed = closed_findings(db, cid, filters, rule, survey, chosen.id, base, found)
    quotes = _quotes(db, consultation, filters, chosen, source)
    themes = []
    for theme in chosen.themes:
        keys = split.get(theme.id, set()) | ({dc.REST} if theme.id in hide else set())
        counts = theme_counts.get(theme.id)
        item = _theme(theme, chosen.id, counts, base, rule, keys, moods.get(theme.id, set()))
        count = before.get(theme.id, 0)
        change = _change(previous, count, item.respondents, rule, theme.id in before_hidden)
        shown_quotes = quotes.get(theme.id, []) if item.respondents.value is not None else []
        themes.append(
            replace(item, closed=closed.get(theme.id, []), quotes=shown_quotes, change=change)
        )
    return themes, previous


def _quotes(
    db: Session, consultation: Consultation, filters: q.Filters, chosen: Framework, source
) -> dict[str, list[str]]:
    found = quotes_by_theme(db, consultation, filters, chosen.id, source.id if source else None)
    if source is None:
        return found
    walk = crosswalk(chosen, source)
    return {
        t: sorted({x for s in sources for x in found.get(s, [])}) for t, sources in walk.items()
    }
