"""Tokens keep offsets into what was written, whatever normalising happens to them."""

from __future__ import annotations

import pytest

from voices.coding.text import (
    CONTRAST_WORDS,
    NEGATORS,
    Token,
    clause_spans,
    load_tables,
    negated,
    stem,
    tokenize,
)
from voices.yamlsource import SourceError


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def test_every_token_points_at_the_written_text():
    text = "My sw   keeps changin’ n nobody tells me 😢 ok?"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_text_speak_and_misspellings_are_expanded():
    assert norms("my sw n skool") == ["my", "social worker", "and", "school"]
    token = tokenize("sw")[0]
    assert token.stem == "social worker" and token.text == "sw"


def test_apostrophes_and_curly_quotes_are_dropped_and_case_lowered():
    assert norms("I Don’t CAN'T") == ["i", "dont", "cant"]


def test_emoji_become_words_whatever_the_skin_tone():
    tokens = tokenize("love it 👍🏽 😢😢 :(")
    emoji = [t for t in tokens if t.is_emoji]
    assert [t.norm for t in emoji] == ["good", "sad", "sad", "sad"]
    assert [t.text for t in emoji] == ["👍🏽", "😢", "😢", ":("]


def test_unknown_emoji_are_still_tokens():
    (token,) = tokenize("🦄")
    assert token.is_emoji and token.norm == "🦄"


def test_stretched_words_are_squeezed():
    assert norms("soooo goood loooove") == ["so", "good", "love"]


def test_repeated_digits_are_amounts_not_stretching():
    assert norms("owe him 2000 and 111 more") == ["owe", "him", "2000", "and", "111", "more"]
    assert norms("nooo 5000") == ["no", "5000"]  # near miss: the letters still squeeze


def test_stems_are_snowball_stems_of_each_word():
    assert stem("listening") == "listen"
    assert tokenize("Listened")[0].stem == "listen"


def test_clauses_split_at_sentences_and_contrast_words():
    text = "School is ok but I get bullied. I miss my mum!\nApart from that fine"
    parts = [text[a:b] for a, b in clause_spans(text)]
    assert parts == ["School is ok", "but I get bullied", "I miss my mum", "Apart from that fine"]


@pytest.mark.parametrize(
    "text",
    [
        "i like my carers",
        "BUT nobody listens",
        "ok Although not really",
        "Even  though im fine",
        "apart\nfrom that",
        "I'm fine - honest",
        "i miss her: she left",
        "However it goes",
        "except my sw",
        "im ok \u2014 mostly",
        "no break here at all",
    ],
)
def test_answers_without_a_break_skip_the_clause_regexes_safely(text):
    # The cheap check must never hide a break the full regexes would find.
    import voices.coding.text as text_module

    slow_clauses = []
    start = 0
    for match in text_module._CLAUSE_BREAK.finditer(text):
        text_module._add_span(text, start, match.start(), slow_clauses)
        start = match.end()
    text_module._add_span(text, start, len(text), slow_clauses)
    assert clause_spans(text) == slow_clauses
    slow_breaks = [m.start() for m in text_module._ANY_BREAK.finditer(text)]
    assert text_module._break_positions(text) == slow_breaks
    for word in CONTRAST_WORDS:
        assert text_module._may_break(f"ok {word.upper()} no")


def test_negation_within_window_and_clause():
    tokens = tokenize("I don't really feel safe")
    assert negated(tokens, 4)
    assert not negated(tokenize("I feel safe")[0:3], 2)


def test_negation_stops_at_a_clause_or_comma():
    tokens = tokenize("I was not there. I feel safe")
    assert not negated(tokens, len(tokens) - 1)
    tokens = tokenize("No, I feel safe")
    assert not negated(tokens, 3)


def test_negation_window_is_limited():
    tokens = tokenize("nobody at the place where I live is kind")
    assert not negated(tokens, len(tokens) - 1)
    assert negated(tokens, len(tokens) - 1, window=10)


def test_text_speak_negators_count():
    assert "no one" in NEGATORS
    tokens = tokenize("idk if im safe")  # "idk" -> "i dont know"
    assert negated(tokens, 3)


def test_tokens_are_plain_values():
    token = tokenize("safe")[0]
    assert token == Token("safe", 0, 4, "safe", "safe")


def test_bad_table_names_file_line_and_field(tmp_path):
    (tmp_path / "textspeak.yaml").write_text("words:\n  sw: social worker\n  skool: 3\n")
    (tmp_path / "dialect.yaml").write_text("words: {}\n")
    (tmp_path / "emoji.yaml").write_text("emoji: {}\n")
    with pytest.raises(SourceError) as caught:
        load_tables(tmp_path)
    assert caught.value.line == 3 and caught.value.field == "words.skool"
    assert "textspeak.yaml" in caught.value.file
