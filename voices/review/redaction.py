"""Suggest a redacted copy of a child's words for "OK to quote". A suggestion only: the
reviewer reads, edits and confirms it, and the page says so.

Pure. Two kinds of rule:
- patterns, for every language: email addresses, phone numbers, UK postcodes, school names
  ("X School/Academy/College") and street names ("X Road/Street/Avenue/...");
- capitalised words, for languages with capitals: a word that starts with a capital, is not
  at the start of a sentence and is not on a short allow-list (I, days, months, Mum, Dad, ...)
  is taken for a name. Scripts without capitals (Arabic) get the pattern rules only; words
  written all in capitals (shouting, CAMHS) are left for the reviewer.
In named mode the young person's own first name is replaced wherever it appears.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

NAME = "[name]"
PLACE = "[place]"
EMAIL = "[email]"
PHONE = "[phone]"

# Longest a quote may be once redacted; longer is refused, not cut.
MAX_QUOTE_CHARS = 1500

_CAPS_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-()]{7,}\d(?!\w)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_CAP = r"[^\W\d_a-z][\w'’-]*"  # a word starting with a capital (or a letter with no case)
_SCHOOL = re.compile(
    rf"\b(?:{_CAP}\s+){{1,4}}(?:School|Academy|College|Primary|High)\b"
    r"(?:\s+(?:School|Academy|College))?"
)
# Welsh schools put the word first: "Ysgol Glan Taf".
_YSGOL = re.compile(rf"\bYsgol(?:\s+{_CAP}){{1,3}}")
_STREET = re.compile(
    rf"\b(?:\d+[A-Za-z]?\s+)?(?:{_CAP}\s+){{1,3}}"
    r"(?:Road|Rd|Street|Avenue|Ave|Lane|Drive|Close|Crescent|Way|Place|Terrace|Gardens"
    r"|Court|Grove|Square|Walk|Row|Mews)\b"
)

# Capitalised words that are not names. Compared without a possessive 's.
_ALLOWED_WORDS = """
    I I'm I've I'd I'll Im Ive
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Mum Mam Mummy Mom Dad Daddy Nan Nana Nanna Gran Granny Grandma Grandad Grandpa
    Auntie Aunty Uncle Sis Bro Miss Mr Mrs Ms Sir
    Christmas Easter Eid Ramadan Diwali Hanukkah Halloween
    England Scotland Wales Ireland Britain UK Cymru Polska
    Social Worker Carer Carers Foster Teacher Council Children Care Home Plan Promise Pledge
    OK Ok TV YouTube Xbox PlayStation Instagram TikTok Snapchat WhatsApp Google Netflix
    Llun Mawrth Mercher Iau Gwener Sadwrn Sul Dydd
    Ionawr Chwefror Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr
    Mam Tad Nain Taid
"""
ALLOWED = frozenset(_ALLOWED_WORDS.split())


# A capitalised word after one of these is more likely a place than a person.
PLACE_BEFORE = frozenset(["in", "from", "near", "yng", "ym", "w", "we", "z", "ze"])
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


@dataclass(frozen=True)
class Suggestion:
    text: str
    replaced: dict[str, int]  # placeholder -> how many times it was put in


def _pattern_spans(text: str, own_name: str | None) -> list[tuple[int, int, str]]:
    rules: list[tuple[re.Pattern[str], str]] = [
        (_EMAIL, EMAIL),
        (_POSTCODE, PLACE),
        (_SCHOOL, PLACE),
        (_YSGOL, PLACE),
        (_STREET, PLACE),
    ]
    if own_name and own_name.strip():
        pattern = re.compile(rf"(?<!\w){re.escape(own_name.strip())}(?!\w)", re.IGNORECASE)
        rules.insert(1, (pattern, NAME))  # after emails: tom@... is an email, not a name
    spans: list[tuple[int, int, str]] = []
    for pattern, label in rules:
        for match in pattern.finditer(text):
            _add(spans, match.start(), match.end(), label)
    for match in _PHONE.finditer(text):
        if sum(c.isdigit() for c in match.group()) >= 10:
            _add(spans, match.start(), match.end(), PHONE)
    return spans


def _add(spans: list[tuple[int, int, str]], start: int, end: int, label: str) -> None:
    """Keep the first rule's span where two overlap."""
    if all(end <= s or start >= e for s, e, _ in spans):
        spans.append((start, end, label))


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'“‘(«-–—")
    return not before or before[-1] in ".!?\n…"


def _name_words(text: str, allowed: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of capitalised words that look like names or places."""
    found = []
    for match in _CAPS_WORD.finditer(text):
        word, start = match.group(), match.start()
        core = _POSSESSIVE.sub("", word)
        if not core[0].isupper() or core.isupper() or core in allowed:
            continue  # no capital (Arabic, lower case), shouting or an abbreviation, allowed
        if not _sentence_start(text, start):
            found.append((start, start + len(core)))
    return found


def _name_spans(text: str, taken: list[tuple[int, int, str]], allowed: frozenset[str]):
    """One span per run of such words ("New York", "Sarah Jones"), a place after "in"."""
    runs: list[list[int]] = []
    for start, end in _name_words(text, allowed):
        if runs and text[runs[-1][1] : start] == " ":
            runs[-1][1] = end
        else:
            runs.append([start, end])
    for start, end in runs:
        before = _WORD_BEFORE.search(text, 0, start)
        place = before is not None and before.group(1).lower() in PLACE_BEFORE
        _add(taken, start, end, PLACE if place else NAME)


def suggest(text: str, own_name: str | None = None, allow: Iterable[str] = ()) -> Suggestion:
    """A suggested redacted copy of text. own_name: the respondent's first name (named mode);
    allow: more capitalised words that are not names (e.g. a framework's theme words)."""
    spans = _pattern_spans(text, own_name)
    _name_spans(text, spans, ALLOWED | frozenset(allow))
    spans.sort()
    out, last, counts = [], 0, {}
    for start, end, label in spans:
        gap = text[last:start]
        # "Tom Smith" is one name: [name], not [name] [name].
        if out and out[-1] == label and label in (NAME, PLACE) and gap.strip() == "":
            last = end
            continue
        out.extend([gap, label])
        counts[label] = counts.get(label, 0) + 1
        last = end
    out.append(text[last:])
    return Suggestion("".join(out), counts)


def check(redacted: str) -> str | None:
    """Why a reviewer's redacted copy cannot be approved (a message key), or None if it can."""
    if not redacted.strip():
        return "empty"
    if len(redacted) > MAX_QUOTE_CHARS:
        return "too-long"
    return None
