"""An attacker who opens "all" and every view of one breakdown question (build_findings)
and takes the views away from "all": no small count of anyone may come out."""

from __future__ import annotations

from tests.findings import facts_helpers as facts
from voices.findings import disclosure as dc
from voices.findings.queries import Filters
from voices.findings.view import Findings, build_findings

RULE = dc.Rule.staff(5)
WHERE = "where-live"
OPTIONS = ("foster", "family", "childrens-home", "parents", "own-place")


def _many(session, c, n: int, where: str | None, **fields):
    closed = dict(fields.pop("closed", {}))
    if where is not None:
        closed[WHERE] = where
    return [facts.respondent(session, c, closed=closed, **fields) for _ in range(n)]


def cells(found: Findings) -> dict[tuple, int | None]:
    """Every number a view publishes, by a key the same in every view."""
    out: dict[tuple, int | None] = {("respondents",): found.respondents.value}
    for t in found.themes:
        for name in ("respondents", "reviewed", "suggested"):
            out[("theme", t.theme, name)] = getattr(t, name).value
        for mood, shown in t.sentiment.cells.items():
            out[("sentiment", t.theme, mood)] = shown.value
        for cq in t.closed:
            out[("answered", cq.question_id)] = cq.answered.value
            for key, _label, shown in cq.options:
                out[("closed", cq.question_id, key)] = shown.value
    return out


def views(session, c) -> tuple[dict, dict[str, dict]]:
    """ "all" and each option's view that is shown (the attacker opens every one)."""
    whole = build_findings(session, c, Filters(), RULE, "shanarri")
    assert whole.allowed
    shown = {}
    for option in OPTIONS:
        found = build_findings(session, c, Filters(breakdown={WHERE: option}), RULE, "shanarri")
        if found.allowed:
            shown[option] = cells(found)
    return cells(whole), shown


def leaks(whole: dict, shown: dict[str, dict]) -> list[tuple]:
    """Small counts worked out as "all" minus the other views: of one shown option, or of
    those in no shown view (the small options and those who skipped the question)."""
    found = []
    for key, total in whole.items():
        if total is None:
            continue
        values = {o: v.get(key) for o, v in shown.items()}
        for target in [*shown, None]:  # None: the left-over
            others = [v for o, v in values.items() if o != target]
            if any(v is None for v in others):
                continue
            if target is not None and values[target] is not None:
                continue  # shown anyway: its own table decided
            left = total - sum(others)
            if RULE.small(left):
                found.append((target, key, left))
    return found


def test_all_minus_every_other_option_cannot_isolate_a_small_last_group(session):
    """foster 20, family 12, children's home 2: each view alone is far from "all" (34), but
    "all" minus foster minus family would be the 2 in a children's home."""
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    safe = [("shanarri", "safe", True, "negative")]
    _many(session, c, 8, "foster", themes=safe, closed={"feel-safe": "yes"})
    _many(session, c, 7, "foster", closed={"feel-safe": "yes"})
    _many(session, c, 5, "foster", closed={"feel-safe": "no"})
    _many(session, c, 6, "family", themes=safe, closed={"feel-safe": "yes"})
    _many(session, c, 6, "family", closed={"feel-safe": "no"})
    _many(session, c, 2, "childrens-home", themes=safe, closed={"feel-safe": "no"})
    whole, shown = views(session, c)
    assert "foster" in shown and "childrens-home" not in shown
    assert leaks(whole, shown) == []
    family = build_findings(session, c, Filters(breakdown={WHERE: "family"}), RULE, "shanarri")
    assert not family.allowed and family.message and family.themes == []


def test_cells_of_allowed_siblings_are_protected_together(session):
    """All three options are shown (20, 12, 8) but "all" minus foster minus family would
    give the one child in a children's home who spoke to "safe"."""
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    safe = [("shanarri", "safe", True, "positive")]
    _many(session, c, 10, "foster", themes=safe, closed={"feel-safe": "yes"})
    _many(session, c, 10, "foster", closed={"feel-safe": "no"})
    _many(session, c, 6, "family", themes=safe, closed={"feel-safe": "yes"})
    _many(session, c, 6, "family", closed={"feel-safe": "no"})
    _many(session, c, 1, "childrens-home", themes=safe, closed={"feel-safe": "yes"})
    _many(session, c, 7, "childrens-home", closed={"feel-safe": "no"})
    whole, shown = views(session, c)
    assert set(shown) == {"foster", "family", "childrens-home"}
    assert leaks(whole, shown) == []
    assert shown["childrens-home"][("theme", "safe", "respondents")] is None


def test_a_question_total_is_the_group_so_skipped_is_protected(session):
    """20 respondents, 18 answered "do you feel safe": 20 - 18 would give away 2 skipped."""
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    _many(session, c, 10, None, closed={"feel-safe": "yes"})
    _many(session, c, 8, None, closed={"feel-safe": "no"})
    _many(session, c, 2, None)
    found = build_findings(session, c, Filters(), RULE, "shanarri")
    assert found.respondents.value == 20
    (safe,) = [cq for t in found.themes for cq in t.closed if cq.question_id == "feel-safe"][:1]
    options = [shown.value for _k, _l, shown in safe.options]
    assert safe.answered.value is None
    assert None in options  # else 20 - yes - no = 2 skipped
    shown = [v for v in options if v is not None]
    assert not RULE.small(20 - sum(shown)) or len(shown) < len(options)


