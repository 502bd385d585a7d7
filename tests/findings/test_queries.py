"""The findings' GROUP BY queries, over facts inserted directly (no answers, no engine)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.findings import facts_helpers as facts
from voices.findings import queries as q
from voices.findings.walk import crosswalk, frameworks
from voices.models import ClosedAnswerFact


def _world(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    return org, c


def test_respondents_and_completion(session):
    _org, c = _world(session)
    for _ in range(3):
        facts.respondent(session, c)
    facts.respondent(session, c, version="12-17")
    facts.respondent(session, c, status="in_progress")
    facts.respondent(session, c, status="discarded")
    assert q.respondents(session, c.id, q.Filters()) == q.Counts(4, 5)
    assert q.respondents(session, c.id, q.Filters(version="8-11")) == q.Counts(3, 4)


def test_breakdown_and_dates_filter_the_group(session):
    _org, c = _world(session)
    day = datetime(2026, 3, 10, 12, tzinfo=UTC)
    facts.respondent(session, c, when=day, closed={"where-live": "foster"})
    facts.respondent(session, c, when=day, closed={"where-live": "foster"})
    facts.respondent(session, c, when=day + timedelta(days=5), closed={"where-live": "family"})
    foster = q.Filters(breakdown={"where-live": "foster"})
    assert q.respondents(session, c.id, foster) == q.Counts(2, None)
    early = q.Filters(date_to=date(2026, 3, 10))
    assert q.respondents(session, c.id, early).respondents == 2
    late = q.Filters(date_from=date(2026, 3, 11), date_to=date(2026, 3, 15))
    assert q.respondents(session, c.id, late).respondents == 1


def test_theme_counts_keep_reviewed_and_suggested_apart(session):
    _org, c = _world(session)
    facts.respondent(session, c, themes=[("shanarri", "safe", True, "positive")])
    facts.respondent(
        session,
        c,
        themes=[("shanarri", "safe", False, "negative"), ("shanarri", "safe", True, "negative")],
    )
    facts.respondent(session, c, themes=[("shanarri", "safe", False, "mixed")])
    facts.respondent(session, c, themes=[("promise", "voice", True, "neutral")])
    facts.group_note(session, c, [("shanarri", "safe", "negative")])
    found = q.theme_counts(session, c.id, q.Filters(), "shanarri")
    safe = found["safe"]
    # suggested: only those with no reviewed code on it, so nobody counts twice
    assert (safe.respondents, safe.reviewed, safe.suggested, safe.groups) == (3, 2, 1, 1)
    assert safe.sentiment == {"positive": 1, "mixed": 1, "neutral": 0, "negative": 3}
    assert set(found) == {"safe"}


def test_filters_leave_group_notes_out_only_when_they_cannot_apply(session):
    _org, c = _world(session)
    facts.respondent(session, c, version="12-17", themes=[("shanarri", "safe", True, "neutral")])
    facts.group_note(session, c, [("shanarri", "safe", "negative")])
    by_version = q.theme_counts(session, c.id, q.Filters(version="12-17"), "shanarri")
    assert by_version["safe"].groups == 0 and by_version["safe"].respondents == 1
    by_date = q.theme_counts(session, c.id, q.Filters(date_from=date(2000, 1, 1)), "shanarri")
    assert by_date["safe"].groups == 1


def test_crosswalk_counts_a_respondent_once_per_target_theme(session):
    _org, c = _world(session)
    walk = crosswalk(frameworks()["shanarri"], frameworks()["core-commitments-sl"])
    sources = sorted(walk["achieving"])
    assert len(sources) >= 2, "core commitments 5 and 6 both walk to achieving"
    both = [("core-commitments-sl", s, True, "positive") for s in sources[:2]]
    facts.respondent(session, c, themes=both)
    facts.respondent(session, c, themes=both[:1])
    facts.respondent(session, c, themes=[("shanarri", "achieving", True, "positive")])
    found = q.crosswalk_counts(session, c.id, q.Filters(), "core-commitments-sl", walk)
    assert found["achieving"].respondents == 2
    assert found["achieving"].sentiment["positive"] == 3


def test_crosswalk_reads_both_directions():
    shanarri, promise = frameworks()["shanarri"], frameworks()["promise"]
    forward = crosswalk(promise, shanarri)
    backward = crosswalk(shanarri, promise)
    pairs_forward = {(t, s) for t, ss in forward.items() for s in ss}
    pairs_backward = {(s, t) for t, ss in backward.items() for s in ss}
    assert pairs_forward == pairs_backward and pairs_forward


def test_closed_counts(session):
    _org, c = _world(session)
    facts.respondent(session, c, closed={"home-feel": "4", "fun": "sport"})
    facts.respondent(session, c, closed={"home-feel": "2"})
    row = facts.respondent(session, c, closed={"home-feel": "4"})
    session.add(
        ClosedAnswerFact(
            consultation_id=c.id, response_id=row.id, question_id="fun", option="music-art"
        )
    )
    session.add(
        ClosedAnswerFact(
            consultation_id=c.id, response_id=row.id, question_id="fun", option="games"
        )
    )
    session.flush()
    (found,) = q.closed_counts(
        session, c.id, [q.Filters()], ["home-feel", "fun", "school"], ["fun"]
    )
    assert found["home-feel"] == q.ClosedCounts(3, {"4": 2, "2": 1})
    assert found["fun"].answered == 2 and sum(found["fun"].options.values()) == 3
    assert "school" not in found


def test_filters_neighbours():
    f = q.Filters(version="8-11", breakdown={"where-live": "foster"})
    assert q.Filters().neighbours() == []
    assert q.Filters(version="8-11").neighbours() == [q.Filters()]
    assert f.neighbours() == [
        q.Filters(breakdown={"where-live": "foster"}),
        q.Filters(version="8-11"),
        q.Filters(),
    ]


def test_round_chain(session):
    org = facts.organisation(session)
    first = facts.consultation(session, org, "Round 1")
    second = facts.consultation(session, org, "Round 2", previous=first.id)
    third = facts.consultation(session, org, "Round 3", previous=second.id)
    assert [r.title for r in q.round_chain(session, third.id, org.id)] == [
        "Round 1",
        "Round 2",
        "Round 3",
    ]


def test_several_views_in_one_scan_agree_with_each_alone(session):
    _org, c = _world(session)
    facts.respondent(
        session,
        c,
        version="8-11",
        closed={"home-feel": "4", "where-live": "foster"},
        themes=[("shanarri", "safe", True, "positive")],
    )
    facts.respondent(
        session,
        c,
        version="12-17",
        closed={"home-feel": "4", "where-live": "foster"},
        themes=[("shanarri", "safe", False, "positive")],
    )
    facts.respondent(session, c, version="12-17", closed={"home-feel": "1", "where-live": "family"})
    views = [
        q.Filters(),
        q.Filters(version="12-17"),
        q.Filters(breakdown={"where-live": "foster"}),
        q.Filters(version="12-17", breakdown={"where-live": "foster"}),
    ]
    together = q.closed_counts(session, c.id, views, ["home-feel"])
    alone = [q.closed_counts(session, c.id, [v], ["home-feel"])[0] for v in views]
    assert together == alone
    assert [v["home-feel"].answered for v in together] == [3, 2, 2, 1]
    totals = q.theme_totals(session, c.id, views, "shanarri")
    assert totals == [{"safe": 2}, {"safe": 1}, {"safe": 2}, {"safe": 1}]
    assert [q.theme_counts(session, c.id, v, "shanarri", whole=False) for v in views] == totals


def test_a_date_range_is_checked_against_the_range_a_month_wider():
    f = q.Filters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    assert q.Filters(date_from=date(2026, 2, 1), date_to=date(2026, 3, 31)) in f.neighbours()
    assert q.Filters(date_from=date(2026, 3, 1), date_to=date(2026, 4, 30)) in f.neighbours()
    december = q.Filters(date_to=date(2026, 12, 31)).neighbours()
    assert q.Filters(date_to=date(2027, 1, 31)) in december
