"""Session 20, recall on fresh authors: suicidal thoughts told sideways or in text-speak.

Each rule is tested on wordings written here (not copied from a data set) and on a near
miss that must stay unflagged by the rule: the near miss fails if the rule is widened or its
cut-off moves, the positive fails if the rule is removed. Rules are checked on the strong
patterns alone (sensitivity "standard", no learned layer), so the learned layer cannot hide
a removed rule.
"""

from __future__ import annotations

import pytest

from voices.coding.patterns import FILLERS, make_pattern, spellings
from voices.coding.safeguarding import default_lexicon, screen


def categories(text: str) -> set[str]:
    """The categories whose strong patterns match, learned layer left out."""
    return {r.category for r in screen(text, default_lexicon(), "standard").reasons}


def alerts(text: str) -> bool:
    return screen(text, default_lexicon(), "standard").alert


# One intensifier between two pattern words (patterns.FILLERS).


@pytest.mark.parametrize("filler", FILLERS)
def test_one_filler_may_sit_between_pattern_words(filler: str) -> None:
    pattern = make_pattern("suicidal", "(don't|dont) care what happens")
    assert pattern.regex.search(f"i dont {filler} care what happens to me")


@pytest.mark.parametrize(
    "text",
    [
        "i dont really really care what happens to me",  # two fillers: not one
        "i dont much care what happens to me",  # "much" is not a filler
        "i dont care, really, what happens",  # a comma is a clause break
    ],
)
def test_filler_near_misses(text: str) -> None:
    pattern = make_pattern("suicidal", "(don't|dont) care what happens")
    assert not pattern.regex.search(text)


def test_filler_only_in_strong_patterns() -> None:
    """A weak pattern is short: "whats even the point of working" is a complaint."""
    assert make_pattern("suicidal", "whats the point").regex.search("whats even the point")
    weak = make_pattern("suicidal", "whats the point", level="high")
    assert not weak.regex.search("whats even the point of working")
    assert weak.regex.search("whats the point")


def test_filler_reaches_the_lexicon() -> None:
    assert "suicidal" in categories("whats even the point of me")
    assert "suicidal" in categories("honestly i dont actually care what happens to me")
    assert "suicidal" not in categories("whats even the point of revising")


# "no more" is text-speak for "anymore", and a want that has stopped goes on now.


def test_no_more_reads_as_anymore() -> None:
    assert alerts("i dont want be here no more")
    assert alerts("dont wanna live nomore")
    assert "suicidal" not in categories("i dont want be on the team no more")


def test_dont_want_to_live_without_its_to() -> None:
    assert alerts("i dont want live like this")
    assert "suicidal" not in categories("i dont want lunch like this")


# Told sideways: by a carer about the child, a note, a threat if moved.


@pytest.mark.parametrize(
    "text",
    [
        "his nan says he told her everyone would be better off if he wasnt here",
        "if they send me back home ill do something stupid",
        "at night i write notes to my family saying goodbye and hide them",
        "it feels like nobody cares if im alive or dead",
        "the only reason im still here is my little brother",
        "she keeps saying it wont matter soon",
        "staff noticed she has been giving away her things to the other girls",
    ],
)
def test_sideways_telling_alerts(text: str) -> None:
    assert "suicidal" in categories(text)
    assert alerts(text)


@pytest.mark.parametrize(
    "text",
    [
        "my nan would be better off if he wasnt so loud",  # not here, not around
        "i did something stupid at school and got a detention",  # told as done, not a threat
        "i wrote a letter to my social worker saying thanks",  # not goodbye
        "nobody cares if im late to tea",  # not alive or dead
        "the only reason im still at this school is my mates",  # not "here" or "alive"
        "it wont matter much if i miss one lesson",  # not soon
        "we are giving away his old toys to the charity shop",  # "old" between
    ],
)
def test_sideways_near_misses(text: str) -> None:
    assert "suicidal" not in categories(text)


# A dropped final g, on words of six letters or more (patterns.spellings).


def test_dropped_g_on_long_ing_words() -> None:
    pattern = make_pattern("suicidal", "no point living")
    assert pattern.regex.search("honestly no point livin")
    assert "livin" in pattern.required[-1]  # the word index wakes the pattern for it


def test_dropped_g_near_misses() -> None:
    assert spellings("thing") == ()  # five letters: "thin" is its own word
    assert spellings("sleeping") == ("sleepin",)
    assert not make_pattern("x", "no point living").regex.search("no point livi")
