"""Near rules: two word groups close together in one sentence (lexicon `near`).

A looser second layer of the safeguarding screen (safeguarding.py) for wordings no
pattern foresaw ("mums new fella gets angry and i have bruises"): each rule's two groups
found within `within` words of each other, with no sentence break between.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from voices.coding.lexicon import Lexicon
from voices.coding.near_rules import NearRule, NearWords
from voices.coding.patterns import word_keys
from voices.coding.text import Word

_SENTENCE_END = re.compile(r"[.!?\n]")
_JOIN_BREAK = re.compile(r"[.,;:!?\n]")  # none may part the words of a near-rule entry


class _Run(NamedTuple):
    """Where a group's entry was found: its first and last word (indexes into words)."""

    first: int
    last: int


class NearMatch(NamedTuple):
    rule: NearRule
    span: tuple[int, int]  # from the first word of one half to the last of the other
    signal: tuple[int, int]  # the second group's words, which carry the signal
    other: tuple[int, int]  # the first group's words


def near_matches(text: str, lexicon: Lexicon, words: list[Word]) -> list[NearMatch]:
    """Each rule's two groups found close together in one sentence."""
    found = _group_runs(text, lexicon, words)
    matches = []
    for rule in lexicon.near:
        for a in found.get(rule.first.name, ()):
            for b in found.get(rule.second.name, ()):
                if a.first <= b.last and b.first <= a.last:
                    continue  # one word cannot be both halves
                left, right = (a, b) if a.first < b.first else (b, a)
                if right.first - left.last - 1 > rule.within:
                    continue
                if _SENTENCE_END.search(text, words[left.last].end, words[right.first].start):
                    continue
                span = (words[left.first].start, words[right.last].end)
                signal = (words[b.first].start, words[b.last].end)
                other = (words[a.first].start, words[a.last].end)
                matches.append(NearMatch(rule, span, signal, other))
    return matches


def _group_runs(text: str, lexicon: Lexicon, words: list[Word]) -> dict[str, list[_Run]]:
    """Per word group, every place one of its entries is written."""
    found: dict[str, list[_Run]] = {}
    for i, word in enumerate(words):
        for key in word_keys([word.plain]):
            for entry in lexicon.near_starts.get(key, ()):
                if _entry_at(text, words, i, entry.words):
                    found.setdefault(entry.group, []).append(_Run(i, i + len(entry.words) - 1))
    return found


def _entry_at(text: str, words: list[Word], i: int, entry: NearWords) -> bool:
    """Whether entry's words are words[i:...], with no clause break between them."""
    if len(entry) > len(words) - i:
        return False
    for k, anchor in enumerate(entry):
        word = words[i + k].plain
        if not (word.startswith(anchor.word) if anchor.prefix else word == anchor.word):
            return False
        if k and _JOIN_BREAK.search(text, words[i + k - 1].end, words[i + k].start):
            return False
    return True
