"""The near section read on its own (voices/coding/near_rules.py), without the screen."""

from __future__ import annotations

import pytest

from voices.coding.near_rules import near_rules, near_section, near_starts, near_words
from voices.coding.patterns import Anchor
from voices.yamlsource import SourceError, parse

SECTION = """\
near:
  within: 4
  words:
    adult: [step-dad, mum]
    harm: [hit*]
near: [adult + harm, harm + adult within 2]
"""


def test_near_words_split_at_spaces_and_hyphens_and_keep_a_final_star() -> None:
    assert near_words("step-dad") == (Anchor("step", False), Anchor("dad", False))
    assert near_words(" hit* ") == (Anchor("hit", True),)


@pytest.mark.parametrize("written", ["hi*", "(mum", "a.b"])
def test_near_words_refuse_short_stems_and_non_words(written: str) -> None:
    with pytest.raises(ValueError):
        near_words(written)


def test_a_section_gives_groups_rules_and_their_first_words() -> None:
    source = parse(SECTION.replace("near: [", "rules: ["), "lexicon.yaml")
    within, groups = near_section(source, source.data)
    assert within == 4 and sorted(groups) == ["adult", "harm"]
    rules = near_rules(source, source.data, ("rules",), "abuse", groups, within)
    assert [(r.first.name, r.second.name, r.within) for r in rules] == [
        ("adult", "harm", 4),
        ("harm", "adult", 2),
    ]
    starts = near_starts(rules)
    assert sorted(starts) == ["hit*", "mum", "step"]
    assert starts["step"][0].group == "adult"


def test_a_negative_within_names_its_field() -> None:
    source = parse("near:\n  within: -1\n", "lexicon.yaml")
    with pytest.raises(SourceError) as caught:
        near_section(source, source.data)
    assert caught.value.field == "near.within"
