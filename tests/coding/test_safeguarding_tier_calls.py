"""Tier calls from the labelling guide's check list (session 16).

A first telling, or not knowing how to tell, is a "check" unless harm words told as now
alert; past harm named by a year, a time since or "the one who hurt me" is past; a birth
parent, or a grandparent or worker named without "my", is everyday care. Wordings written
for the test, not copied from a data set. Rules only: no learned model.
"""

from __future__ import annotations

import pytest

from voices.coding.safeguarding import default_lexicon, screen


def tiers(text: str) -> tuple[bool, bool]:
    """(flagged, alerted) for one answer, by the rules alone."""
    signal = screen(text, default_lexicon())
    return signal.flag, signal.alert


@pytest.mark.parametrize(
    "text",
    [
        # A first telling of past harm, or asking how to tell: checks, still flagged.
        "i never told anyone this before, i still think about what happened at my dads",
        "this is the first time i've said it out loud",
        "dont know who to tell about my mum and her new fella",
        # Past harm dated by a year or a time since.
        "i got beaten up in 2018. i'm fine now, it was a long time ago",
        "its been two years since i took all them pills, im at college now",
        # Past harm named by what the person did.
        "saw him at the bus station, the man who hurt me. i froze",
        # A birth parent's messages (unapproved contact is a check in the guide).
        "my birth dad keeps messaging me on facebook and im not sure if i can answer",
    ],
)
def test_told_as_a_check(text: str) -> None:
    assert tiers(text) == (True, False)


@pytest.mark.parametrize(
    "text",
    [
        # Harm told as now still alerts beside a first telling.
        "my stepdad hits me every night, i never told anyone before",
        # A year that is not about the harm does not make current harm past.
        "since 2020 i live with my aunt and her boyfriend hits me when she's out",
        # An outsider is not everyday care, with or without "my".
        "an older man from the shop keeps messaging me on insta",
    ],
)
def test_still_alerts(text: str) -> None:
    assert tiers(text) == (True, True)


def test_a_grandparent_named_without_my_is_everyday_care() -> None:
    # "grandad" with no "my" before it: care, as "my grandad picks me up" already was.
    assert tiers("grandad picks me up from school on fridays") == (True, False)
