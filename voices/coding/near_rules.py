"""The lexicon's `near` section and each category's `near` rules, read and checked.

A near rule names two word groups ("home-person + harm within 4"); near.py finds them
close together in an answer. Errors name the file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from voices import yamlsource
from voices.coding.lexicon_checks import ID_PATTERN, known_keys, mapping, texts
from voices.coding.patterns import Anchor
from voices.coding.text import plain
from voices.yamlsource import Source

NearWords = tuple[Anchor, ...]  # a near-rule entry: its words in a row ("step dad")


class NearEntry(NamedTuple):
    group: str  # the word group's name
    words: NearWords


@dataclass(frozen=True)
class WordGroup:
    """Words that mean one thing ("a person at home", "a harm word"), for near rules."""

    name: str
    entries: tuple[NearWords, ...]


@dataclass(frozen=True)
class NearRule:
    """Two groups' words within `within` words of each other in one sentence: a weak signal.

    The second group carries the signal ("hit*", "scared"), so negation is judged there.
    """

    category: str
    first: WordGroup
    second: WordGroup
    within: int


def near_section(source: Source, data: dict) -> tuple[int, dict[str, WordGroup]]:
    section = mapping(source, data, "near", "must be a mapping with within and words")
    known_keys(source, section, ("near",), ("within", "words"), "setting")
    within = section.get("within", 6)
    if isinstance(within, bool) or not isinstance(within, int) or within < 0:
        raise source.error(("near", "within"), "must be a whole number of words, 0 or more")
    words = section.get("words", {})
    if not isinstance(words, dict):
        raise source.error(("near", "words"), "must map a group name to a list of words")
    groups: dict[str, WordGroup] = {}
    for name in words:
        path: yamlsource.PathKey = ("near", "words", name)
        if not isinstance(name, str) or not ID_PATTERN.match(name):
            raise source.error(path, "a group name is lower-case letters, digits and hyphens")
        items = texts(source, words, path)
        if not items:
            raise source.error(path, "needs at least one word")
        entries = []
        for j, item in enumerate(items):
            try:
                entries.append(near_words(item))
            except ValueError as exc:
                raise source.error((*path, j), f"bad word {item!r}: {exc}") from exc
        groups[name] = WordGroup(name, tuple(entries))
    return within, groups


def near_words(written: str) -> NearWords:
    """'step dad' -> (step, dad); 'hit*' -> (hit as a word start,)."""
    # The answer's words split at hyphens too, so "step-dad" is two words here.
    found = []
    for part in re.split(r"[\s-]+", written.strip()):
        if not re.fullmatch(r"[\w'\u2019]+\*?", part):
            raise ValueError(f"{part!r} is not a word (letters, digits, apostrophes, a final *)")
        prefix = part.endswith("*")
        if prefix and len(plain(part.rstrip("*"))) < 3:
            raise ValueError(f"{part!r}: a word ending in * needs at least 3 letters before it")
        found.append(Anchor(plain(part.rstrip("*")), prefix))
    return tuple(found)


_NEAR_RULE = re.compile(
    r"\s*(?P<first>[\w-]+)\s*\+\s*(?P<second>[\w-]+)(?:\s+within\s+(?P<within>\d+))?\s*"
)


def near_rules(
    source: Source,
    item: dict,
    path: yamlsource.PathKey,
    category: str,
    groups: dict[str, WordGroup],
    within: int,
) -> list[NearRule]:
    rules = []
    for j, written in enumerate(texts(source, item, path)):
        rule = _NEAR_RULE.fullmatch(written)
        if not rule:
            raise source.error(
                (*path, j), f"{written!r}: write two group names, 'a + b' or 'a + b within 3'"
            )
        for name in (rule["first"], rule["second"]):
            if name not in groups:
                known = ", ".join(sorted(groups)) or "none"
                raise source.error(
                    (*path, j), f"unknown word group {name!r} (near.words has: {known})"
                )
        close = int(rule["within"]) if rule["within"] else within
        rules.append(NearRule(category, groups[rule["first"]], groups[rule["second"]], close))
    return rules


def near_starts(rules: list[NearRule]) -> dict[str, list[NearEntry]]:
    groups = {g.name: g for rule in rules for g in (rule.first, rule.second)}
    starts: dict[str, list[NearEntry]] = {}
    for group in groups.values():
        for entry in group.entries:
            starts.setdefault(entry[0].key, []).append(NearEntry(group.name, entry))
    return starts
