"""The safeguarding lexicon: surveys/safeguarding/lexicon.yaml read, checked and indexed.

Sections: negation (window, negators, blockers, past), resolved (past and over phrases),
safe_contexts (idioms and jokes that must not flag), check_contexts (words that make a
strong match a check; each soft or not), near (word groups, and how close two
must be) and categories (each with strong `patterns`, weaker `high` ones and `near`
rules; both read in near_rules.py). Errors name the file, line and field. The screen
itself is in safeguarding.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from voices import paths, yamlsource
from voices.coding.lexicon_checks import ID_PATTERN, flagged_texts, known_keys, mapping, texts
from voices.coding.near_rules import (
    NearEntry,
    NearRule,
    WordGroup,
    near_rules,
    near_section,
    near_starts,
)
from voices.coding.patterns import Pattern, make_pattern
from voices.coding.text import plain
from voices.yamlsource import Source

DEFAULT_PATH = paths.SURVEYS / "safeguarding" / "lexicon.yaml"


class PatternIndex:
    """Patterns by the words of their index part, so an answer wakes only a few."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = tuple(patterns)
        self._by_key: dict[str, list[int]] = {}
        for number, pattern in enumerate(self.patterns):
            for key in pattern.index_keys:
                self._by_key.setdefault(key, []).append(number)

    def candidates(self, keys: frozenset[str]) -> list[Pattern]:
        """The patterns, in order, that have a word here for every required part."""
        numbers = {n for key in keys for n in self._by_key.get(key, ())}
        return [self.patterns[n] for n in sorted(numbers) if self.patterns[n].possible(keys)]


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    negatable: bool
    alerts: bool = True  # False: even its strong patterns only raise "check"
    past_alerts: bool = False  # True: harm told as past and over still alerts
    everyday: bool = False  # True: told of a carer or family member, a strong match checks
    # A game or lesson in the sentence makes a strong match a check: True even when someone
    # is named (outsiders aside), None (unset) only when no one is, False never.
    play: bool | None = None
    # False: an alert stands however unlike flagged answers the learned layer finds it
    # (tier.doubted): harm to the child's own life or body, and sexual harm.
    doubt: bool = True


@dataclass(frozen=True)
class Negation:
    window: int  # how many words before a trigger a negator may sit
    negators: frozenset[str]
    blockers: frozenset[str]  # between negator and trigger, these keep the trigger
    past: frozenset[str]  # after a negated trigger, these say it used to happen


@dataclass(frozen=True)
class Lexicon:
    categories: dict[str, Category]
    standard: PatternIndex  # the strong triggers
    high: PatternIndex  # the weaker ones, run at sensitivity high only
    safe: PatternIndex  # idioms and jokes: a trigger inside one is dropped
    # check_contexts: a strong trigger overlapping one is only a check. A soft one's check
    # needs the learned layer's backing (soft.py); a firm one's (`soft: false`) stands alone.
    soft_contexts: PatternIndex
    firm_contexts: PatternIndex
    negation: Negation
    was: PatternIndex  # "used to", "when I lived with..."
    over: PatternIndex  # "that's over now", "I'm safe now"
    then: PatternIndex  # "last month", "at 18": a past only when the answer says it is over
    ongoing: PatternIndex  # "still", "again": a past that goes on (see past_told)
    unsettled: PatternIndex  # "never told anyone", "still see him": over, yet still open
    # Who looks after a child ("my nan", "my carer") and, overriding them, words of an
    # outsider ("older", "a man"): see Category.everyday.
    everyday_people: PatternIndex
    everyday_unless: PatternIndex
    play: PatternIndex  # games and sport: "shoot me next round" (see Category.play)
    near: tuple[NearRule, ...]  # run at sensitivity "high" only
    # Near-rule entries by the key of their first word ("dad", "hit*").
    near_starts: dict[str, list[NearEntry]]
    # The tier of a strong pattern that matched one word alone. "check" in English, where
    # one word ("homeless", "drugs") is a topic; "alert" where one word can be a whole
    # telling (Arabic "يضربني", he hits me).
    one_word: str = "alert"
    # The tier of a strong pattern told as past (a `resolved.past` phrase in its sentence)
    # but not said to be over. "check" in English: on real children's words most such
    # alerts were stories of getting through (docs/coding.md, "across sets"); "alert"
    # where the lexicon's past phrases were written for "past and over" only.
    past_told: str = "alert"

    @property
    def triggers(self) -> list[Pattern]:
        return [*self.standard.patterns, *self.high.patterns]


