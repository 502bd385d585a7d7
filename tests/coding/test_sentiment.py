"""Sentiment that understands children: negation, "but", emoji, text-speak, field words."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.coding.sentiment import analyse, default_lexicon, load_lexicon
from voices.coding.sentiment_turn import around_but, split_at, turn
from voices.yamlsource import SourceError


def label(text: str) -> str:
    return analyse(text).label


@pytest.mark.parametrize(
    "text",
    ["I am happy here", "I love my carers", "my carers are kind and I feel safe", "we won!!"],
)
def test_plainly_positive(text: str) -> None:
    result = analyse(text)
    assert result.label == "positive" and result.polarity > 0


@pytest.mark.parametrize(
    "text",
    [
        "not happy",
        "i dont like it here",
        "I don't like my school",
        "they never listen to me",
        "I am not safe",
        "nobody asked me if i wanted to move",
    ],
)
def test_negation_turns_a_feeling_round(text: str) -> None:
    result = analyse(text)
    assert result.label == "negative" and result.polarity < 0


def test_a_negated_complaint_is_not_a_complaint() -> None:
    assert label("my carers never shout") == "positive"
    assert analyse("I am not bullied").polarity > 0


@pytest.mark.parametrize(
    "text",
    [
        "school is ok but I get bullied",
        "I love my carers but I miss my little brother",
        "my sw is nice but she always cancels",
        "the food is great. my room is horrible",
        "got my own flat but the heating doesnt work",
    ],
)
def test_clauses_that_disagree_are_mixed(text: str) -> None:
    assert label(text) == "mixed"


def test_a_turn_from_nothing_to_a_complaint_is_mixed_only_when_it_is_the_only_bad_news() -> None:
    # Something, then "but" and a complaint, is mixed; after other bad news it is the
    # complaint told, and the answer is negative (real-register answers, session 12).
    assert analyse("i got a new room but the heating doesnt work", learned=False).label == "mixed"
    told = "the lads take my stuff and call me names. staff know but nothing happens"
    assert analyse(told, learned=False).label == "negative"


def test_clauses_are_scored_with_offsets_into_the_text() -> None:
    text = "school is ok but I get bullied"
    result = analyse(text)
    assert [text[s:e] for s, e, _ in result.clauses] == ["school is ok", "but I get bullied"]
    assert result.clauses[0][2] > 0 > result.clauses[1][2]
    assert -1 <= result.polarity <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("😢", "negative"),
        ("😡😡", "negative"),
        ("💔", "negative"),
        ("❤️", "positive"),
        ("👍🏽", "positive"),
        ("🙂", "positive"),
        ("😊 my carers", "positive"),
        ("contact got cancelled 😢", "negative"),
        (":(", "negative"),
    ],
)
def test_emoji_carry_feeling(text: str, expected: str) -> None:
    assert label(text) == expected


def test_text_speak_is_understood() -> None:
    assert label("my carers r gr8") == "positive"
    assert label("luv it here") == "positive"
    assert label("i h8 skool") == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "moved again",
        "no one tells me anything",
        "I miss my mum",
        "my sw keeps changing",
        "they never listen",
        "i get bullied at school",
        "i feel lonely",
        "I was kicked out",
        "waiting for ages for my passport",
        "I dont feel safe",
    ],
)
def test_field_words_textblob_does_not_know(text: str) -> None:
    assert label(text) == "negative"


@pytest.mark.parametrize("text", ["love my carers", "i feel safe here", "my sw listens to me"])
def test_field_words_that_are_warm(text: str) -> None:
    assert label(text) == "positive"


# Not "my best friend lives in town": people label a best friend named as good news (5 of 7
# short answers), and the learned layer has read it as positive since session 14's retrain.
@pytest.mark.parametrize(
    "text",
    ["i live with my nan", "idk", "no", "my nan lives in town", "I'm in year 5", "ok", ""],
)
def test_facts_and_shrugs_are_neutral(text: str) -> None:
    assert label(text) == "neutral"


def test_a_disclosure_is_never_read_as_neutral() -> None:
    assert label("he comes in my room at night") == "negative"


def test_the_shipped_file_loads() -> None:
    lexicon = default_lexicon()
    assert lexicon.words["bullied"] < 0 and lexicon.emoji["❤"] > 0


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sentiment.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_polarity_out_of_range_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "words:\n  happy: 0.7\n  sad: -3\n")
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert caught.value.line == 3 and caught.value.field == "words.sad"
    assert "sentiment.yaml" in caught.value.file and "-1 to 1" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        ("colours:\n  red: 1\n", "colours", 2),
        ("words:\n  moved again: -0.5\n", "words.moved again", 2),
        ("thresholds:\n  positive: high\n", "thresholds.positive", 2),
        ("thresholds:\n  loud: 0.1\n", "thresholds.loud", 2),
        ("negation:\n  window: 0\n", "negation.window", 2),
        ("ignore: [good, 3]\n", "ignore[1]", 1),
    ],
)
def test_bad_files_are_reported_where_the_mistake_is(
    tmp_path: Path, text: str, field: str, line: int
) -> None:
    with pytest.raises(SourceError) as caught:
        load_lexicon(write(tmp_path, text))
    assert (caught.value.field, caught.value.line) == (field, line)


def test_a_pleased_child_being_groomed_reads_as_pleased_while_the_flag_carries_the_worry():
    from voices.coding.safeguarding import screen

    text = "a man at the bus stop gave me a free phone, proper lucky 😁"
    assert screen(text).flag
    assert label(text) == "positive"
    # Other disclosures are never neutral, whatever words they use.
    assert label("my stepdad locks me in my room") == "negative"


@pytest.mark.parametrize("text", ["my work experience was class", "the trip was dead good"])
def test_uk_slang_for_great_is_positive(text: str) -> None:
    assert label(text) == "positive"


def test_someone_elses_reassurance_is_not_the_childs_own_feeling():
    reported = analyse("my sw says it will be great here", learned=False)
    own = analyse("i think it will be great here", learned=False)
    assert reported.polarity < own.polarity / 2
    but = analyse("my sw says it will be great here but i hate it", learned=False)
    assert but.label == "negative"  # the reassurance is not a feeling the other way


def test_a_past_told_as_a_story_gives_way_to_how_things_are_now():
    told = analyse("i was so scared at first but now i love it here", learned=False)
    assert told.label == "positive"
    # Without a turn to "now", the same contrast is still mixed.
    assert analyse("my carer is lovely but she never listens", learned=False).label == "mixed"


@pytest.mark.parametrize(
    "text",
    [
        "at my last house the big boys used to hit me but now im at my new carers",
        "i used to run away a lot and the police brought me back. i dont do that now",
        "when i was little there was loads of shouting at home and now i live with my aunty",
        "i was bullied at my old school. its been fine since",  # "since": a turn too
    ],
)
def test_a_hard_past_got_through_is_read_by_the_present(text: str) -> None:
    # The present says nothing bad: the answer is not negative for the past it tells.
    told = analyse(text, learned=False)
    assert told.got_through
    assert told.label == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "i used to have friends at my old school but now i hate it here",  # worse now
        "i was bullied at my old school and its still awful",  # no turn to "now"
        "i hate it here and im sad now",  # nothing told in the past
    ],
)
def test_a_present_that_is_bad_or_no_turn_stays_as_it_was(text: str) -> None:
    told = analyse(text, learned=False)
    assert not told.got_through
    assert told.label != "positive"


def test_the_turn_starts_at_the_piece_of_the_sentence_that_holds_now() -> None:
    text = "my old placement was horrible, i got moved and now its different"
    start = turn(text)
    assert start is not None and text[start:] == "now its different"
    assert turn("im happy now") is None  # no past before "now"
    assert turn("i used to be sad and i still am") is None  # no "now"
    spans = [(0, 31), (32, len(text))]
    assert split_at(spans, start) == [(0, 31), (32, start), (start, len(text))]


@pytest.mark.parametrize(
    ("clauses", "shape"),
    [
        ([(False, [0.5])], ""),  # no "but"
        ([(True, [0.5])], ""),  # a "but" that opens the answer turns nothing
        # No "but" that turns: the shape around the last sentence, marked ("great. awful").
        ([(True, [0.5]), (False, [-0.3])], ".+|-"),
        ([(False, [0.5]), (False, []), (False, [0.2])], ".+|+"),
        ([(False, [0.5]), (True, [-0.3])], "+|-"),
        ([(False, []), (True, [-0.3, 0.2])], "0|+-"),
        ([(False, [0.4]), (True, [-0.3]), (False, [0.1]), (True, [])], "+-|0"),  # the last "but"
    ],
)
def test_around_but_tells_where_the_feeling_falls(
    clauses: list[tuple[bool, list[float]]], shape: str
) -> None:
    assert around_but(clauses) == shape


def test_the_answer_tells_the_learned_layer_its_shape_around_but() -> None:
    assert analyse("my sw is nice but she never calls").around_but == "+|-"
    assert analyse("my sw is nice").around_but == ""
    assert analyse("the food is great. my room is horrible").around_but == ".+|-"


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        # A "though" or "to be fair" that ends a piece turns the piece it ends.
        ("school is awful. i do like my teacher though. see you", "-|+"),
        ("the course was pointless. the last bit was good tho, should of been that", "-|+"),
        ("my sw is never there. shes nice to be fair", "-|+"),
        # A concession turns what came before, as "but" does.
        ("the food is awful. at least my nan turns up", "-|0"),
        ("i see her at least once a week", ""),  # a count, not a concession
    ],
)
def test_a_concession_turns_the_answer_where_it_stands(text: str, shape: str) -> None:
    assert analyse(text, learned=False).around_but == shape


def test_a_concession_at_the_end_is_not_a_turn_to_nothing() -> None:
    # "nice" then "to be fair" with nothing after it was read as mixed (a turn to nothing).
    assert analyse("shes nice to be fair", learned=False).label == "positive"
    assert analyse("school is awful. i do like my teacher tho", learned=False).label == "mixed"