def test_a_respondent_reviewed_on_one_answer_and_suggested_on_another_counts_once(session):
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    both = [("shanarri", "safe", True, "positive"), ("shanarri", "safe", False, "positive")]
    _many(session, c, 6, None, themes=both)
    _many(session, c, 6, None, themes=[("shanarri", "safe", False, "negative")])
    _many(session, c, 8, None)
    found = build_findings(session, c, Filters(), RULE, "shanarri")
    safe = next(t for t in found.themes if t.theme == "safe")
    assert (safe.respondents.value, safe.reviewed.value, safe.suggested.value) == (12, 6, 6)


def test_a_breakdown_view_by_another_framework_is_protected_with_its_siblings(session):
    """Viewed by SHANARRI through the Pledge's codes, the roll-ups are protected together."""
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    family = [("promise", "family", True, "negative")]
    _many(session, c, 10, "foster", themes=family)
    _many(session, c, 10, "foster")
    _many(session, c, 6, "family", themes=family)
    _many(session, c, 6, "family")
    _many(session, c, 1, "childrens-home", themes=family)
    _many(session, c, 7, "childrens-home")

    def view(**breakdown):
        found = build_findings(
            session, c, Filters(breakdown=breakdown), RULE, "shanarri", via="promise"
        )
        return cells(found) if found.allowed else None

    shown = {o: view(**{WHERE: o}) for o in OPTIONS}
    shown = {o: v for o, v in shown.items() if v is not None}
    whole = view()
    assert whole[("theme", "nurtured", "respondents")] == 17
    assert set(shown) == {"foster", "family", "childrens-home"}
    assert leaks(whole, shown) == []


def test_all_minus_the_other_versions_cannot_isolate_a_small_one(session):
    """Versions are a breakdown too: 8-11 20, 12-17 12 and 5-7 2."""
    org = facts.organisation(session)
    c = facts.consultation(session, org)
    safe = [("shanarri", "safe", True, "negative")]
    _many(session, c, 8, None, version="8-11", themes=safe)
    _many(session, c, 12, None, version="8-11")
    _many(session, c, 6, None, version="12-17", themes=safe)
    _many(session, c, 6, None, version="12-17")
    _many(session, c, 2, None, version="5-7", themes=safe)
    whole = cells(build_findings(session, c, Filters(), RULE, "shanarri"))
    shown = {}
    for version in ("5-7", "8-11", "12-17"):
        found = build_findings(session, c, Filters(version=version), RULE, "shanarri")
        if found.allowed:
            shown[version] = cells(found)
    assert "8-11" in shown and "5-7" not in shown
    assert leaks(whole, shown) == []


def test_the_previous_round_is_checked_with_its_siblings_too(session):
    """The change since the last round shows that round's group: a family view there would
    leave 2 children in a children's home over, so its numbers are not shown."""
    org = facts.organisation(session)
    before = facts.consultation(session, org, "Round 1")
    now = facts.consultation(session, org, "Round 2", previous=before.id)
    _many(session, before, 20, "foster")
    _many(session, before, 12, "family", themes=[("shanarri", "safe", True, "positive")])
    _many(session, before, 2, "childrens-home", themes=[("shanarri", "safe", True, "positive")])
    _many(session, now, 20, "foster")
    _many(session, now, 15, "family", themes=[("shanarri", "safe", True, "positive")])
    _many(session, now, 5, "childrens-home")
    found = build_findings(session, now, Filters(breakdown={WHERE: "family"}), RULE, "shanarri")
    assert found.allowed and found.previous is not None
    assert found.previous.respondents.value is None


def test_the_previous_rounds_theme_counts_cannot_be_differenced_between_views(session):
    """Last round: 21 felt safe, 10 of them in foster care, 10 in a family, 1 in a children's
    home. Every group is big enough to show, but "all" minus foster minus family would give
    away the one child in a children's home, so the older round's count is hidden too."""
    org = facts.organisation(session)
    before = facts.consultation(session, org, "Round 1")
    now = facts.consultation(session, org, "Round 2", previous=before.id)
    safe = [("shanarri", "safe", True, "positive")]
    _many(session, before, 10, "foster", themes=safe)
    _many(session, before, 10, "foster")
    _many(session, before, 10, "family", themes=safe)
    _many(session, before, 10, "family")
    _many(session, before, 1, "childrens-home", themes=safe)
    _many(session, before, 9, "childrens-home")
    for option in ("foster", "family", "childrens-home"):
        _many(session, now, 12, option, themes=safe)

    def before_safe(filters: Filters) -> int | None:
        found = build_findings(session, now, filters, RULE, "shanarri")
        assert found.allowed
        (theme,) = [t for t in found.themes if t.theme == "safe"]
        return theme.change.before.value

    whole = before_safe(Filters())
    assert whole == 21
    by_option = {
        option: before_safe(Filters(breakdown={WHERE: option}))
        for option in ("foster", "family", "childrens-home")
    }
    assert by_option["childrens-home"] is None  # 1: below the threshold on its own
    shown = [v for v in by_option.values() if v is not None]
    # Whatever is shown, "all" minus the shown views never isolates a small count.
    assert len(shown) < 2 or not RULE.small(whole - sum(shown))
