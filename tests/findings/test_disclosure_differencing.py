"""Filtered views: comparing "all" with one group, or with "all but one group", must not
isolate a child. An attacker here holds every published view at once."""

from __future__ import annotations

from itertools import combinations, product

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.findings.attack import assignments, possible
from voices.findings.disclosure import (
    Rule,
    allowed_groups,
    group_allowed,
    hide_differences,
    protect_distribution,
    protect_siblings,
)

STAFF = Rule.staff(5)
KEYS = ("yes", "no")


def test_group_allowed_needs_the_threshold_and_a_clear_gap_to_its_neighbours():
    assert group_allowed(12, [40], STAFF)
    assert not group_allowed(4, [40], STAFF)  # too small
    assert not group_allowed(38, [40], STAFF)  # "all" minus this is 2 children
    assert group_allowed(40, [40], STAFF)  # the filter changes nothing
    assert not group_allowed(12, [40, 14], STAFF)  # dropping the other filter adds 2


def test_all_but_one_group_is_caught_by_the_leftover():
    # Where I live: foster 30, residential 12, kinship 8, other 2; one child skipped it.
    sizes = {"foster": 30, "residential": 12, "kinship": 8, "other": 2}
    # Each group alone is far from "all" (53), but all - foster - residential - kinship
    # would be the other 2 and the one who skipped: kinship goes too, leaving 11.
    assert allowed_groups(sizes, 53, STAFF) == {"foster", "residential"}


def test_a_cell_close_to_the_same_cell_of_all_is_hidden():
    everyone = {"yes": 14, "no": 6}
    foster = {"yes": 10, "no": 5}  # all minus foster: 4 said yes, 1 said no
    assert hide_differences(foster, everyone, STAFF) == {"yes", "no"}
    assert hide_differences({"yes": 11, "no": 6}, everyone, STAFF) == {"yes"}


def test_attacker_comparing_all_with_one_group_learns_nothing_small():
    everyone = {"yes": 30, "no": 12}
    foster = {"yes": 24, "no": 11}  # the 7 not in foster care: 6 yes, 1 no
    views = protect_siblings(everyone, {"foster": foster}, STAFF)
    table = views["foster"]
    assert table.cells["no"].hidden
    # The "no" of the other 7 is 12 minus foster's "no": it must stay open.
    others_no = {12 - v for v in possible(table, STAFF, 60)["no"]}
    assert len(others_no) > 1 and 1 in others_no


# A property test: random answers from children in three breakdown groups and some who
# skipped the breakdown question. Published: "all", the breakdown's own distribution,
# and every allowed group's view. The attacker combines them in every way.


def atoms(keys, high):
    return st.fixed_dictionaries(
        {k: st.one_of(st.integers(0, 3), st.integers(0, high)) for k in keys}
    )


@st.composite
def populations(draw):
    """Two answers and three groups, or three answers and two groups (kept small: the
    attacker below lists every world)."""
    wide = draw(st.booleans())
    keys = ("yes", "no", "unsure") if wide else KEYS
    atom = atoms(keys, 6 if wide else 9)
    groups = {g: draw(atom) for g in (("a", "b") if wide else ("a", "b", "c"))}
    skipped = draw(st.one_of(st.just(dict.fromkeys(keys, 0)), atom))
    return groups, skipped, draw(st.integers(3, 5).map(Rule.staff))


def published(groups, skipped, rule):
    keys = list(skipped)
    everyone = {k: sum(g[k] for g in [*groups.values(), skipped]) for k in keys}
    sizes = {g: sum(c.values()) for g, c in groups.items()}
    total = sum(everyone.values())
    allowed = sorted(allowed_groups(sizes, total, rule))
    views = protect_siblings(everyone, {g: groups[g] for g in allowed}, rule)
    return everyone, protect_distribution(everyone, rule), sizes, allowed, views


