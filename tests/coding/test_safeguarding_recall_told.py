"""Kinds of concern the screen missed on authors its learned layer had not seen (session 14).

Concerns told inside a longer story, in passing, played down or in plain words. Each new
pattern family is tested here with a wording written for it (not copied from a data set)
and a near miss that shares its words and must not flag. Rules only: the lexicon is passed
without a learned model, so these are pure tests of the patterns.
"""

from __future__ import annotations

import pytest

from voices.coding import similar
from voices.coding.safeguarding import default_lexicon, screen


def flagged(text: str) -> bool:
    return screen(text, default_lexicon()).flag


@pytest.mark.parametrize(
    ("concern", "near_miss"),
    [
        # Left in charge of younger children, with a number or a word between.
        (
            "they go out and leave me with the three little ones till 2am",
            "my nan leaves me with my cousins on saturdays",
        ),
        # Carers named as the absent adults.
        ("my carers are never in so i sort myself out", "my carers are never late"),
        # Too little left for food.
        ("i dont have much left for food after my phone bill", "i have enough money for food"),
        # A home lost, told plainly; the idiom "got kicked out" no longer hides it.
        ("i got kicked out of my flat last week", "i got kicked out of maths again"),
        (
            "they asked me to leave so ive been asked to leave my lodgings",
            "asked to leave the room",
        ),
        ("on my mates sofa till i find somewhere", "chilling on my mates sofa watching films"),
        ("i dont know where ill live after my carers split up", "i dont know where i left my keys"),
        ("there was no flat ready so they put me in a room", "my new flat is ready next week"),
        ("if i play up again im getting moved", "if i play up again i lose my phone"),
        # What shouting at home does to a child; the police at home often.
        ("all the shouting makes me shake", "the teacher shouting makes me laugh"),
        ("the police are round all the time", "the police came to school for a talk"),
        # Drugs sold where the child lives; distress told plainly.
        ("there are dealers on the stairs in my block", "my uncle is a car dealer"),
        ("honestly im not ok", "im not ok with pineapple on pizza"),
        # Stopping meals, told with "having".
        ("stopped having breakfast and dinner", "stopped having school dinners"),
        # Selling one's own medicine.
        ("i sold my adhd meds to a lad at college", "i sold my old bike"),
        # Someone asks where the child lives; money demanded with a threat.
        ("a man online keeps asking where i live", "asked where i want to live when i leave care"),
        (
            "she said shed hurt me if i dont give her money",
            "mum said no tablet if i dont tidy my room",
        ),
        # Found after nights away; a carer forgetting a child's medicine.
        ("i was out 3 nights before the police found me", "we looked for hours before we found it"),
        ("my carer keeps forgetting my inhaler", "i keep forgetting my inhaler for pe"),
    ],
)
def test_new_kind_flags_its_concern_not_its_near_miss(concern: str, near_miss: str) -> None:
    assert flagged(concern), concern
    assert not flagged(near_miss), near_miss


def test_a_trigger_that_starts_with_an_idiom_and_says_more_is_kept() -> None:
    # "got kicked out" alone is an idiom (out of a lesson); a trigger that begins with its
    # words and runs past them is a telling. One that starts inside a frame is not.
    assert not flagged("i got kicked out")
    assert flagged("got kicked out of my flat last night")
    assert not flagged("me and my foster brother have pillow fights every night")


def test_the_learned_layer_overrules_a_set_aside_word_only_when_sure() -> None:
    # "they'll batter me if i go" matches the idiom "batter me if i go" (a mum's threat over
    # a lost charger); the rules set it aside. A layer that is sure the answer is like
    # flagged answers still asks a worker to read it; a layer that is only fairly sure
    # does not.
    text = "the boys at the park will batter me if i go on the swing"
    assert not flagged(text)
    sure = similar.Model(bias=0.0, weights={"boys": 5.0})
    fairly = similar.Model(bias=0.0, weights={"boys": 1.0})  # p = 0.73
    assert screen(text, default_lexicon(), model=sure).flag
    assert not screen(text, default_lexicon(), model=fairly).flag
