"""Safeguarding signals: every category flags, near misses and jokes do not, offsets are exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.coding.safeguarding import (
    SENSITIVITIES,
    TIERS,
    compile_pattern,
    default_lexicon,
    load_lexicon,
    screen,
)
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
        ("they took my passport", "honour-based"),
        ("we are going abroad in the summer so i can get married", "honour-based"),
        ("he watches me when im in the bath", "abuse-sexual"),
        ("i dont know where im sleeping tonight", "homeless"),
        ("my friend said she wants to kill herself", "suicidal"),
        ("saved up some of my tablets in a sock just in case", "suicidal"),
        ("i wrote goodbye letters to my brothers", "suicidal"),
        ("i never told anyone before", "disclosure"),
        ("we raised it at three meetings and nothing has changed", "concern-raised"),
        ("some older boys said i could make money doing county lines", "exploitation"),
        ("he threatened to stab me", "bullying-threat"),
        ("these lads jumped me after school", "bullying-threat"),
        ("they said theyre gonna batter me", "bullying-threat"),
        ("my step dad hits my mum", "domestic-abuse"),
        ("the police came round again because of the fighting", "domestic-abuse"),
        # Wordings the first lexicon missed: stems, gaps, text-speak, indirect telling.
        ("he lashes out at me when hes had a drink", "abuse-physical"),
        ("my step mum left bruises on my arm", "abuse-physical"),
        ("he put his hands on me again", "abuse-physical"),
        ("she makes me sit on his lap", "abuse-sexual"),
        ("he keeps asking me for pics", "exploitation"),
        ("my nan wishes she'd never had me", "abuse-emotional"),
        ("the cupboards are always empty", "neglect"),
        ("the lecky got cut off and i cant afford the gas", "neglect"),
        ("i do all the cooking and cleaning cos mum cant", "neglect"),
        ("im a young carer for my dad", "neglect"),
        ("been burnin myself wiv a lighter", "self-harm"),
        ("she wears long sleeves even in summer", "self-harm"),
        ("i just want to go to sleep and never wake up", "suicidal"),
        ("they'd all be happier without me", "suicidal"),
        ("i feel like such a burden", "suicidal"),
        ("honestly no point in anything anymore", "suicidal"),
        ("gonna top myself", "suicidal"),
        ("im scared when he's drunk", "unsafe-now"),
        ("i hide in my wardrobe when they start", "unsafe-now"),
        ("i wont go back there, im scared of him", "unsafe-now"),
        ("did a runner from the unit", "missing"),
        ("stayed out for three days without telling anyone", "missing"),
        ("kipping on a mates couch", "homeless"),
        ("my tenancy fell through and ive got nowhere to stay", "homeless"),
        ("they told me to take a parcel to another town", "exploitation"),
        ("i owe some lads money and they want me to pay it back", "exploitation"),
        ("this guy on snap says hes 16 but i dont think he is", "exploitation"),
        ("they gave me a second phone", "exploitation"),
        ("theyre threatning to jump me", "bullying-threat"),
        ("some lads robbed me on the way home", "bullying-threat"),
        ("dad punched my mum", "domestic-abuse"),
        ("can i tell you something", "disclosure"),
        ("if i tell you do you have to tell my social worker", "disclosure"),
        ("promise you wont tell", "disclosure"),
        ("we're really worried about her going missing with older lads", "concern-raised"),
        ("we found blood on her sheets", "concern-raised"),
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
        "my carers keep me safe",
        "we watched a film about a boy who runs away to sea",
        "i ran away from a wasp at sports day",
        "I'm scared of spiders",
        "i hurt my ankle playing football",
        "i cut my finger chopping onions",
        "we did secret santa in form",
        "the police came in to school to talk about bikes",
        "we went camping and slept in a tent",
        "my older brother takes me to the park",
        "we learned about staying safe online",
        "I used to get bullied but that stopped years ago and im fine",
        "",
    ],
)
def test_near_misses_idioms_and_jokes_do_not_flag(text: str) -> None:
    assert not flagged(text), screen(text).reasons


def test_harm_the_child_says_is_over_is_a_check_not_an_alert() -> None:
    # Decision: told as past AND as over -> a worker reads it; no lead is emailed.
    for text in (
        "I used to be hurt but that stopped and I'm safe now",
        "when i lived with my dad i got hit but thats over now",
        "my dad used to hit me when i was little. i live with my nan now and its all good",
        "when i was homeless i sofa surfed for months. got a flat now, proud of that",
    ):
        # The rules alone make it a check; the learned layer must back a check that rests
        # only on a past told as over, so with it the answer may raise nothing.
        assert not screen(text).alert, text
        signal = screen(text, default_lexicon())
        assert signal.flag and not signal.alert, (text, signal)
        assert {r.tier for r in signal.reasons} == {"check"}
    # Told as past and as going on ("still hits"): the lead must hear it. Still seeing the
    # person when nothing is happening now is a check (the labelling guide).
    assert not screen("I used to be hit by my dad and I still see him").alert
    assert screen("he used to hit me and he still does").alert


def test_harm_told_as_past_is_a_check_in_english() -> None:
    # past_told: check. On real children's words most strong patterns in a sentence with
    # "used to", "when I was", "at my last placement" were stories of getting through
    # (docs/coding.md, "across sets"); a worker reads them, no lead is emailed.
    for text in (
        "when i was little my dad hit me",
        "at my last placement the staff used to lock me in my room",
        "he doesn't hit me anymore",
    ):
        signal = screen(text)
        assert signal.flag and not signal.alert, (text, signal)
    # Told as now, the same words alert; sexual abuse alerts however long ago (past_alerts).
    for text in ("my dad hit me", "he hit me again last night", "when i was 8 my uncle touched me"):
        assert screen(text).alert, text


def test_current_harm_is_an_alert() -> None:
    for text in ("my dad hits me", "my mums boyfriend hits me when she goes out"):
        signal = screen(text)
        assert signal.alert and "alert" in {r.tier for r in signal.reasons}, text


def test_feelings_and_topics_alone_are_checks() -> None:
    # A feeling word, or one topic word ("homeless", "debt", "punishment"), is for a
    # worker to read, not an email to a lead.
    for text in (
        "i was scared",
        "i felt afraid a lot",
        "homeless",
        "i was in debt but my PA helped me sort it",
        "we did a project on punishment",
        "we do the food bank on fridays",
    ):
        signal = screen(text)
        assert not signal.alert, (text, signal)


def test_every_reason_carries_its_tier() -> None:
    signal = screen("he hits me and i'm scared")
    assert signal.reasons and all(r.tier in TIERS for r in signal.reasons)


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


def test_two_sensitivities_and_high_is_the_default() -> None:
    assert SENSITIVITIES == ("standard", "high")
    weak = "i hate going home"  # a weaker signal: only high flags it
    assert screen(weak).flag and screen(weak, sensitivity="high").flag
    assert not screen(weak, sensitivity="standard").flag
    assert {r.level for r in screen(weak).reasons} == {"high"}
    strong = "my dad hits me"
    for level in SENSITIVITIES:
        signal = screen(strong, sensitivity=level)
        assert signal.flag and {r.level for r in signal.reasons} == {"standard"}
    with pytest.raises(ValueError):
        screen(strong, sensitivity="extreme")


@pytest.mark.parametrize(
    "text",
    [
        "im scared",
        "i dont want to go back there",
        "nobody cares about me",
        "my older friend picks me up",
        "the police came round",
        "i keep a secret from my carers",
        "i'm hungry at night",
        "the flat is freezing",
    ],
)
def test_weaker_signals_flag_only_at_high(text: str) -> None:
    assert screen(text, sensitivity="high").flag, text
    standard = screen(text, sensitivity="standard")
    assert all(r.level == "standard" for r in standard.reasons)


@pytest.mark.parametrize("text", ["I feel safe", "im not scared of him", "I'd kill for a pizza"])
def test_near_misses_hold_at_both_sensitivities(text: str) -> None:
    for level in SENSITIVITIES:
        assert not screen(text, sensitivity=level).flag, (level, screen(text, sensitivity=level))


def test_i_dont_feel_safe_flags_at_both_sensitivities() -> None:
    for level in SENSITIVITIES:
        assert screen("I don't feel safe", sensitivity=level).flag


def test_a_weak_reason_points_at_the_childs_words() -> None:
    text = "Honestly I’m SCARED at night"
    for reason in screen(text).reasons:
        assert text[reason.start : reason.end] == reason.words


def test_a_bad_high_pattern_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "categories:\n  - id: a\n    label: A\n    patterns: [hit* me]\n"
        "    high:\n      - scared\n      - (oops\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert (caught.value.field, caught.value.line) == ("categories[0].high[1]", 7)


def test_a_category_may_hold_only_weaker_signals(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text("categories:\n  - id: a\n    label: A\n    high: [worried]\n", "utf-8")
    lexicon = load_lexicon(path)
    assert screen("im worried", lexicon).flag
    assert not screen("im worried", lexicon, sensitivity="standard").flag


NEAR_LEXICON = """
negation:
  negators: [never, not, "no one", nobody]
  blockers: [i]
