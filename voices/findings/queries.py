"""The findings' GROUP BY queries over the fact tables. Raw counts, not protected yet.

Every function answers one question with one SQL statement (a handful per page, never one
per theme or per answer) and returns plain dicts of counts; voices.findings.view protects
them (disclosure control) before anyone sees them. Works on SQLite and PostgreSQL.

The group a view counts is the submitted responses that pass the `Filters` (version, the
answer to one or more breakdown questions, submitted between two dates), as a sub-select
(`group_ids`) the fact queries test with `response_id IN (...)`; with no filters the fact
tables are read for the consultation alone (their indexes lead with consultation_id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, case, distinct, func, literal, or_, union_all
from sqlmodel import Session, col, select

from voices.models import ClosedAnswerFact, GroupNote, Response, ThemeMention

SUBMITTED = "submitted"
GONE = "discarded"  # a response the child asked us to delete: never counted


@dataclass(frozen=True)
class Filters:
    """Which respondents a view counts. Empty: every submitted response."""

    version: str | None = None
    breakdown: Mapping[str, str] = field(default_factory=dict)  # question id -> option
    date_from: date | None = None
    date_to: date | None = None  # inclusive

    @property
    def empty(self) -> bool:
        return not (self.version or self.breakdown or self.date_from or self.date_to)

    @property
    def by_answers(self) -> bool:
        """Filters only a response has (a group note has no version or answers)."""
        return bool(self.version or self.breakdown)

    def names(self) -> list[str]:
        """Each filter set, by name: "version", "date", "q:<question id>"."""
        found = ["version"] if self.version else []
        found += [f"q:{qid}" for qid in sorted(self.breakdown)]
        return found + (["date"] if self.date_from or self.date_to else [])

    def without(self, name: str) -> Filters:
        """These filters with one dropped: a neighbouring view (differencing)."""
        if name == "version":
            return replace(self, version=None)
        if name == "date":
            return replace(self, date_from=None, date_to=None)
        rest = {k: v for k, v in self.breakdown.items() if f"q:{k}" != name}
        return replace(self, breakdown=rest)

    def neighbours(self) -> list[Filters]:
        """The views one filter away (each filter dropped), "all", and the date range one
        month wider at each end (two ranges a little apart must not both be shown); none
        when empty."""
        if self.empty:
            return []
        found = [self.without(name) for name in self.names()]
        found += [Filters()] if len(found) > 1 else []
        if self.date_from:
            found.append(replace(self, date_from=_month_before(self.date_from)))
        if self.date_to:
            found.append(replace(self, date_to=_month_after(self.date_to)))
        return found


def _month_before(day: date) -> date:
    """The first day of the month before `day`'s month."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _month_after(day: date) -> date:
    """The last day of the month after `day`'s month."""
    first = day.replace(day=28) + timedelta(days=4)  # some day of the next month
    after = first.replace(day=28) + timedelta(days=4)  # some day of the month after
    return after.replace(day=1) - timedelta(days=1)


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def conditions(consultation_id: int, filters: Filters, status: str | None = SUBMITTED) -> list:
    where = [Response.consultation_id == consultation_id]
    where.append(Response.status == status if status else Response.status != GONE)
    if filters.version:
        where.append(Response.version == filters.version)
    stamp = col(Response.submitted_at) if status == SUBMITTED else col(Response.created_at)
    if filters.date_from:
        where.append(stamp >= _start(filters.date_from))
    if filters.date_to:
        where.append(stamp < _start(filters.date_to + timedelta(days=1)))
    for question_id, option in sorted(filters.breakdown.items()):
        chose = select(ClosedAnswerFact.response_id).where(
            ClosedAnswerFact.consultation_id == consultation_id,
            ClosedAnswerFact.question_id == question_id,
            ClosedAnswerFact.option == option,
        )
        where.append(col(Response.id).in_(chose))
    return where


def group_ids(consultation_id: int, filters: Filters) -> Select:
    """The ids of the submitted responses in this view's group (a sub-select)."""
    return select(Response.id).where(*conditions(consultation_id, filters))


@dataclass(frozen=True)
class Counts:
    respondents: int  # submitted responses in the group
    started: int | None  # responses begun (None when a breakdown filter applies: unknowable)


def respondents(db: Session, consultation_id: int, filters: Filters) -> Counts:
    """Submitted and started responses, in one statement."""
    submitted = func.sum(case((Response.status == SUBMITTED, 1), else_=0))
    if filters.breakdown:  # only submitted answers are facts: the started cannot be filtered
        query = select(func.count(), literal(0)).where(*conditions(consultation_id, filters))
        count, _ = db.exec(query).one()
        return Counts(int(count or 0), None)
    where = conditions(consultation_id, replace(filters, date_from=None, date_to=None), None)
    stamp = func.coalesce(col(Response.submitted_at), col(Response.created_at))
    if filters.date_from:
        where.append(stamp >= _start(filters.date_from))
    if filters.date_to:
        where.append(stamp < _start(filters.date_to + timedelta(days=1)))
    count, done = db.exec(select(func.count(), submitted).where(*where)).one()
    return Counts(int(done or 0), int(count or 0))


