"""An alert the learned layer finds all but unlike flagged answers is a check (tier.doubted).

The doubt only ever moves an alert to a check: the answer is still flagged. It needs an
answer long enough for the layer to have heard it (tier.DOUBT_WORDS), and a category that
allows it (lexicon `doubt`: not self-harm, suicidal thoughts or sexual harm). Texts written
for these tests, not copied from any labelled set.
"""

from __future__ import annotations

import pytest

from tests.coding.screen_fixtures import layer
from voices.coding import tier
from voices.coding.lexicon import Category
from voices.coding.safeguarding import default_lexicon, screen

GRATEFUL = "my foster dad taught me to ride a bike and cook a roast, i owe him loads"


def test_an_alert_the_layer_finds_unlike_flagged_answers_is_a_check() -> None:
    lexicon = default_lexicon()
    assert screen(GRATEFUL, lexicon, "high").alert  # the rules alone alert
    doubted = screen(GRATEFUL, lexicon, "high", layer(0.002))
    assert doubted.flag and not doubted.alert  # a check: never unflagged
    assert {r.tier for r in doubted.reasons} == {"check"}


def test_near_miss_a_layer_not_quite_sure_leaves_the_alert() -> None:
    assert screen(GRATEFUL, default_lexicon(), "high", layer(2 * tier.DOUBT)).alert


@pytest.mark.parametrize(
    "text",
    [
        # The child's own body and life, and sexual harm: `doubt: false` in the lexicon.
        "i have started cutting myself again and nobody at my foster home knows about it",
        "some nights i want to kill myself and i have not told anyone at all",
        "my uncle touched me when i stayed at his house and said it was our secret",
    ],
)
def test_an_alert_in_a_category_that_allows_no_doubt_stands(text: str) -> None:
    assert screen(text, default_lexicon(), "high", layer(0.001)).alert, text


def test_a_short_answer_keeps_its_alert() -> None:
    # Five words: the layer's low score is its starting point, not evidence.
    short = "i get beaten at home"
    assert screen(short, default_lexicon(), "high", layer(0.002)).alert
    # Near miss: the same telling in a longer answer the layer finds unlike is a check.
    longer = "i get beaten at home sometimes but we laugh about it after with the dog"
    signal = screen(longer, default_lexicon(), "high", layer(0.002))
    assert signal.flag and not signal.alert


def test_doubted_reads_the_category_the_probability_and_the_length() -> None:
    doubting = Category("neglect", "Neglect", negatable=True)
    firm = Category("suicidal", "Suicidal thoughts", negatable=False, doubt=False)
    assert tier.doubted(doubting, 0.001, tier.DOUBT_WORDS)
    assert not tier.doubted(doubting, tier.DOUBT, tier.DOUBT_WORDS)
    assert not tier.doubted(doubting, 0.001, tier.DOUBT_WORDS - 1)
    assert not tier.doubted(firm, 0.001, tier.DOUBT_WORDS)


def test_the_shipped_layer_doubts_gratitude_not_harm() -> None:
    grateful = screen(GRATEFUL)
    assert grateful.flag and not grateful.alert
    assert screen("my mums boyfriend hits me when he comes home drunk and i hide").alert
    assert screen("i get beaten at home").alert


def test_the_lexicon_marks_which_categories_allow_doubt() -> None:
    categories = default_lexicon().categories
    assert not any(categories[c].doubt for c in ("self-harm", "suicidal", "abuse-sexual"))
    assert categories["exploitation"].doubt and categories["abuse-physical"].doubt
