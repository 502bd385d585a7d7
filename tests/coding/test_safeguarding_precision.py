"""Fewer false flags, no concern lost (session 17): each rule with a harmless answer it
clears and a disclosure it must still catch. Texts written for these tests, not copied from
any labelled set. Models are built here, so the tests do not hang on the shipped weights.
"""

from __future__ import annotations

from voices.coding import similar
from voices.coding.safeguarding import default_lexicon, screen

# Finds nothing like a flagged answer: under CORROBORATE (backs no soft check), over
# tier.DOUBT (doubts no alert: test_safeguarding_doubt.py has that).
UNLIKE = similar.Model(bias=-4.0, weights={})
# Sure of any answer that drinks to calm down: weights on the words, not on what is drunk.
DRINKER = similar.Model(bias=-4.0, weights={"drink": 4.0, "calm": 3.0, "i drink": 2.0})


def test_the_layer_overrules_an_idiom_only_on_the_words_it_did_not_explain() -> None:
    lexicon = default_lexicon()
    harmless = "I drink hot chocolate to calm me down"
    assert similar.sure(DRINKER, harmless)  # on the whole answer, the layer is sure
    assert not screen(harmless, lexicon, model=DRINKER).flag
    # Words outside the idiom still weigh: the layer may overrule it on them.
    told = "i drink hot chocolate but i drink vodka too to calm down"
    assert screen(told, lexicon, model=DRINKER).flag


def test_a_weak_match_told_as_past_and_over_needs_the_layers_backing() -> None:
    lexicon = default_lexicon()
    text = "when i was little we lived in a b and b for a bit but now we have a house"
    assert not screen(text, lexicon, model=UNLIKE).flag
    assert screen(text, lexicon).flag  # the rules alone still ask a worker to read it
    # Not over: still a check without the layer.
    assert screen("we live in a b and b", lexicon, model=UNLIKE).flag


def test_no_settled_home_now_keeps_a_past_open() -> None:
    text = "i was in a hostel but got kicked out for being late and now im in and out of my mates"
    assert screen(text, default_lexicon(), model=UNLIKE).flag


def test_a_guide_check_told_in_strong_words_is_a_check_that_stands() -> None:
    lexicon = default_lexicon()
    for text in [
        # Someone else's eating, worried about: a carer's worry about a young person who left.
        "our boy moved out at 18 and his sister says hes not eating much",
        # A move threatened on the child's own conduct.
        "my sw says if i keep coming in late ill be moved to a unit",
        # A repair chased again and again.
        "theres mould all over my ceiling and ive reported it 4 times",
    ]:
        signal = screen(text, lexicon, model=UNLIKE)
        assert signal.flag and not signal.alert, text
    # The child's own: still alerts.
    assert screen("im not eating much these days", lexicon, model=UNLIKE).alert
    assert screen("the man from the flats keeps coming in my room", lexicon, model=UNLIKE).alert


def test_a_house_rule_about_food_is_not_neglect() -> None:
    lexicon = default_lexicon()
    assert not screen("we have a rule here, no food upstairs", lexicon, model=UNLIKE).flag
    assert screen("no food in the house again and mum is asleep", lexicon, model=UNLIKE).alert
