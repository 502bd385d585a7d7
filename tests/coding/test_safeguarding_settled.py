"""Fewer false flags (session 14), each rule with a harmless answer it clears and a
disclosure it must still catch. Texts written for these tests, not copied from any
labelled set. `UNLIKE` is a learned layer that finds nothing like a flagged answer, so a
soft check (safeguarding.CORROBORATE) falls; `LIKE` backs every answer.
"""

from __future__ import annotations

import pytest

from voices.coding import similar
from voices.coding.safeguarding import default_lexicon, screen

# Under CORROBORATE (backs no soft check), over tier.DOUBT (doubts no alert).
UNLIKE = similar.Model(bias=-4.0, weights={})
LIKE = similar.Model(bias=0.0, weights={})


def quiet(text: str) -> bool:
    return not screen(text, default_lexicon(), model=UNLIKE).flag


def alerts(text: str) -> bool:
    return screen(text, default_lexicon(), model=UNLIKE).alert


# A past told as over and settled: a check only when the learned layer backs it. Still open
# (a first telling, someone still seen, recent, adults who did not act), it needs no backing.
SETTLED = [
    "i used to self harm in year 9 but i havent for over a year and im proud of myself",
    "when i was 13 i used to run away loads but i like it here now",
    "my real dad used to hit us but thats years ago, im safe with my nan now",  # near rule too
    "i was homeless for a bit at 17 but the council got me a flat and its sorted now",
]
STILL_OPEN = [
    "my real dad used to hit us but thats years ago, im safe with my nan now, never told anyone",
    "my real dad used to hit us but im safe with my nan now. i still see him at weekends",
    "my old foster carer used to lock me in my room. nobody believed me. im somewhere else now",
    "i used to self harm but im in a better place now, some days are still hard",
    "i was cutting last week but im ok now",
]


@pytest.mark.parametrize("text", SETTLED)
def test_a_settled_past_needs_the_learned_layer(text: str) -> None:
    assert quiet(text), screen(text, default_lexicon(), model=UNLIKE)
    backed = screen(text, default_lexicon(), model=LIKE)
    assert backed.flag and not backed.alert
    assert screen(text, default_lexicon()).flag  # no learned layer: the rules stand


@pytest.mark.parametrize("text", STILL_OPEN)
def test_a_past_still_open_needs_no_backing(text: str) -> None:
    assert not quiet(text), text


@pytest.mark.parametrize(
    "text",
    [
        # The trigger's own words name no one: a ball in PE is a game, softened.
        "got hit in the face with a ball in PE, so embarrassing",
        # An animal as the one hurt or the one who did it.
        "my cat got hit by a car, we buried her in the garden",
        "got jumped on by my dog the second i got home lol",
        "the puppy jumped on me and knocked my drink over",
        # Giving, not hurting.
        "my carers threw me a surprise party for my 16th",
        # "die" for "dye".
        "i want to die my hair blue for summer",
        # A lesson's topic a few words from the lesson; a pot noodle.
        "we had a talk at school about county lines, bit boring",
        "we watched a film in pshe about grooming",
        "we did stranger danger in year 4",
        "my carers just want me safe online",
        "lived on pot noodles my first month in the flat",
        # A campaign or the news.
        "it was self harm awareness week and i made a poster",
    ],
)
def test_a_hard_negative_is_cleared(text: str) -> None:
    assert quiet(text), screen(text, default_lexicon(), model=UNLIKE)


@pytest.mark.parametrize(
    "text",
    [
        "my dad hits me when i lose at fifa",
        "my dad hit me in the face with a ball",
        "my dad set the dog on me and it bit me",
        "my dog died and i want to die too",
        "he threw me across the room",
        "he threw me the other side of the room",
        "i want to die",
        "the older lads want me to do county lines for them",
        "a man i met online keeps asking for noods",
        "my mum will kill me if i tell anyone what he does",
    ],
)
def test_a_disclosure_still_alerts(text: str) -> None:
    assert alerts(text), screen(text, default_lexicon(), model=UNLIKE)
