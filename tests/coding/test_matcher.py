"""Theme suggestions: behaviour children's words need, not fixed scores."""

from __future__ import annotations

import pytest

from voices.coding.codebook import load_frameworks
from voices.coding.matcher import Suggestion, ThemeMatcher


@pytest.fixture(scope="module")
def shanarri() -> ThemeMatcher:
    return ThemeMatcher(load_frameworks().frameworks["shanarri"])


@pytest.fixture(scope="module")
def promise() -> ThemeMatcher:
    return ThemeMatcher(load_frameworks().frameworks["promise"])


def themes(found: list[Suggestion]) -> set[str]:
    return {s.theme for s in found}


def test_negated_keyword_is_still_evidence(shanarri):
    assert "safe" in themes(shanarri.suggest("I don't feel safe at my placement"))
    assert "safe" in themes(shanarri.suggest("I feel safe at my placement"))


def test_stems_match_other_forms_of_a_word(shanarri):
    assert "respected" in themes(shanarri.suggest("nobody ever listened to me"))


def test_misspelt_long_words_are_caught(shanarri):
    found = shanarri.suggest("i get bullyed evry day")
    assert "safe" in themes(found)
    assert found[0].evidence[0].words == "bullyed"


def test_text_speak_is_understood(promise, shanarri):
    assert "people" in themes(promise.suggest("my sw keeps changing"))
    assert "achieving" in themes(shanarri.suggest("skool is hard"))


def test_emoji_count_as_words(shanarri):
    assert "active" in themes(shanarri.suggest("⚽⚽ every saturday"))


def test_phrases_allow_a_small_gap(promise):
    found = promise.suggest("I really miss my little brother")
    family = next(s for s in found if s.theme == "family")
    assert any("miss my little brother" in e.words for e in family.evidence)


def test_a_text_about_nothing_gets_nothing(shanarri, promise):
    for text in ("idk", "my favourite colour is blue", "", "   ", "🦄"):
        assert shanarri.suggest(text) == []
        assert promise.suggest(text) == []


def test_several_themes_best_first_scores_in_range(promise):
    found = promise.suggest("I love my foster carers but I miss my mum and my sw never calls back")
    # Three themes have evidence; the two strongest are suggested (MOST_THEMES).
    assert themes(found) == {"care", "people"}
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(0.0 < s.score <= 1.0 for s in found)


def test_evidence_offsets_point_at_the_original_words(promise):
    text = "Honestly?? My  SW   never rings me back 😢 and I MISS my brother"
    for suggestion in promise.suggest(text):
        for evidence in suggestion.evidence:
            assert text[evidence.start : evidence.end] == evidence.words
    people = next(s for s in promise.suggest(text) if s.theme == "people")
    assert any(e.words.startswith("My  SW") or e.words == "SW" for e in people.evidence)


def test_english_words_are_not_corrected_to_keywords(shanarri):
    # "career" is close to "carers" but is a real word in its own right.
    assert "nurtured" not in themes(shanarri.suggest("career"))


def test_a_higher_threshold_suggests_less(shanarri):
    framework = load_frameworks().frameworks["shanarri"]
    strict = ThemeMatcher(framework, threshold=0.99)
    text = "school is ok"
    assert shanarri.suggest(text) and not strict.suggest(text)


def test_a_long_answer_does_not_collect_themes_by_its_length(shanarri):
    from voices.coding.matcher import MOST_THEMES

    text = (
        "i like my school and my teacher, i go swimming on fridays, my carer cooks tea, "
        "i see the doctor about my asthma and i feel safe at home and i help with the dishes"
    )
    assert len(shanarri.all_scores(text)) > MOST_THEMES
    assert len(shanarri.suggest(text)) <= MOST_THEMES


def test_a_lone_keyword_beside_a_strongly_evidenced_theme_is_dropped(shanarri):
    from voices.coding.matcher import RELATIVE

    found = shanarri.suggest("i go swimming and football and dancing, i went with my mum once")
    assert found and all(s.score >= RELATIVE * found[0].score for s in found)