# ---- loading and checking lexicon.yaml -----------------------------------------------

_SECTIONS = (
    "negation",
    "resolved",
    "safe_contexts",
    "check_contexts",
    "near",
    "categories",
    "one_word",
    "past_told",
    "everyday",
    "play",
)
_NEGATION_KEYS = ("window", "negators", "blockers", "past")
_CATEGORY_KEYS = (
    "id",
    "label",
    "description",
    "negatable",
    "alerts",
    "past_alerts",
    "everyday",
    "play",
    "doubt",
    "patterns",
    "checks",
    "high",
    "near",
)


def load_lexicon(path: Path = DEFAULT_PATH) -> Lexicon:
    """Read and check a safeguarding lexicon; errors name file, line and field."""
    return parse_lexicon(yamlsource.load(path))


@functools.cache
def default_lexicon() -> Lexicon:
    return load_lexicon()


def parse_lexicon(source: Source) -> Lexicon:
    data = source.data
    if not isinstance(data, dict):
        raise source.error(
            (), "a safeguarding lexicon must be a mapping with " + ", ".join(_SECTIONS)
        )
    known_keys(source, data, (), _SECTIONS, "section")
    negation = _negation(source, data)
    within, groups = near_section(source, data)
    categories, standard, high, near = _categories(source, data, groups, within)
    resolved = mapping(source, data, "resolved", "must be a mapping with past and over")
    keys = ("past", "over", "ongoing", "then", "unsettled")
    known_keys(source, resolved, ("resolved",), keys, "list")
    was, over, ongoing, then, unsettled = [
        _patterns(source, resolved, ("resolved", k), k) for k in keys
    ]
    one_word, past_told = (_tier_setting(source, data, key) for key in ("one_word", "past_told"))
    everyday = mapping(source, data, "everyday", "must be a mapping with people and unless")
    known_keys(source, everyday, ("everyday",), ("people", "unless"), "list")
    people, unless = (_patterns(source, everyday, ("everyday", k), k) for k in ("people", "unless"))
    soft_contexts, firm_contexts = _check_contexts(source, data)
    return Lexicon(
        categories=categories,
        standard=PatternIndex(standard),
        high=PatternIndex(high),
        safe=PatternIndex(_patterns(source, data, ("safe_contexts",), "")),
        soft_contexts=PatternIndex(soft_contexts),
        firm_contexts=PatternIndex(firm_contexts),
        negation=negation,
        was=PatternIndex(was),
        over=PatternIndex(over),
        then=PatternIndex(then),
        ongoing=PatternIndex(ongoing),
        unsettled=PatternIndex(unsettled),
        everyday_people=PatternIndex(people),
        everyday_unless=PatternIndex(unless),
        play=PatternIndex(_patterns(source, data, ("play",), "")),
        near=tuple(near),
        near_starts=near_starts(near),
        one_word=one_word,
        past_told=past_told,
    )


def _tier_setting(source: Source, data: dict, key: str) -> str:
    value = data.get(key, "alert")
    if value not in ("alert", "check"):
        raise source.error((key,), "must be alert or check")
    return value


def _check_contexts(source: Source, data: dict) -> tuple[list[Pattern], list[Pattern]]:
    """The soft check contexts (bare text or `soft: true`), then the firm ones."""
    found: dict[bool, list[Pattern]] = {True: [], False: []}
    for written, is_soft, path in flagged_texts(source, data, ("check_contexts",), "soft", True):
        found[is_soft].append(_pattern(source, written, path, ""))
    return found[True], found[False]


