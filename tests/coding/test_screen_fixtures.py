"""The test layers of screen_fixtures.py sit where their names say among the cut-offs."""

from __future__ import annotations

from tests.coding.screen_fixtures import LIKE, UNLIKE, UNLIKE_NO_DOUBT
from voices.coding.dissent import DISSENT, LAUGH_DISSENT, TOPIC_DISSENT
from voices.coding.soft import CORROBORATE
from voices.coding.tier import DOUBT

ANSWER = "any answer at all"


def test_unlike_backs_no_soft_check_and_doubts_alerts() -> None:
    assert UNLIKE.probability(ANSWER) < DOUBT < CORROBORATE


def test_unlike_rules_nothing_out() -> None:
    assert UNLIKE.probability(ANSWER) > max(DISSENT, TOPIC_DISSENT, LAUGH_DISSENT)


def test_unlike_no_doubt_backs_no_soft_check_and_doubts_no_alert() -> None:
    assert DOUBT < UNLIKE_NO_DOUBT.probability(ANSWER) < CORROBORATE


def test_like_backs_every_soft_check() -> None:
    assert LIKE.probability(ANSWER) >= CORROBORATE
