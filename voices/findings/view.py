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

from dataclasses import dataclass, field, replace

from sqlmodel import Session

from voices.coding.codebook import Framework
from voices.definitions.model import Survey
from voices.findings import disclosure as dc
from voices.findings import queries as q
from voices.findings.closed import ClosedFinding, closed_findings
from voices.findings.previous import Change, Previous, previous_round, theme_change
from voices.findings.quotes import quotes_by_theme
from voices.findings.siblings import Breakdown, breakdowns, theme_counts_by_option, theme_hidden
from voices.findings.view_checks import (
    differencing_hidden,
    group_message,
    survey_of,
    theme_counts,
    total,
)
from voices.findings.walk import crosswalk, frameworks
from voices.models import Consultation


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


def _findings(consultation: Consultation, framework: Framework, via, filters, rule, **more):
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
    known = frameworks()
    chosen = known[framework]
    source = known.get(via) if via and via != framework else None
    survey = survey_of(consultation, survey)
    cid = consultation.id
    counts = q.respondents(db, cid, filters)
    base = counts.respondents
    by_question = breakdowns(db, cid, filters, survey, rule)
    message = group_message(db, cid, filters, base, rule, by_question)
    if message or base == 0:
        return _without_themes(consultation, chosen, source, filters, rule, base, message)
    themes, previous = _themes(
        db, consultation, filters, rule, chosen, source, survey, base, by_question
    )
    started = total(counts.started, rule) if counts.started else None
    completion = dc.protect_share(base, counts.started, rule) if counts.started else None
    return _findings(
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


def _without_themes(
    consultation: Consultation,
    chosen: Framework,
    source: Framework | None,
    filters: q.Filters,
    rule: dc.Rule,
    base: int,
    message: str,
) -> Findings:
    """No one answered, or the group is too small to show (`message` says why)."""
    hidden = total(base, rule) if not message else dc.Shown(None, None, "group")
    return _findings(
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


def _themes(
    db: Session,
    consultation: Consultation,
    filters: q.Filters,
    rule: dc.Rule,
    chosen: Framework,
    source: Framework | None,
    survey: Survey | None,
    base: int,
    by_question: list[Breakdown],
) -> tuple[list[ThemeFinding], Previous | None]:
    """Every theme of the chosen framework, protected, with its questions, quotes, change."""
    cid = consultation.id
    walk = crosswalk(chosen, source) if source is not None else None
    fid = source.id if source is not None else chosen.id
    by_option = theme_counts_by_option(db, cid, by_question, fid, walk)
    if by_question:  # the view's own counts, already read (an option nobody spoke for: none)
        counts_now = by_option[0].get(by_question[0].option, {})
    else:
        counts_now = theme_counts(db, cid, filters, chosen, source)
    mine = {t: c.respondents for t, c in counts_now.items()}
    hide = differencing_hidden(db, cid, filters, mine, chosen, source, rule)
    split, moods = theme_hidden(db, cid, by_question, fid, walk, rule, by_option)
    previous, before, before_hidden = previous_round(
        db, consultation, filters, rule, chosen, source
    )
    closed = closed_findings(db, cid, filters, rule, survey, chosen.id, base, by_question)
    quotes = _quotes(db, consultation, filters, chosen, source)
    themes = []
    for theme in chosen.themes:
        keys = split.get(theme.id, set()) | ({dc.REST} if theme.id in hide else set())
        counts = counts_now.get(theme.id)
        item = _theme(theme, chosen.id, counts, base, rule, keys, moods.get(theme.id, set()))
        count = before.get(theme.id, 0)
        moved = theme_change(previous, count, item.respondents, rule, theme.id in before_hidden)
        shown_quotes = quotes.get(theme.id, []) if item.respondents.value is not None else []
        themes.append(
            replace(item, closed=closed.get(theme.id, []), quotes=shown_quotes, change=moved)
        )
    return themes, previous


def _quotes(
    db: Session, consultation: Consultation, filters: q.Filters, chosen: Framework, source
) -> dict[str, list[str]]:
    by_theme = quotes_by_theme(db, consultation, filters, chosen.id, source.id if source else None)
    if source is None:
        return by_theme
    walk = crosswalk(chosen, source)
    return {
        t: sorted({x for s in sources for x in by_theme.get(s, [])}) for t, sources in walk.items()
    }
