"""Session 21, recall on fresh authors: a move held over the child, contact kept from adults.

Two near rules (lexicon `near`), each a check in the labelling guide: a condition with a
move ("if the next months go badly i will be moved") and contact with family kept from
the adults who decide it ("seeing my sister even tho the social said not to"). Tested
with wordings written here (not copied from a data set) and near misses that share their
words and must not flag. Rules only: no learned layer, so none can hide a removed rule.
"""

from __future__ import annotations

import pytest

from voices.coding.safeguarding import default_lexicon, screen


def flagged(text: str) -> bool:
    return screen(text, default_lexicon()).flag


@pytest.mark.parametrize(
    "text",
    [
        "if this term goes badly at school i will be moved somewhere else",
        "one more exclusion and she is giving notice on me",
        "sw said if he keeps skipping school they might move him",
        "if her grades dont pick up shes going to a residential",
        "the manager said unless things change he goes into foster care",
    ],
)
def test_a_move_held_over_the_child_is_a_check(text: str) -> None:
    signal = screen(text, default_lexicon())
    assert signal.flag and not signal.alert


@pytest.mark.parametrize(
    "text",
    [
        "if i move to college next year ill get the bus",  # a move, no threat
        "one more week until my holiday",  # a condition, no move
        "if it rains we go to the cinema. they might move him to year 9 maths",  # two sentences
        "if you come to my school you can see my residential trip photos",  # a trip, not a home
    ],
)
def test_a_move_held_over_near_misses(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i keep going to see my aunty behind my carers back",
        "we meet up at the park even tho my sw said not to",
        "me and my dad chat on the bus after school, nobody knows",
        "been texting my brother and my pa doesnt know we talk",
    ],
)
def test_contact_kept_from_the_adults_is_a_check(text: str) -> None:
    signal = screen(text, default_lexicon())
    assert signal.flag and not signal.alert


@pytest.mark.parametrize(
    "text",
    [
        "we meet up at the park every friday with my carer",  # contact, nothing kept
        "nobody knows how to fix the wifi",  # kept, no contact
        "my carer said not to leave my bike outside",  # told not to, no contact
        "we chat about football. my mum said not to stay up late",  # two sentences
    ],
)
def test_contact_kept_near_misses(text: str) -> None:
    assert not flagged(text)