safe_contexts:
  - (beats|beat) me at fifa
near:
  within: 5
  words:
    adult: [dad, step dad, mum]
    harm: [hit*, bruise*]
    lacking: ["no", empty]
    basics: [food, fridge]
categories:
  - id: abuse
    label: Abuse
    patterns: [hits me]
    near: [adult + harm]
  - id: neglect
    label: Neglect
    high: [starving]
    near: [lacking + basics within 1]
"""


@pytest.fixture
def near_lexicon(tmp_path: Path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(NEAR_LEXICON, encoding="utf-8")
    return load_lexicon(path)


@pytest.mark.parametrize(
    "text",
    [
        "my step dad got angry and i got bruises",  # 5 words apart
        "bruises on my legs from my dad",  # either order
        "there is no food",
        "the fridge is empty",  # within 1: "is"
    ],
)
def test_near_words_flag_at_high_in_new_wordings(near_lexicon, text: str) -> None:
    signal = screen(text, near_lexicon)
    assert signal.flag, text
    assert {r.level for r in signal.reasons} == {"high"}
    for reason in signal.reasons:
        assert text[reason.start : reason.end] == reason.words
    assert not screen(text, near_lexicon, sensitivity="standard").flag


@pytest.mark.parametrize(
    "text",
    [
        "my dad took me to the shops and then we had a look at the shoes and i hit my head",
        "my dad is great. i got a bruise at football",  # not in one sentence
        "my dad would never hit me",  # negated where the signal is
        "my dad beats me at fifa",  # a game
        "the fridge is always empty",  # two words apart, rule allows one
        "no one ate my food",  # "no" is there but not next to "food"... within 1 fails
    ],
)
def test_near_words_do_not_flag_far_apart_negated_or_in_a_game(near_lexicon, text: str) -> None:
    assert not screen(text, near_lexicon).flag, screen(text, near_lexicon)


def test_a_pattern_speaks_before_a_near_rule(near_lexicon) -> None:
    reasons = screen("my dad hits me", near_lexicon).reasons
    assert [(r.category, r.words, r.level) for r in reasons] == [("abuse", "hits me", "standard")]


@pytest.mark.parametrize(
    ("near", "field", "message"),
    [
        ("[adult + nothing]", "categories[0].near[0]", "unknown word group 'nothing'"),
        ("[adult harm]", "categories[0].near[0]", "write two group names"),
        ("[adult + harm within two]", "categories[0].near[0]", "write two group names"),
    ],
)
def test_a_bad_near_rule_names_its_field(
    tmp_path: Path, near: str, field: str, message: str
) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "near:\n  words:\n    adult: [dad]\n    harm: [hit*]\n"
        f"categories:\n  - id: a\n    label: A\n    patterns: [x]\n    near: {near}\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert caught.value.field == field and message in str(caught.value)


def test_a_bad_near_word_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "near:\n  words:\n    adult:\n      - dad\n      - (mum\n"
        "categories:\n  - id: a\n    label: A\n    patterns: [x]\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert (caught.value.field, caught.value.line) == ("near.words.adult[1]", 5)


def test_a_laugh_makes_a_figure_of_speech_a_check_but_never_hides_harm() -> None:
    joke = "if i do one more survey im actually going to die lol"
    assert not screen(joke).alert
    assert screen(joke, default_lexicon()).flag  # the rules alone: a check to back
    assert screen("my big bro kicks me when mum is out lol").alert


def test_a_story_of_getting_through_is_a_check() -> None:
    for text in (
        "i used to self harm but ive been clean 2 years and CAMHS really helped",
        "I was in debt with a catalogue but its all cleared now",
    ):
        assert not screen(text).alert, text


def test_the_lexicon_says_which_strong_patterns_may_alert(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "one_word: check\n"
        "categories:\n"
        "  - id: abuse\n    label: Abuse\n    patterns: [hits me, beaten]\n"
        "  - id: money\n    label: Money\n    alerts: false\n    patterns: [owe them money]\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    tiers = {
        r.words: r.tier
        for t in ("he hits me", "i was beaten", "i owe them money")
        for r in screen(t, lexicon).reasons
    }
    assert tiers == {"hits me": "alert", "beaten": "check", "owe them money": "check"}
    path.write_text("one_word: maybe\ncategories:\n" + GOOD_CATEGORY, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert caught.value.field == "one_word"
    path.write_text("past_told: later\ncategories:\n" + GOOD_CATEGORY, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert caught.value.field == "past_told"


def test_without_past_told_a_past_alerts_unless_it_is_said_to_be_over(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "resolved:\n  past: [used to]\n  over: [safe now]\n  ongoing: [still]\n"
        "categories:\n  - id: abuse\n    label: Abuse\n    patterns: [hit me]\n",
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    assert screen("he used to hit me", lexicon).alert
    assert not screen("he used to hit me but im safe now", lexicon).alert
    path.write_text("past_told: check\n" + path.read_text("utf-8"), encoding="utf-8")
    lexicon = load_lexicon(path)
    assert not screen("he used to hit me", lexicon).alert
    assert screen("he used to hit me and he still does", lexicon).alert


def test_sexual_abuse_told_as_past_and_over_still_alerts() -> None:
    # past_alerts: a lead hears it however long ago it was (it may still be a crime).
    text = "when i was 12 my uncle touched me. i live with my nan now and its all good"
    assert screen(text).alert
