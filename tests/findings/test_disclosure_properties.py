"""Property tests: for random small tables, nothing hidden can be worked out.

The attacker (tests/findings/attack.py) lists every set of true values that agrees with
what a table publishes: whole numbers, at least 0, adding up to the shown total, and
what each label means. A hidden cell is safe when more than one value stays possible.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.findings.attack import cells_of, possible, true_cells
from voices.findings.disclosure import Rule, protect_distribution, protect_share

FAST = settings(max_examples=200, deadline=None)

small_or_any = st.one_of(st.integers(0, 6), st.integers(0, 30))
counts_st = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e"]), small_or_any, min_size=1, max_size=5
)
staff_rules = st.integers(2, 7).map(Rule.staff)
rules = st.one_of(staff_rules, st.just(Rule.public()))


@st.composite
def tables(draw, rules=rules):
    counts = draw(counts_st)
    extra = draw(st.one_of(st.none(), st.integers(0, 12)))
    total = None if extra is None else sum(counts.values()) + extra
    return counts, total, draw(rules)


def cap_for(counts, total, rule):
    whole = sum(counts.values()) if total is None else total
    return whole + rule.rounding + rule.threshold


def assert_nothing_pinned(table, rule, cap, truth):
    options = possible(table, rule, cap)
    for key, shown in cells_of(table).items():
        assert truth[key] in options[key], "the attacker model must allow the truth"
        if shown.hidden:
            assert len(options[key]) > 1, f"{key} can be worked out: {options[key]}"
    if table.total.hidden:
        assert len(options["total"]) > 1


@FAST
@given(tables())
@example(({"a": 1}, 2, Rule.staff(3)))  # a group below the threshold, zeros shown
@example(({"a": 1, "b": 5}, None, Rule.staff(5)))  # b >= 5 and b <= 6 - 1
@example(({"a": 3, "b": 5, "c": 5, "d": 100}, None, Rule.staff(5)))  # smallest first
def test_no_hidden_cell_can_be_worked_out(case):
    counts, total, rule = case
    table = protect_distribution(counts, rule, total)
    assert_nothing_pinned(table, rule, cap_for(counts, total, rule), true_cells(counts, total))


@FAST
@given(tables())
def test_every_shown_count_is_allowed_by_the_rule(case):
    counts, total, rule = case
    table = protect_distribution(counts, rule, total)
    for shown in [*cells_of(table).values(), table.total]:
        if shown.hidden:
            assert shown.percent is None
            continue
        if rule.rounding > 1:
            assert shown.value % rule.rounding == 0 and shown.value >= rule.threshold
        else:
            assert shown.value == 0 or shown.value >= rule.threshold


@FAST
@given(tables())
def test_shown_values_are_the_truth_rounded(case):
    counts, total, rule = case
    table = protect_distribution(counts, rule, total)
    truth = true_cells(counts, total)
    for key, shown in cells_of(table).items():
        if not shown.hidden:
            assert shown.value == rule.round(truth[key])
    assert table.hidden_keys == {k for k, s in cells_of(table).items() if s.hidden}


@FAST
@given(tables(rules=st.just(Rule.public())))
def test_public_rule_counts_are_multiples_of_five_and_at_least_ten(case):
    counts, total, rule = case
    table = protect_distribution(counts, rule, total)
    shown = [s.value for s in [*cells_of(table).values(), table.total] if not s.hidden]
    assert all(v % 5 == 0 and v >= 10 for v in shown)


@FAST
@given(st.integers(0, 40), st.integers(0, 12), rules)
def test_share_cannot_be_worked_out_from_its_base(k, rest, rule):
    shown = protect_share(k, k + rest, rule)
    table = protect_distribution({"share": k}, rule, total=k + rest)
    assert shown == table.cells["share"]
    if shown.hidden:
        assert len(possible(table, rule, k + rest + 15)["share"]) > 1


@FAST
@given(tables(), st.sets(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=2))
def test_cells_hidden_for_differencing_are_protected_too(case, also):
    counts, total, rule = case
    table = protect_distribution(counts, rule, total, also_hide=also)
    readable = len(true_cells(counts, total)) == 1 or table.total.value == 0
    assert {k for k in also if k in counts} <= table.hidden_keys or table.total.hidden or readable
    assert_nothing_pinned(table, rule, cap_for(counts, total, rule), true_cells(counts, total))
