"""Cohen's kappa per theme (voices.review.agreement): hand-computed and textbook values, the
degenerate cases, and properties checked over many generated tables."""

from __future__ import annotations

import random

import pytest

from voices.review import agreement
from voices.review.agreement import Pair, band, kappa


def pairs_from(both_yes: int, only_a: int, only_b: int, both_no: int, theme="t") -> list[Pair]:
    rows = [({theme}, {theme})] * both_yes + [({theme}, set())] * only_a
    rows += [(set(), {theme})] * only_b + [(set(), set())] * both_no
    return [Pair(i, frozenset(a), frozenset(b)) for i, (a, b) in enumerate(rows)]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # Wikipedia, "Cohen's kappa", simple example: 50 proposals, p_o 0.7, p_e 0.5.
        ((20, 5, 10, 15), 0.4),
        # Same article, same agreement (60 of 100) but different marginals.
        ((45, 15, 25, 15), 0.06 / 0.46),
        ((25, 35, 5, 35), 0.14 / 0.54),
        # By hand: 10 items, A yes on 4, B yes on 5, agree on 7: p_o .7, p_e .2+.3=.5 -> .4
        ((3, 1, 2, 4), 0.4),
        ((5, 0, 0, 5), 1.0),  # perfect agreement
        ((0, 5, 5, 0), -1.0),  # perfect disagreement
    ],
)
def test_kappa_matches_hand_and_textbook_values(table, expected):
    value, reason = kappa(*table)
    assert value == pytest.approx(expected) and reason == ""


def test_no_items_has_no_kappa_and_no_observed_agreement():
    assert kappa(0, 0, 0, 0) == (None, agreement.NO_ITEMS)
    row = agreement.theme_agreement("t", [])
    assert row.kappa is None and row.observed is None and row.items == 0


@pytest.mark.parametrize(
    ("table", "reason"),
    [((0, 0, 0, 7), agreement.NEITHER_USED), ((7, 0, 0, 0), agreement.BOTH_ALWAYS)],
)
def test_constant_reviewers_have_undefined_kappa_but_full_observed_agreement(table, reason):
    assert kappa(*table) == (None, reason)
    row = agreement.theme_agreement("t", pairs_from(*table))
    assert row.kappa is None and row.undefined_reason == reason and row.observed == 1.0


def test_one_constant_reviewer_gives_kappa_zero_not_undefined():
    # A never uses the theme, B sometimes: p_e = p_o, kappa 0 (no better than chance).
    assert kappa(0, 0, 3, 7) == (0.0, "")


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        kappa(-1, 0, 0, 3)


def test_table_counts_each_theme_and_lists_who_said_what():
    pairs = [
        Pair("a1", frozenset({"safe", "healthy"}), frozenset({"safe"})),
        Pair("a2", frozenset(), frozenset({"healthy"})),
        Pair("a3", frozenset({"safe"}), frozenset({"safe"})),
    ]
    rows = {r.theme: r for r in agreement.table(["safe", "healthy", "active"], pairs)}
    assert (rows["safe"].items, rows["safe"].both_yes, rows["safe"].only_a) == (3, 2, 0)
    assert rows["safe"].kappa == pytest.approx(1.0)
    healthy = rows["healthy"]
    assert (healthy.both_yes, healthy.only_a, healthy.only_b, healthy.both_no) == (0, 1, 1, 1)
    # p_o 1/3; p_e = (1/3)(1/3) + (2/3)(2/3) = 5/9; kappa = (3/9 - 5/9) / (4/9) = -0.5
    assert healthy.kappa == pytest.approx(-0.5) and healthy.observed == pytest.approx(1 / 3)
    assert rows["active"].kappa is None and rows["active"].undefined_reason == "neither-used"
    found = agreement.disagreements(["safe", "healthy", "active"], pairs)
    assert [(d.item, d.theme, d.a_says, d.b_says) for d in found] == [
        ("a1", "healthy", True, False),
        ("a2", "healthy", False, True),
    ]


def test_overall_pools_every_decision():
    pairs = pairs_from(20, 5, 10, 15, theme="x")
    rows = agreement.table(["x", "never"], pairs)
    pooled = agreement.overall(rows)
    # The unused theme adds 50 both-no decisions: 100 decisions, A yes 25, B yes 30, agree 85.
    assert (pooled.items, pooled.both_yes, pooled.both_no) == (100, 20, 65)
    expected_pe = 0.25 * 0.30 + 0.75 * 0.70
    assert pooled.kappa == pytest.approx((0.85 - expected_pe) / (1 - expected_pe))
    assert agreement.overall([]).kappa is None


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, ""),
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.4, "fair"),
        (0.5, "moderate"),
        (0.61, "substantial"),
        (0.8, "substantial"),
        (0.81, "almost-perfect"),
        (1.0, "almost-perfect"),
    ],
)
def test_landis_and_koch_bands(value, name):
    assert band(value) == name


def _random_table(seed: int) -> tuple[int, int, int, int]:
    rng = random.Random(seed)
    return tuple(rng.randint(0, 12) for _ in range(4))  # type: ignore[return-value]


@pytest.mark.parametrize("seed", range(200))
def test_kappa_properties_over_generated_tables(seed):
    both_yes, only_a, only_b, both_no = _random_table(seed)
    value, reason = kappa(both_yes, only_a, only_b, both_no)
    n = both_yes + only_a + only_b + both_no
    if value is None:  # only the degenerate cases
        assert n == 0 or both_yes == n or both_no == n, reason
        return
    assert -1.0 - 1e-9 <= value <= 1.0 + 1e-9
    # Swapping the reviewers changes nothing; so does swapping "yes" and "no".
    assert kappa(both_yes, only_b, only_a, both_no)[0] == pytest.approx(value)
    assert kappa(both_no, only_b, only_a, both_yes)[0] == pytest.approx(value)
    if only_a == only_b == 0:
        assert value == pytest.approx(1.0)
    # The per-theme table computes the same kappa from the items themselves.
    row = agreement.theme_agreement("t", pairs_from(both_yes, only_a, only_b, both_no))
    assert row.kappa == pytest.approx(value)
    assert row.observed == pytest.approx((both_yes + both_no) / n)
    assert len(agreement.disagreements(["t"], pairs_from(both_yes, only_a, only_b, both_no))) == (
        only_a + only_b
    )
