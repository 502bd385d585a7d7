"""Soft checks: a check that rests only on a strong match a context explains (the child's
own temper, a game, sport or lesson, a past told as over and settled) is raised only when
the learned layer backs it (safeguarding.CORROBORATE). One weak word alone, a laugh after
thoughts of dying and a past told as over but still open are not soft: they still ask a
worker to read the answer. Texts written for these tests, not copied from any labelled set.
"""

from __future__ import annotations

import pytest

from voices.coding import similar
from voices.coding.safeguarding import CORROBORATE, default_lexicon, screen


@pytest.mark.parametrize(
    "text",
    [
        # Sport and lessons, in any category, when no one is named who might do harm.
        "a football smacked me in the face at training and i got a nosebleed",
        "our form tutor taught us about forced marriage",
        "we talked about self harm in a lesson and where to get help",
        "we did a lesson on knife crime and a man came in whose son got stabbed",
        # The child's own temper; other children's taunts.
        "i get angry and i break things in my room",
        "some kids in my class said my real mum didnt want me",
    ],
)
def test_a_hard_negative_the_learned_layer_does_not_back_raises_nothing(text: str) -> None:
    assert not screen(text).flag, screen(text)
    # The rules alone (no learned model) still ask a worker to read it.
    assert screen(text, default_lexicon()).flag


@pytest.mark.parametrize(
    "text",
    [
        "im scared",
        # A laugh makes thoughts of dying a check, never nothing: it may be played down.
        "honestly i wanna die sometimes lol",
        "sometimes i think about killing myself haha",
        # A past told as over but still open (a first telling, someone still seen): a worker
        # reads it (test_safeguarding_settled.py has the settled kind).
        "my stepdad used to hit me when i was little, never told anyone, im safe with my nan now",
        "my stepdad used to hit me when i was little, im safe with my nan now but i still see him",
        # One weak word in a longer answer is not soft: the learned layer, which finds these
        # unlike flagged answers, missed real concerns told this way.
        "a lad from my old estate got me some work moving parcels, good money",
        "my tooth has been hurting for weeks and no dentist will take me",
        "i smoke weed to forget stuff",
        "he said hed batter me in PE",
        "the man at the park gives us vapes",
    ],
)
def test_a_disclosure_still_flags(text: str) -> None:
    assert screen(text).flag, text


@pytest.mark.parametrize(
    "text",
    [
        # A game or sport named with someone who might do harm: still an alert.
        "my dad hits me when i lose at fifa",
        "my uncle hurts me after football",
        "a guy on xbox said hed give me vbucks if i send a picture",
        "a gang of lads said theyll get me after the match",  # a `play` category: outsiders
        # Grooming and sexual harm happen in games (`play: false`): a game explains nothing.
        "a boy i play roblox with wants me to turn my camera on first",
        "a man on fortnite asked for pics of me",
    ],
)
def test_a_game_does_not_soften_harm_by_someone_named_or_told_through_it(text: str) -> None:
    assert screen(text).alert, screen(text)


def test_the_learned_layer_decides_a_soft_check() -> None:
    text = "a football smacked me in the face at training and i got a nosebleed"
    lexicon = default_lexicon()
    unlike = similar.Model(bias=-10.0, weights={})  # finds nothing like a flagged answer
    like = similar.Model(bias=0.0, weights={})  # probability 0.5 for every answer
    assert like.probability(text) >= CORROBORATE > unlike.probability(text)
    quiet = screen(text, lexicon, model=unlike)
    assert not quiet.flag
    assert quiet.unbacked  # kept for the sentiment reader
    backed = screen(text, lexicon, model=like)
    assert backed.flag and not backed.alert


def test_one_weak_word_needs_no_backing() -> None:
    # At the layer's usual bias (0.0015): far under it, one weak word alone is a topic the
    # layer may overrule (session 22, test_safeguarding_weak_topic.py).
    unlike = similar.Model(bias=-6.5, weights={})
    signal = screen("im scared about going back to my mums house", default_lexicon(), model=unlike)
    assert signal.flag and not signal.alert


def test_a_firm_reason_needs_no_backing() -> None:
    unlike = similar.Model(bias=-10.0, weights={})
    assert screen("my stepdad hits me", default_lexicon(), model=unlike).alert
