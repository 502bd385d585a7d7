"""Short everyday messages that one weak word used to flag (session 17, false flags on the
probes), and concerns that share their words and must still flag.

Wordings written for the test, not copied from a data set. Rules only: the lexicon is
passed without a learned model, so each case is about the words alone.
"""

from __future__ import annotations

import pytest

from voices.coding.safeguarding import default_lexicon, screen


def flagged(text: str) -> bool:
    return screen(text, default_lexicon()).flag


CLEARED = [
    # Someone else's funeral or grave is grief, not thoughts of dying.
    "we went to my great aunts funeral on tuesday, loads of cake after",
    "took flowers up to grandads grave with my carer",
    # "Forever" alone: a forever home, staying forever.
    "this is my forever home and i love my carers",
    # "Online" and photos alone are everyday life.
    "i watch youtube online after my homework",
    "we put the holiday photos up on the fridge",
    # "Skint" till pocket money comes.
    "skint until my pocket money comes on saturday",
    # An exam done well.
    "smashed my english mock!!",
    # One bad dream, settled.
    "had a nightmare about a spider last night but went back to sleep fine",
]

STILL_FLAGGED = [
    "sometimes i plan my funeral in my head",
    "nobody would even come to my funeral",
    "some days i want to disappear forever",
    "i keep having nightmares about my dads house",
    "a man i met online keeps asking me for pics",
    "no money for food this week and the gas is off",
    "he said hed smash my face in if i told",
]


@pytest.mark.parametrize("text", CLEARED)
def test_everyday_short_message_is_not_flagged(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize("text", STILL_FLAGGED)
def test_concern_sharing_the_words_still_flags(text: str) -> None:
    assert flagged(text)