def joint_worlds(parent_table, views, rule, keys):
    """Every (all, group views...) set of true values that agrees with all published tables
    and with each other (no group holds more than everyone)."""
    names = list(views)
    parents = list(assignments(parent_table, rule))
    per_group = [list(assignments(views[g], rule)) for g in names]
    for parent, *chosen in product(parents, *per_group):
        leftover = {k: parent[k] - sum(c[k] for c in chosen) for k in keys}
        if min(leftover.values()) >= 0:
            yield dict(zip(names, chosen, strict=True)) | {"_left": leftover}


@settings(max_examples=150, deadline=None)
@given(populations())
@example(
    (
        {"a": {"yes": 9, "no": 9}, "b": {"yes": 9, "no": 1}, "c": {"yes": 0, "no": 0}},
        {"yes": 0, "no": 0},
        Rule.staff(5),
    )
)
@example(
    (
        {"a": {"yes": 0, "no": 3}, "b": {"yes": 2, "no": 2}, "c": {"yes": 4, "no": 0}},
        {"yes": 0, "no": 1},
        Rule.staff(4),
    )
)  # all minus c is b and the left-over: 2 said yes
def test_no_combination_of_views_isolates_a_child(case):
    groups, skipped, rule = case
    everyone, parent_table, sizes, allowed, views = published(groups, skipped, rule)
    left_size = sum(everyone.values()) - sum(sizes[g] for g in allowed)
    # What is left when every shown group is taken away from "all" (when no group is
    # shown, it is "all" itself, protected as a whole).
    assert not allowed or left_size == 0 or left_size >= rule.threshold
    assert all(sizes[g] >= rule.threshold for g in allowed)
    truth = {g: groups[g] for g in allowed}
    keys = list(everyone)
    truth["_left"] = {k: everyone[k] - sum(groups[g][k] for g in allowed) for k in keys}
    worlds = list(joint_worlds(parent_table, views, rule, keys))
    assert any(all(w[g] == truth[g] for g in truth) for w in worlds), "truth must be a world"
    for size in range(1, len(truth) + 1):
        for union in combinations(truth, size):
            for key in keys:
                value = sum(truth[g][key] for g in union)
                if 0 < value < rule.threshold:
                    seen = {sum(w[g][key] for g in union) for w in worlds}
                    assert len(seen) > 1, f"{union} {key} = {value} can be worked out"


def test_sibling_views_are_the_same_whichever_is_asked_for():
    everyone = {"yes": 40, "no": 21}
    siblings = {"foster": {"yes": 25, "no": 10}, "residential": {"yes": 12, "no": 8}}
    # The 6 left over (kinship, other, skipped): 3 yes and 3 no; neither may be worked out.
    views = protect_siblings(everyone, siblings, STAFF)
    assert views == protect_siblings(everyone, dict(reversed(siblings.items())), STAFF)
    hidden = {(g, k) for g, t in views.items() for k in t.hidden_keys}
    assert hidden  # 40 - 25 - 12 = 3 would otherwise be read straight off the pages
    assert all(t.total.value == sum(siblings[g].values()) for g, t in views.items())


def test_a_cross_walk_theme_close_to_one_of_its_parts_is_hidden():
    # "Nurtured" (SHANARRI) gathers two Pledge promises; 20 spoke to "family time",
    # 22 to "nurtured": 2 spoke to it some other way.
    rollup, part = {"spoke": 22}, {"spoke": 20}
    assert hide_differences(rollup, part, STAFF) == {"spoke"}
    assert hide_differences({"spoke": 25}, part, STAFF) == set()
    assert hide_differences({"spoke": 20}, part, STAFF) == set()


def test_staff_threshold_below_one_hides_nothing():
    assert Rule.staff(0) == Rule.staff(1)
    table = protect_distribution({"a": 1, "b": 0}, Rule.staff(0))
    assert table.hidden_keys == frozenset()


def test_siblings_that_hold_more_than_their_parent_are_refused():
    with pytest.raises(ValueError):
        protect_siblings({"yes": 3}, {"a": {"yes": 4}}, STAFF)


def test_a_small_sibling_passed_by_mistake_shows_nothing():
    views = protect_siblings({"yes": 30, "no": 10}, {"a": {"yes": 2, "no": 1}}, STAFF)
    assert views["a"].total.reason == "small" and views["a"].hidden_keys == {"yes", "no"}
