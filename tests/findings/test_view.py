"""The protected findings (build_findings) over facts inserted directly."""

from __future__ import annotations

from tests.findings import facts_helpers as facts
from voices.findings import disclosure as dc
from voices.findings.queries import Filters
from voices.findings.view import build_findings
from voices.findings.walk import crosswalk, frameworks

RULE = dc.Rule.staff(5)


def _many(session, c, n: int, **fields):
    return [facts.respondent(session, c, **fields) for _ in range(n)]


def test_small_theme_counts_are_hidden_and_large_ones_shown(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 8, themes=[("shanarri", "safe", True, "positive")])
    _many(session, c, 2, themes=[("shanarri", "healthy", False, "negative")])
    _many(
        session, c, 10, closed={"home-feel": "4"}, themes=[("shanarri", "nurtured", True, "mixed")]
    )
    found = build_findings(session, c, Filters(), RULE, "shanarri")
    assert found.allowed and found.respondents.value == 20
    themes = {t.theme: t for t in found.themes}
    assert themes["safe"].respondents.value == 8
    assert themes["safe"].reviewed.value == 8
    assert themes["healthy"].respondents.value is None
    assert [t.theme for t in found.themes][:2] == ["safe", "healthy"]
    home = next(cq for cq in themes["nurtured"].closed if cq.question_id == "home-feel")
    assert home.answered.value == 10 and home.mean == 4.0


def test_a_small_filtered_group_shows_only_a_message(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 10, version="8-11", themes=[("shanarri", "safe", True, "positive")])
    _many(session, c, 3, version="12-17", themes=[("shanarri", "safe", True, "positive")])
    found = build_findings(session, c, Filters(version="12-17"), RULE, "shanarri")
    assert not found.allowed and found.message and found.themes == []


def test_differencing_all_against_all_but_one_group(session):
    """13 in all, 10 in 8-11: "all" minus the filter would give away the 3 others."""
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 10, version="8-11", themes=[("shanarri", "safe", True, "positive")])
    _many(session, c, 3, version="12-17", themes=[("shanarri", "safe", True, "negative")])
    whole = build_findings(session, c, Filters(), RULE, "shanarri")
    assert whole.allowed and whole.respondents.value == 13
    part = build_findings(session, c, Filters(version="8-11"), RULE, "shanarri")
    assert not part.allowed and part.themes == []
    _many(session, c, 2, version="12-17")  # now 5 others: far enough apart
    part = build_findings(session, c, Filters(version="8-11"), RULE, "shanarri")
    assert part.allowed and part.respondents.value == 10


def test_theme_cells_that_differ_a_little_from_the_wider_view_are_hidden(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 10, version="8-11", themes=[("shanarri", "safe", True, "positive")])
    _many(session, c, 1, version="12-17", themes=[("shanarri", "safe", True, "negative")])
    _many(session, c, 5, version="12-17", themes=[("shanarri", "healthy", True, "negative")])
    part = build_findings(session, c, Filters(version="8-11"), RULE, "shanarri")
    assert part.allowed
    safe = next(t for t in part.themes if t.theme == "safe")
    assert safe.respondents.value is None  # 11 in all vs 10 here: the one other would show


def test_change_since_the_previous_round(session):
    org = facts.organisation(session)
    before = facts.consultation(session, org, "Round 1")
    now = facts.consultation(session, org, "Round 2", previous=before.id)
    _many(session, before, 5, themes=[("shanarri", "safe", True, "positive")])
    _many(session, before, 15)
    _many(session, now, 10, themes=[("shanarri", "safe", True, "positive")])
    _many(session, now, 10)
    found = build_findings(session, now, Filters(), RULE, "shanarri")
    assert found.previous is not None and found.previous.respondents.value == 20
    safe = next(t for t in found.themes if t.theme == "safe")
    assert safe.change.before.value == 5 and safe.change.after.value == 10
    assert safe.change.points == 25


def test_view_by_another_framework(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 6, themes=[("promise", "family", True, "negative")])
    _many(session, c, 6)
    found = build_findings(session, c, Filters(), RULE, "shanarri", via="promise")
    nurtured = next(t for t in found.themes if t.theme == "nurtured")
    assert found.via == "promise" and nurtured.respondents.value == 6


def test_a_roll_up_close_to_one_of_its_parts_is_hidden(session):
    """Viewed by SHANARRI, a theme rolled up from two Promise themes (6 + 2) is 8, and the
    Promise view shows 6: the 2 would be given away, so the roll-up is hidden."""
    walk = crosswalk(frameworks()["shanarri"], frameworks()["promise"])
    target, sources = next((t, sorted(s)) for t, s in walk.items() if len(s) >= 2)
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 6, themes=[("promise", sources[0], True, "positive")])
    _many(session, c, 2, themes=[("promise", sources[1], True, "positive")])
    _many(session, c, 10)
    found = build_findings(session, c, Filters(), RULE, "shanarri", via="promise")
    rolled = next(t for t in found.themes if t.theme == target)
    assert rolled.respondents.value is None


def test_reviewed_and_suggested_only_add_up_to_those_who_spoke(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 6, themes=[("shanarri", "safe", True, "positive")])
    _many(
        session,
        c,
        2,
        themes=[("shanarri", "safe", True, "positive"), ("shanarri", "safe", False, "positive")],
    )
    _many(session, c, 7, themes=[("shanarri", "safe", False, "positive")])
    _many(session, c, 10)
    safe = next(
        t
        for t in build_findings(session, c, Filters(), RULE, "shanarri").themes
        if t.theme == "safe"
    )
    assert (safe.respondents.value, safe.reviewed.value, safe.suggested.value) == (15, 8, 7)


def test_the_public_rule_rounds_every_number(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 23, themes=[("shanarri", "safe", True, "positive")])
    _many(session, c, 19)
    found = build_findings(session, c, Filters(), dc.Rule.public(), "shanarri")
    safe = next(t for t in found.themes if t.theme == "safe")
    assert found.respondents.value == 40
    assert (safe.respondents.value, safe.reviewed.value) == (25, 25)