def _negation(source: Source, data: dict) -> Negation:
    negation = mapping(source, data, "negation", "must be a mapping")
    known_keys(source, negation, ("negation",), _NEGATION_KEYS, "setting")
    window = negation.get("window", 3)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise source.error(("negation", "window"), "must be a whole number of words, 1 or more")
    negators, blockers, past = (
        frozenset(plain(w) for w in texts(source, negation, ("negation", key)))
        for key in ("negators", "blockers", "past")
    )
    return Negation(window, negators, blockers, past)


def _categories(
    source: Source, data: dict, groups: dict[str, WordGroup], within: int
) -> tuple[dict[str, Category], list[Pattern], list[Pattern], list[NearRule]]:
    items = data.get("categories")
    if not isinstance(items, list) or not items:
        raise source.error(("categories",), "must be a non-empty list of categories")
    categories: dict[str, Category] = {}
    standard: list[Pattern] = []
    high: list[Pattern] = []
    near: list[NearRule] = []
    for i, item in enumerate(items):
        path: yamlsource.PathKey = ("categories", i)
        category = _category(source, item, path, categories)
        categories[category.id] = category
        strong = _patterns(source, item, (*path, "patterns"), category.id)
        # Strong enough to run at "standard", yet only ever a "check" (the labelling
        # guide's check list: young caring, hardship with a roof, a worry alone).
        strong += _patterns(source, item, (*path, "checks"), category.id, alerts=False)
        weaker = _patterns(source, item, (*path, "high"), category.id, level="high")
        if not strong and not weaker:
            raise source.error((*path, "patterns"), "needs at least one pattern")
        standard += strong
        high += weaker
        near += near_rules(source, item, (*path, "near"), category.id, groups, within)
    return categories, standard, high, near


def _category(
    source: Source, item: object, path: yamlsource.PathKey, seen: dict[str, Category]
) -> Category:
    if not isinstance(item, dict):
        raise source.error(path, "each category must be a mapping with id, label, patterns")
    known_keys(source, item, path, _CATEGORY_KEYS, "field")
    category_id, label = item.get("id"), item.get("label")
    if not isinstance(category_id, str) or not ID_PATTERN.match(category_id):
        raise source.error((*path, "id"), "required: lower-case letters, digits and hyphens")
    if category_id in seen:
        raise source.error((*path, "id"), f"duplicate category id '{category_id}'")
    if not isinstance(label, str) or not label.strip():
        raise source.error((*path, "label"), "required text")
    negatable = item.get("negatable", True)
    if not isinstance(negatable, bool):
        raise source.error((*path, "negatable"), "must be true or false")
    flags = {
        key: item.get(key, key in ("alerts", "doubt"))
        for key in ("alerts", "past_alerts", "everyday", "play", "doubt")
    }
    flags["play"] = item.get("play")  # unset: a game or lesson counts when no one is named
    for key, value in flags.items():
        if not isinstance(value, bool) and not (key == "play" and value is None):
            raise source.error((*path, key), "must be true or false")
    return Category(category_id, label, negatable, **flags)


def _patterns(
    source: Source,
    data: dict,
    path: yamlsource.PathKey,
    category: str,
    level: str = "standard",
    alerts: bool = True,
) -> list[Pattern]:
    return [
        _pattern(source, written, (*path, j), category, level, alerts)
        for j, written in enumerate(texts(source, data, path))
    ]


def _pattern(
    source: Source,
    written: str,
    path: yamlsource.PathKey,
    category: str,
    level: str = "standard",
    alerts: bool = True,
) -> Pattern:
    try:
        return make_pattern(category, written, level, alerts)
    except (ValueError, re.error) as exc:
        raise source.error(path, f"bad pattern {written!r}: {exc}") from exc
