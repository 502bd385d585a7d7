"""Dialect and phonetic spellings (surveys/coding/dialect.yaml) read as the standard words."""

from __future__ import annotations

import pytest

from voices.coding import safeguarding
from voices.coding.lexicon import default_lexicon
from voices.coding.matcher import english_words
from voices.coding.spelling import standard
from voices.coding.text import default_tables, load_tables, tokenize
from voices.paths import SURVEYS
from voices.yamlsource import SourceError

# Keys an English word list holds that children rarely mean as English, each read by
# hand: "ah" (interjection), "wan" (pale), "fir" (tree), "whit" (a jot), "yer", "dat",
# "dem", "dis" (to disrespect), "sez", "nicht", "wat", "wen" (a cyst).
CHECKED_BY_HAND = frozenset(
    ["ah", "wan", "fir", "whit", "yer", "dat", "dem", "dis", "sez", "nicht", "wat", "wen"]
)


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


def screened(text: str) -> list[tuple[str, int, int]]:
    signal = safeguarding.screen(text, default_lexicon(), "standard")
    return [(r.words, r.start, r.end) for r in signal.reasons]


def test_tokens_read_dialect_and_phonetic_spellings_as_standard_words():
    assert norms("ah wis feart") == ["i", "was", "scared"]
    assert norms("divvent tell me mam") == ["dont", "tell", "me", "mum"]
    assert norms("he punshed me becos") == ["he", "punched", "me", "because"]
    assert norms("pepul dinnae listen") == ["people", "dont", "listen"]


def test_standard_words_that_look_like_dialect_stay_as_they_are():
    # Scots "greet" (cry), "mind" (remember), "ken" (know), "hert" (heart or hurt) and the
    # phonetic "mite" (might) are English words with another meaning.
    assert norms("greet mind ken hert mite fit deed") == [
        "greet", "mind", "ken", "hert", "mite", "fit", "deed",
    ]  # fmt: skip


def test_no_entry_is_an_english_word_unless_checked_by_hand():
    english = english_words()
    assert english, "TextBlob's word list is needed for this check"
    clashes = {k for k in default_tables().dialect if k in english}
    assert clashes == CHECKED_BY_HAND


def test_standard_words_are_never_keys_so_reading_twice_changes_nothing():
    tables = default_tables()
    for meaning in tables.dialect.values():
        assert not set(meaning.split()) & set(tables.textspeak), meaning
    once = standard("ah wis feart tae go hame").text
    assert once == "i was scared to go home"
    assert standard(once).text == once


def test_a_word_in_both_tables_names_file_and_line(tmp_path):
    (tmp_path / "textspeak.yaml").write_text("words:\n  sw: social worker\n")
    (tmp_path / "dialect.yaml").write_text("words:\n  hame: home\n  sw: social worker\n")
    (tmp_path / "emoji.yaml").write_text("emoji: {}\n")
    with pytest.raises(SourceError) as caught:
        load_tables(tmp_path)
    assert caught.value.line == 3 and caught.value.field == "words.sw"
    assert "dialect.yaml" in caught.value.file


def test_the_shipped_tables_load():
    assert (SURVEYS / "coding" / "dialect.yaml").is_file()
    assert default_tables().dialect["didnae"] == "didnt"


def test_the_screen_reads_dialect_and_points_at_the_words_written():
    text = "ah wis feart tae go hame"
    assert screened(text) == [("feart tae go hame", 7, 24)]
    text = "ma step da skelped me"
    assert screened(text) == [("skelped me", 11, 21)]
    assert screened("divvent feel safe at hyem")[0][0] == "divvent feel safe"


def test_the_screen_still_passes_dialect_that_tells_no_concern():
    assert screened("ah feel safe noo") == []
    assert screened("ah wis feart o the ghost film") == []


def test_offsets_map_back_through_longer_and_shorter_words():
    written = standard("ah'm hame, becos")  # "ahm" -> "im", "hame" -> "home"
    assert written.text == "im home, because"
    assert written.to_original(0, 2) == (0, 4)  # "im" is "ah'm"
    assert written.to_original(3, 7) == (5, 9)  # "home" is "hame"
    assert written.to_original(7, 8) == (9, 10)  # the comma after it
    assert written.to_original(9, 16) == (11, 16)  # "because" is "becos"
    assert written.to_original(1, 5) == (0, 9)  # part of a word: all of it