def group_sizes(db: Session, consultation_id: int, views: Iterable[Filters]) -> list[int]:
    """Respondents in each of several views (the neighbours of a filtered view)."""
    return [respondents(db, consultation_id, f).respondents for f in views]


@dataclass(frozen=True)
class ThemeCounts:
    respondents: int  # distinct respondents who spoke to the theme (reviewed or suggested)
    reviewed: int  # ... by an agreed review
    suggested: int  # ... by the engine's suggestion only, not yet reviewed
    groups: int  # group notes (each counts as one group, not as respondents)
    sentiment: dict[str, int]  # items (answers and notes) by sentiment


SENTIMENTS = ("positive", "mixed", "neutral", "negative")


def _theme_where(consultation_id: int, filters: Filters) -> list:
    where = [ThemeMention.consultation_id == consultation_id]
    if filters.empty:
        return where
    in_group = col(ThemeMention.response_id).in_(group_ids(consultation_id, filters))
    if filters.by_answers:
        return [*where, in_group]  # a group note has no version or answers: left out
    notes = select(GroupNote.id).where(GroupNote.consultation_id == consultation_id)
    if filters.date_from:
        notes = notes.where(col(GroupNote.created_at) >= _start(filters.date_from))
    if filters.date_to:
        notes = notes.where(col(GroupNote.created_at) < _start(filters.date_to + timedelta(1)))
    return [*where, or_(in_group, col(ThemeMention.group_note_id).in_(notes))]


def _themes(db: Session, key, where: list, join=None, whole: bool = True, by_option=None):
    """Three GROUP BYs over theme_mention, each read from an index alone: respondents by
    theme, with group notes (rows with no response); by (theme, reviewed) (someone may have
    a reviewed answer and a suggested one); items by sentiment. whole=False: the first only.
    by_option: (a subquery of (response_id, option), its join condition): each count also
    grouped by the option its respondent chose on a breakdown question ({option: {theme: ...}})."""
    rid = col(ThemeMention.response_id)
    keys = [key] if by_option is None else [key, by_option[0].c.option]

    def run(*columns, by):
        query = select(*keys, *columns).select_from(ThemeMention)
        query = query.join(*join) if join is not None else query
        query = query.outerjoin(*by_option) if by_option is not None else query
        return db.exec(query.where(*where).group_by(*keys, *by)).all()

    wholes = run(func.count(distinct(rid)), func.count() - func.count(rid), by=[])
    if not whole:
        return {theme: int(n) for theme, n, _notes in wholes}
    reviewed, feeling = col(ThemeMention.reviewed), col(ThemeMention.sentiment)
    kinds = run(reviewed, func.count(distinct(rid)), by=[reviewed])
    feelings = run(feeling, func.count(), by=[feeling])
    if by_option is None:
        return _theme_rows(wholes, kinds, feelings)
    return by_option_rows(wholes, kinds, feelings)


def by_option_rows(wholes, kinds, feelings) -> dict:
    """_theme_rows per breakdown option, from rows keyed (theme, option, ...)."""
    return {
        option: _theme_rows(
            [r[:1] + r[2:] for r in wholes if r[1] == option],
            [r[:1] + r[2:] for r in kinds if r[1] == option],
            [r[:1] + r[2:] for r in feelings if r[1] == option],
        )
        for option in {r[1] for r in wholes}
    }


def _theme_rows(wholes, kinds, feelings) -> dict[str, ThemeCounts]:
    """reviewed: respondents with a reviewed code on the theme; suggested: the others who
    spoke to it (suggestions only), so nobody counts in both."""
    split: dict[tuple[str, bool], int] = {(t, bool(r)): int(n) for t, r, n in kinds}
    sentiment: dict[str, dict[str, int]] = {}
    for theme, feeling, count in feelings:
        if feeling in SENTIMENTS:
            sentiment.setdefault(theme, dict.fromkeys(SENTIMENTS, 0))[feeling] = int(count)
    return {
        theme: ThemeCounts(
            int(total),
            split.get((theme, True), 0),
            int(total) - split.get((theme, True), 0),
            int(notes or 0),
            sentiment.get(theme, dict.fromkeys(SENTIMENTS, 0)),
        )
        for theme, total, notes in wholes
    }


def theme_counts(
    db: Session, consultation_id: int, filters: Filters, framework: str, whole: bool = True
) -> dict:
    """Per theme of one framework: respondents, reviewed apart from suggested, groups, feeling
    (ThemeCounts); whole=False: respondents alone ({theme: count}, for rounds and neighbours)."""
    where = [*_theme_where(consultation_id, filters), ThemeMention.framework == framework]
    return _themes(db, col(ThemeMention.theme), where, whole=whole)


def _walk_table(walk: Mapping[str, Iterable[str]]):
    """{target: sources} as a literal table (target, source), or None when empty."""
    pairs = [(target, s) for target, sources in walk.items() for s in sorted(set(sources))]
    if not pairs:
        return None
    rows = [select(literal(t).label("target"), literal(s).label("source")) for t, s in pairs]
    return union_all(*rows).subquery("walk")


