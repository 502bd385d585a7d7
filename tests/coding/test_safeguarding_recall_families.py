"""Concept families from the labelling guide's tier list (sessions 15 to 17).

Each family is two word groups close together (lexicon `near`) or one short pattern, not a
list of known authors' phrases. Tested with wordings written for it (not copied from a data
set) and a near miss that shares its words and must not flag. Rules only: the lexicon is
passed without a learned model. Near rules and `checks` only ever raise a "check".
"""

from __future__ import annotations

import pytest

from voices.coding.safeguarding import default_lexicon, screen


def signal(text: str):  # noqa: ANN201 - a Signal
    return screen(text, default_lexicon())


FAMILIES = [
    # A partner who is an adult or much older, however the age is told.
    ("me and my bf are fine, im 15 and hes 26", "my brother is 26 and lives in leeds"),
    ("my girlfriend is a bit older, she drives", "my older sister drives me to college"),
    # A warning that a placement will end.
    (
        "carer said if i keep coming in late ill get moved",
        "carer said if i keep my room tidy i get more pocket money",
    ),
    # A recent crisis, played down.
    (
        "had a rough night on friday and ended up in a and e",
        "broke my wrist and ended up in a and e",
    ),
    # Errands, goods, being made to hold things, a debt paid another way.
    ("i do drops for some older boys now", "i do drama on saturdays now"),
    ("they made me hold things in my room", "they made me tidy my room"),
    (
        "i owe him for the weed so he says i can pay it off another way",
        "i paid back my mate the other day",
    ),
    # Tablets put by, told tablets first.
    ("i have a lot of tablets saved up in my drawer", "my tablets are in my drawer"),
    # Benefits stopped (hardship with a roof).
    ("my universal credit got sanctioned again", "i applied for universal credit"),
    # A parent who wants contact kept from carers.
    ("my dad wants to see me in secret at the station", "my dad wants to see me at christmas"),
    # Drink or drugs as the only way to cope.
    (
        "vodka is the only thing that helps me sleep",
        "reading is the only thing that helps me sleep",
    ),
    # Asking how to tell; not eating, played down; a parent's affairs run by the child.
    (
        "how can i tell my teacher something that happened at home",
        "how can i tell my teacher i lost my homework",
    ),
    ("i cant remember when i last ate a proper meal", "i cant remember what i ate"),
    ("i have to sort out my mums meds every morning", "i have to sort out my room"),
    # Session 16: many tablets taken at once, however the number is told.
    (
        "took like 8 of my pills at once",
        "took 2 paracetamol for my head",
    ),
    ("i took many tablets on friday", "i take many tablets for my epilepsy"),
    # Stepping into traffic, told lightly.
    ("some days i could just walk into traffic", "we walked into town on saturday"),
    # Session 17: more lines of the tier list.
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
def test_family_flags_its_concern_not_its_near_miss(concern: str, near_miss: str) -> None:
    assert signal(concern).flag, concern
    assert not signal(near_miss).flag, near_miss


@pytest.mark.parametrize(
    "text",
    [
        "been doing runs for a guy i know",
        "my girlfriend is a bit older, she drives",
        "had a rough night on friday and ended up in a and e",
        "been texting my birth dad again and i havent told my carers",
        "i told the school about my uncle and they did nothing",
        "i smoke more weed than i should tbh",
    ],
)
def test_a_near_rule_raises_only_a_check(text: str) -> None:
    found = signal(text)
    assert found.flag
    assert all(r.tier == "check" and r.level == "high" for r in found.reasons)


def test_a_negated_warning_does_not_flag() -> None:
    # The signal half of a near rule is negated like a pattern: "never" cancels it.
    assert signal("my carer said if i behave i'll never have to move again").flag is False


def test_hardship_and_caring_are_checks_not_alerts() -> None:
    # The guide files young caring and hardship with a roof as checks: no lead is emailed.
    for text in ("i eat one meal a day to make my money last", "im the one caring for mum"):
        found = signal(text)
        assert found.flag and not found.alert, text
