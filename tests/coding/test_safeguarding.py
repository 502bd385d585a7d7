"""Safeguarding signals: every category flags, near misses and jokes do not, offsets are exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.coding.safeguarding import compile_pattern, default_lexicon, load_lexicon, screen
from voices.yamlsource import SourceError


def flagged(text: str) -> bool:
    return screen(text).flag


def categories(text: str) -> set[str]:
    return {r.category for r in screen(text).reasons}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my dad hits me when he's angry", "abuse-physical"),
        ("she said her dad used to hit her", "abuse-physical"),
        ("i got hit with the belt", "abuse-physical"),
        ("it hurts me when he grabs my neck", "abuse-physical"),
        ("my stepdad touches me", "abuse-sexual"),
        ("my mums boyfriend comes in my room at night", "abuse-sexual"),
        ("he makes me watch things on his phone", "abuse-sexual"),
        ("mum says im worthless", "abuse-emotional"),
        ("they dont let me eat with the family", "abuse-emotional"),
        ("theres no food in the house", "neglect"),
        ("i go to bed hungry", "neglect"),
        ("i havent eaten properly since tuesday", "neglect"),
        ("i cut myself when it gets too much", "self-harm"),
        ("I can't stop cutting myself", "self-harm"),
        ("sometimes i make myself sick", "self-harm"),
        ("i wanna die", "suicidal"),
        ("kms", "suicidal"),
        ("thinking of unaliving myself", "suicidal"),
        ("everyone would be better off without me", "suicidal"),
        ("i dont want to be here anymore", "suicidal"),
        ("I don't feel safe at my placement", "unsafe-now"),
        ("im scared of my mums boyfriend", "unsafe-now"),
        ("i ran away last night", "missing"),
        ("she went missing for two days", "missing"),
        ("i've been sofa surfing", "homeless"),
        ("older lads give me weed to hold for them", "exploitation"),
        ("i owe them money now", "exploitation"),
        ("i have to carry stuff for them", "exploitation"),
        ("a man i met online sends me pics", "exploitation"),
        ("they are grooming me", "exploitation"),
        ("some older boys said i could make money doing county lines", "exploitation"),
        ("he threatened to stab me", "bullying-threat"),
        ("these lads jumped me after school", "bullying-threat"),
        ("they said theyre gonna batter me", "bullying-threat"),
        ("my step dad hits my mum", "domestic-abuse"),
        ("the police came round again because of the fighting", "domestic-abuse"),
    ],
)
def test_each_category_flags_in_childrens_words(text: str, category: str) -> None:
    signal = screen(text)
    assert signal.flag and category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "I feel safe",
        "i feel safe at home and at school",
        "nobody hits me here",
        "my carers never hurt me",
        "I don't feel unsafe at all",
        "i was bored to death in maths",
        "I'd kill for a pizza",
        "we were dying of laughter",
        "the film was about knife crime",
        "the police came in to talk about county lines in assembly",
        "my brother beats me at fifa every time lol",
        "hit me up later",
        "my little sister will murder me if i lose her charger",
        "my dog ran away but we found him",
        "i get bullied sometimes",
        "i miss my mum",
        "i'm starving, when is tea",
        "i play call of duty and get killed loads",
        "can't go on the school trip because of forms",
        "",
    ],
)
def test_near_misses_idioms_and_jokes_do_not_flag(text: str) -> None:
    assert not flagged(text), screen(text).reasons


def test_harm_the_child_says_is_over_does_not_flag() -> None:
    # Decision: told as past AND as over -> not flagged (see lexicon.yaml, docs/coding.md).
    assert not flagged("I used to be hurt but that stopped and I'm safe now")
    assert not flagged("when i lived with my dad i got hit but thats over now")
    # Told as past without saying it stopped: the lead must hear it.
    assert flagged("I used to be hit by my dad and I still see him")
    assert flagged("he doesn't hit me anymore")


def test_a_later_new_harm_is_not_hidden_by_an_old_one_being_over() -> None:
    text = "i used to get hit by my dad and that's over, but now my stepdad hits me"
    assert flagged(text)
    assert any(r.words == "hits me" for r in screen(text).reasons)


def test_reasons_point_at_the_original_words() -> None:
    text = "My carers are lovely 😊. But my uncle TOUCHES ME and I don’t feel safe."
    signal = screen(text)
    assert signal.flag
    for reason in signal.reasons:
        assert text[reason.start : reason.end] == reason.words
    assert {r.words for r in signal.reasons} >= {"TOUCHES ME", "don’t feel safe"}


def test_reasons_are_sorted_and_not_repeated() -> None:
    signal = screen("he hits me. he hits me")
    starts = [r.start for r in signal.reasons]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_the_pattern_language() -> None:
    import re

    regex, anchors = compile_pattern("(don't|never) [really] feel* safe")
    pattern = re.compile(regex, re.IGNORECASE)
    for text in ("dont feel safe", "Don’t really feeling safe", "never feel safe"):
        assert pattern.search(text), text
    assert not pattern.search("don't feel unsafe") and not pattern.search("dont feel. safe")
    assert ("safe", False) in anchors or ("feel", True) in anchors
    gap = re.compile(compile_pattern("owe ... money")[0], re.IGNORECASE)
    assert gap.search("i owe some people money") and not gap.search("i owe it but money")


def test_the_shipped_lexicon_loads_with_every_category() -> None:
    lexicon = default_lexicon()
    assert {
        "abuse-physical",
        "abuse-sexual",
        "abuse-emotional",
        "neglect",
        "self-harm",
        "suicidal",
        "unsafe-now",
        "missing",
        "exploitation",
        "bullying-threat",
        "domestic-abuse",
    } <= set(lexicon.categories)


GOOD_CATEGORY = "  - id: neglect\n    label: Neglect\n    patterns:\n      - no food\n"


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        (
            "categories:\n" + GOOD_CATEGORY + "  - id: abuse\n    label: Abuse\n"
            "    patterns:\n      - hit* me\n      - (hurts me\n",
            "categories[1].patterns[1]",
            10,
        ),
        ("categories:\n  - id: Bad Id\n    label: x\n    patterns: [a]\n", "categories[0].id", 2),
        ("categories:\n  - id: a\n    label: A\n    patterns: []\n", "categories[0].patterns", 4),
        ("categories:\n  - id: a\n    label: A\n    colour: red\n", "categories[0].colour", 4),
        ("categories:\n" + GOOD_CATEGORY + GOOD_CATEGORY, "categories[1].id", 6),
        ("negation:\n  window: two\n" + "categories:\n" + GOOD_CATEGORY, "negation.window", 2),
        ("safe_contexts:\n  - '...'\ncategories:\n" + GOOD_CATEGORY, "safe_contexts[0]", 2),
        ("categories:\n" + GOOD_CATEGORY + "extra: 1\n", "extra", 6),
    ],
)
def test_a_bad_lexicon_names_file_line_and_field(
    tmp_path: Path, text: str, field: str, line: int
) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert (caught.value.field, caught.value.line) == (field, line)
    assert "lexicon.yaml" in str(caught.value)