def crosswalk_counts(
    db: Session,
    consultation_id: int,
    filters: Filters,
    source: str,
    walk: Mapping[str, Iterable[str]],
    whole: bool = True,
) -> dict:
    """Answers coded in framework `source`, counted by another framework's themes.

    walk: {target theme: source themes that cross-walk to it}. A respondent counts once
    for a target theme however many of its source themes they spoke to. The map goes in
    as a small literal table (UNION ALL of SELECTs: the same SQL on SQLite and PostgreSQL).
    """
    table = _walk_table(walk)
    if table is None:
        return {}
    where = [*_theme_where(consultation_id, filters), ThemeMention.framework == source]
    join = (table, and_(table.c.source == ThemeMention.theme))
    return _themes(db, table.c.target, where, join, whole)


@dataclass(frozen=True)
class ClosedCounts:
    answered: int  # respondents who answered the question (not skipped)
    options: dict[str, int]  # option key -> how many chose it


def _member(consultation_id: int, view: Filters, response_id):
    """True for a fact of a response in the view's group (None: everyone)."""
    return None if view.empty else response_id.in_(group_ids(consultation_id, view))


def _when(member, value):
    return value if member is None else case((member, value))


def closed_counts(
    db: Session,
    consultation_id: int,
    views: Sequence[Filters],
    question_ids: Iterable[str],
    several: Iterable[str] = (),
) -> list[dict[str, ClosedCounts]]:
    """Per view, per closed question: how many answered and how many chose each option.

    One GROUP BY (question, option) over the covering index computes every view at once
    (a view's group is a membership test per column, so several views cost one scan);
    `several` names the questions whose answer may tick more than one option ("choices"),
    whose respondents are counted by a second GROUP BY (distinct responses). Any other
    answer is one row, so its respondents are the sum of its options.
    """
    wanted = sorted(set(question_ids))
    if not wanted or not views:
        return [{} for _ in views]
    rid = col(ClosedAnswerFact.response_id)
    members = [_member(consultation_id, view, rid) for view in views]
    where = [ClosedAnswerFact.consultation_id == consultation_id]
    if len(views) == 1 and members[0] is not None:  # one view: only its group's rows
        where, members = [*where, members[0]], [None]
    qid, option = col(ClosedAnswerFact.question_id), col(ClosedAnswerFact.option)
    counts = [func.sum(_when(m, 1)) if m is not None else func.count() for m in members]
    rows = db.exec(
        select(qid, option, *counts).where(*where, qid.in_(wanted)).group_by(qid, option)
    )
    found: list[dict[str, dict[str, int]]] = [{} for _ in views]
    for question_id, key, *numbers in rows.all():
        for index, number in enumerate(numbers):
            if number:
                found[index].setdefault(question_id, {})[key] = int(number)
    answered = [{q: sum(options.values()) for q, options in view.items()} for view in found]
    ticks = sorted(set(several) & set(wanted))
    if ticks:
        distinct_counts = [func.count(distinct(_when(m, rid))) for m in members]
        rows = db.exec(select(qid, *distinct_counts).where(*where, qid.in_(ticks)).group_by(qid))
        for question_id, *numbers in rows.all():
            for index, number in enumerate(numbers):
                if number:
                    answered[index][question_id] = int(number)
    return [
        {q: ClosedCounts(answered[i][q], found[i][q]) for q in found[i]} for i in range(len(views))
    ]


def theme_totals(
    db: Session,
    consultation_id: int,
    views: Sequence[Filters],
    framework: str,
    walk: Mapping[str, Iterable[str]] | None = None,
) -> list[dict[str, int]]:
    """Respondents per theme in each of several views, in one GROUP BY (differencing);
    walk: count `framework`'s codes by another framework's themes (see crosswalk_counts)."""
    if not views:
        return []
    rid = col(ThemeMention.response_id)
    members = [_member(consultation_id, view, rid) for view in views]
    key, join = col(ThemeMention.theme), None
    if walk is not None:
        table = _walk_table(walk)
        if table is None:
            return [{} for _ in views]
        key, join = table.c.target, (table, table.c.source == ThemeMention.theme)
    query = select(key, *[func.count(distinct(_when(m, rid))) for m in members])
    query = query.join(*join) if join is not None else query
    where = [ThemeMention.consultation_id == consultation_id, ThemeMention.framework == framework]
    rows = db.exec(query.where(*where).group_by(key)).all()
    return [{row[0]: int(row[i + 1]) for row in rows if row[i + 1]} for i in range(len(views))]


def round_chain(db: Session, consultation_id: int, organisation_id: int, limit: int = 20) -> list:
    """This consultation and the rounds before it (previous_round_id), oldest first."""
    from voices.models import Consultation

    chain, seen, current = [], set(), db.get(Consultation, consultation_id)
    while current is not None and current.id not in seen and len(chain) < limit:
        if current.organisation_id != organisation_id:
            break
        chain.append(current)
        seen.add(current.id)
        current = db.get(Consultation, current.previous_round_id or 0)
    return list(reversed(chain))
