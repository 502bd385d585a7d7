"""Kinds of concern the screen missed on new authors' real-register sets (issue 15, s. 3).

Each kind is tested with wordings written here (not copied from a data set), with the tier
the real-register rules give it, and with hard negatives: the same words in a lesson, a
game, a meal or a past that is over. The negatives are a probe: a few may flag, not many.
"""

from __future__ import annotations

import pytest

from voices.coding.safeguarding import default_lexicon, screen


def tier(text: str) -> str:
    """ "alert", "check" or "-" (no flag)."""
    signal = screen(text)
    return "alert" if signal.alert else "check" if signal.flag else "-"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Suicidal thoughts now, however indirect: alert.
        ("sometimes on the bridge i think about jumping", "alert"),
        ("i lie awake and think about not waking up", "alert"),
        ("i dont really want to be here anymore", "alert"),
        ("i don't want to live anymore", "alert"),
        # A thought that stays or comes back; a joke about being dead: check.
        ("most days are ok but the bad thoughts wont go away", "check"),
        ("sometimes the thoughts come back at night", "check"),
        ("the wait is a year, i might be dead by then haha", "check"),
        # Stopping eating, however played down: alert.
        ("i dont really eat anymore", "alert"),
        ("i barely eat at all these days", "alert"),
        ("havent felt hungry in weeks", "alert"),
        ("i skip tea cos i dont want to get fat", "alert"),
        ("i take more pills than i should to get to sleep", "alert"),
        # Young children left with no adult overnight: alert.
        ("mum goes out and leaves us in the house on our own all night", "alert"),
        # No home now: a hotel while a placement is found.
        ("they put me in a travelodge waiting for a foster home", "alert"),
        # Weaker signals: check.
        ("i drink more than i should to block it out", "check"),
        ("my carer shouts loads", "check"),
        ("my stepdad said im the reason mum is sad", "check"),
        ("if i kick off again they will move me away", "check"),
        ("we might lose the flat because of the rent", "check"),
        ("i see my dad at the park without telling my carers", "check"),
        ("i gave my mum my pocket money cos she had nothing", "check"),
        ("my flat has no furniture just a mattress", "check"),
        ("after the crisis team came i felt a bit better", "check"),
    ],
)
def test_kind_flags_at_its_tier(text: str, expected: str) -> None:
    assert tier(text) == expected


HARD_NEGATIVES = [
    "I don't eat meat",
    "I don't eat meat anymore, I'm vegetarian now",
    "im not hungry after lunch",
    "I don't eat much fruit",
    "I don't really eat spicy food",
    "not hungry in the mornings",
    "I haven't been hungry since lunch",
    "jumping on the trampoline is my favourite",
    "I thought about jumping on the trampoline but it was raining",
    "I was thinking about jumping ship to the other team",
    "dad's leaving for work",
    "I killed it at football",
    "my carer shouts my name at football",
    "my teacher shouts a lot",
    "we stayed in a hotel on holiday",
    "we stayed in a hotel for a week in spain with my carers",
    "we waited for a table at the hotel restaurant",
    "i might have to move schools next year",
    "we are moving house in the summer",
    "I forgot to pick up my PE kit",
    "I give my mum a hug every day",
    "I gave my mum a birthday card",
    "I can stay on my own for an hour now",
    "I had a sleepover and we stayed up all night",
    "I had a crisis with my homework lol",
    "the thoughts about my exams come back",
    "I drink water to cope with the heat",
    "I drink hot chocolate to calm me down",
    "we learned about drugs and how people use them to escape",
    "i used to wet the bed when i was little",
    "dad said its my fault we lost the game",
    "when i was little we lived in a b and b for a bit but now we have a house",
    "we were thinking about jumping into the sea on holiday",
    "not hungry for ages after a big roast dinner",
    "mum said its because of me we were late lol",
    "we stayed in a b&b in wales and it was lovely",
    "if i get good grades they said i can move to a better school",
]


def test_hard_negatives_rarely_flag() -> None:
    flagged = [text for text in HARD_NEGATIVES if screen(text).flag]
    # The product leans to recall: a few false flags are allowed, never many.
    assert len(flagged) <= 2, flagged


@pytest.mark.parametrize(
    "text",
    [
        "I don't eat meat",
        "im not hungry after lunch",
        "I thought about jumping on the trampoline but it was raining",
        "we stayed in a hotel on holiday",
        "my teacher shouts a lot",
        "I drink hot chocolate to calm me down",
    ],
)
def test_new_patterns_leave_these_alone(text: str) -> None:
    # No rule speaks; the learned layer may still ask a worker to read (a check, never more).
    assert not screen(text).alert
    assert not screen(text, default_lexicon()).flag  # the rules alone, no learned layer
