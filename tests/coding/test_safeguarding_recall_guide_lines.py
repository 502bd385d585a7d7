"""Recall families, each from a line of the labelling guide's tier list (added in session 17).

Wordings written for each family (not copied from a data set) and a near miss that shares
its words and must not flag. Rules only: the lexicon is passed without a learned model.
"""

from __future__ import annotations

import pytest

from voices.coding.safeguarding import default_lexicon, screen


def signal(text: str):  # noqa: ANN201 - a Signal
    return screen(text, default_lexicon())


FAMILIES = [
    # Unapproved contact, kept from the adults.
    (
        "been texting my birth dad again and i havent told my carers",
        "been texting my mates about the party",
    ),
    (
        "saw my mum yesterday even tho im not allowed",
        "im not allowed to go to town on my own yet",
    ),
    # Told, and nothing done; told, and not believed.
    (
        "i told the school about my uncle and they did nothing",
        "i told my mates about the film",
    ),
    (
        "i told my carer what happened at dads and she said i was making it up",
        "my teacher said i was making up the answers in maths",
    ),
    # Drink or drugs played down.
    ("i smoke more weed than i should tbh", "i eat more sweets than i should tbh"),
    # Young caring; hardship told as rationing.
    (
        "since dad got ill im the one who looks after him",
        "im the one who looks after the class hamster",
    ),
    (
        "i do all the letters from the council for my nan",
        "i do all the forms for my college course",
    ),
    ("we only eat once a day at the end of the month", "i only brush my teeth once a day"),
    (
        "had to choose between the electric and a new coat",
        "had to choose between a new coat and trainers",
    ),
    ("we are struggling to pay the bills since the allowance stopped", "we split the bills"),
    # A notice to leave; removal held over a young person.
    ("landlord gave me a section 21 last week", "landlord fixed the boiler last week"),
    ("they might send me back to my country", "they might send me to a new school"),
    # Drugs dealt where the young person lives; a flat they cannot go back to.
    ("the lads upstairs are selling from their flat", "she sells cakes from her kitchen"),
    ("i cant go back to my flat cos of who is there", "i cant go back to sleep after 6"),
    # A parent seeking where the placement is.
    (
        "my dad keeps asking me for my carers address",
        "my dad keeps asking me for my school report",
    ),
    # A carer who may not keep the young person; out into the small hours.
    (
        "heard them say they might not be able to keep me much longer",
        "heard them say they might not be able to come to parents evening",
    ),
    ("i stay out till 4 most weekends", "i stay in till 4 most weekends"),
    # Not being here, told as a maybe; tablets beyond the dose.
    ("honestly i might not be here next week", "honestly i might not be at school next week"),
    ("i take 3 of my pills instead of 1 now", "i take the bus instead of the train now"),
]


@pytest.mark.parametrize(("concern", "near_miss"), FAMILIES)
def test_session17_family_flags_its_concern_not_its_near_miss(concern: str, near_miss: str) -> None:
    assert signal(concern).flag, concern
    assert not signal(near_miss).flag, near_miss


@pytest.mark.parametrize(
    "text",
    [
        "been texting my birth dad again and i havent told my carers",
        "i told the school about my uncle and they did nothing",
        "i smoke more weed than i should tbh",
    ],
)
def test_session17_near_rules_raise_only_a_check(text: str) -> None:
    found = signal(text)
    assert found.flag
    assert all(r.tier == "check" for r in found.reasons)


def test_hardship_and_caring_are_checks_not_alerts() -> None:
    # The guide files young caring and hardship with a roof as checks: no lead is emailed.
    for text in ("i eat one meal a day to make my money last", "im the one caring for mum"):
        found = signal(text)
        assert found.flag and not found.alert, text
