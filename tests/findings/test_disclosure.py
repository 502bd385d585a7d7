"""Disclosure control, worked examples (the property tests are in test_disclosure_properties.py)."""

from __future__ import annotations

import pytest

from tests.findings.attack import possible
from voices.findings.disclosure import (
    Rule,
    Shown,
    describe,
    protect_change,
    protect_distribution,
    protect_mean,
    protect_share,
)

STAFF = Rule.staff(5)
PUBLIC = Rule.public()


def shown_values(table):
    return {k: s.value for k, s in table.cells.items()}


def test_small_counts_show_as_fewer_than_with_no_percentage():
    table = protect_distribution({"yes": 40, "no": 3, "not sure": 12}, STAFF)
    no = table.cells["no"]
    assert no.hidden and no.reason == "small" and no.under == 5 and no.percent is None
    assert no.text() == "fewer than 5"


def test_one_small_cell_and_a_total_needs_a_second_hidden_cell_the_smallest():
    # 40 + 3 + 12 = 55: with "no" alone hidden, 55 - 40 - 12 gives it back.
    table = protect_distribution({"yes": 40, "no": 3, "not sure": 12}, STAFF)
    assert shown_values(table) == {"yes": 40, "no": None, "not sure": None}
    assert table.cells["not sure"].reason == "secondary"
    assert table.total.value == 55
    assert table.cells["yes"].percent == pytest.approx(72.7)
    assert possible(table, STAFF, 60)["no"] == {1, 2, 3, 4}


def test_two_small_cells_protect_each_other():
    table = protect_distribution({"a": 2, "b": 3, "c": 30}, STAFF)
    assert shown_values(table) == {"a": None, "b": None, "c": 30}
    assert possible(table, STAFF, 40)["a"] == {1, 2, 3, 4}


def test_two_small_cells_that_only_one_split_fits_are_protected_further():
    # a and b are 1..4 and add to 2: a=1, b=1 is the only way, so a third cell goes.
    table = protect_distribution({"a": 1, "b": 1, "c": 30, "d": 9}, STAFF)
    assert table.cells["d"].reason == "secondary"
    assert len(possible(table, STAFF, 50)["a"]) > 1


def test_zero_is_shown_to_staff_and_never_used_to_protect():
    table = protect_distribution({"a": 3, "b": 0, "c": 10}, STAFF)
    assert table.cells["b"] == Shown(0, 0.0, "")
    assert table.cells["c"].reason == "secondary"


def test_complementary_cell_ties_go_to_the_first_option():
    table = protect_distribution({"a": 3, "b": 9, "c": 9, "d": 20}, STAFF)
    assert table.cells["b"].reason == "secondary" and table.cells["c"].value == 9


def test_smallest_first_is_allowed_for_when_checking():
    # b=5 hidden beside c=5 shown: a reader knows b <= 5 and b >= 5, so b=5 and a=3.
    table = protect_distribution({"a": 3, "b": 5, "c": 5, "d": 100}, STAFF)
    assert table.cells["c"].hidden


def test_the_remainder_up_to_a_known_total_is_protected():
    # 30 asked, 28 answered: "skipped: 2" would be a small count.
    table = protect_distribution({"yes": 20, "no": 8}, STAFF, total=30)
    assert table.rest is not None and table.rest.reason == "small"
    assert table.cells["no"].reason == "secondary"
    assert table.cells["yes"].percent == pytest.approx(66.7)  # of the shown total


def test_a_table_that_cannot_be_protected_cell_by_cell_is_hidden_whole():
    # 1 and 5 of 6: b is not small, so b >= 5; b <= 6 - 1: b would be pinned.
    table = protect_distribution({"a": 1, "b": 5}, STAFF)
    assert {s.reason for s in table.cells.values()} == {"table"}
    assert table.total.value == 6


def test_a_group_below_the_threshold_hides_its_total_too():
    table = protect_distribution({"a": 1, "b": 0}, STAFF, total=2)
    assert table.total.text() == "fewer than 5"
    # Every cell goes, zeros too: a shown 0 would make a and the rest at least 1 each.
    assert {s.reason for s in [*table.cells.values(), table.rest]} == {"table"}
    assert len(possible(table, STAFF, 10)["a"]) > 1


def test_public_rule_hides_below_ten_and_rounds_to_five():
    table = protect_distribution({"yes": 27, "no": 13, "maybe": 4}, PUBLIC)
    assert table.cells["yes"] == Shown(25, 56.0, "rounded")
    assert table.cells["no"].value == 15
    assert table.cells["maybe"].text() == "fewer than 10"
    assert table.total.value == 45


def test_public_rule_hides_zero():
    table = protect_distribution({"yes": 30, "no": 0}, PUBLIC)
    assert table.cells["no"].hidden


def test_share_hides_k_and_n_minus_k():
    assert protect_share(12, 30, STAFF) == Shown(12, 40.0, "")
    assert protect_share(3, 30, STAFF).reason == "small"
    assert protect_share(28, 30, STAFF).hidden  # 2 did not: as small as 2 did
    assert protect_share(30, 30, STAFF).value == 30  # everyone: 0 did not, shown to staff
    assert protect_share(0, 30, STAFF).value == 0


def test_mean_only_when_no_cell_is_hidden():
    counts = {"1": 6, "2": 8, "3": 10, "4": 7, "5": 9}
    assert protect_mean(protect_distribution(counts, STAFF), counts, STAFF) == pytest.approx(3.1)
    counts["1"] = 2
    assert protect_mean(protect_distribution(counts, STAFF), counts, STAFF) is None


def test_public_mean_comes_from_rounded_counts():
    counts = {"1": 12, "2": 10, "3": 10, "4": 10, "5": 13}
    table = protect_distribution(counts, PUBLIC)
    # rounded: 10, 10, 10, 10, 15 -> 175 / 55 = 3.18
    assert protect_mean(table, counts, PUBLIC) == pytest.approx(3.2)


def test_change_only_when_both_rounds_are_shown():
    before, after = Shown(12, 40.0), Shown(18, 45.0)
    assert protect_change(before, after) == Shown(6, 5.0, "")
    assert protect_change(Shown(None, None, "small", 5), after).hidden
    assert protect_change(before, Shown(None, None, "secondary")).reason == "change"


def test_rules():
    assert Rule.public() == Rule(10, 5, show_zero=False)
    assert Rule.staff(5).small(0) is False and Rule.staff(5).small(4)
    assert Rule.staff(2).show_zero is False  # "fewer than 2" must not mean exactly 1
    with pytest.raises(ValueError):
        Rule(2, 1, show_zero=True)
    with pytest.raises(ValueError):
        Rule(0)
    assert [PUBLIC.round(v) for v in (10, 12, 13, 17, 18)] == [10, 10, 15, 15, 20]


def test_describe_states_the_rule():
    public = describe(PUBLIC)
    assert "below 10" in public and "nearest 5" in public
    assert "fewer than 7" in describe(Rule.staff(7))


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        protect_distribution({"a": -1}, STAFF)
    with pytest.raises(ValueError):
        protect_distribution({"a": 5}, STAFF, total=4)


def test_a_cell_hidden_for_differencing_says_nothing_of_its_size():
    # 0 here, but "all" has 3: showing 0 would give the others' 3 away.
    table = protect_distribution({"yes": 30, "no": 0, "unsure": 12}, STAFF, also_hide={"no"})
    assert table.cells["no"].reason == "difference"
    assert possible(table, STAFF, 50)["no"] >= {0, 5}  # a 0 and a large value alike
    assert len(possible(table, STAFF, 50)["no"]) > 1
