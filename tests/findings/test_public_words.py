"""The results page's words: a child's name for every shipped theme, translated; which age
versions get the simpler sentences."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from voices import paths
from voices.coding.codebook import load_frameworks
from voices.findings.public_words import THEME_NAMES, is_young, status_words
from voices.models.findings import ACTION_STATUSES


def test_every_shipped_theme_has_a_childs_name():
    found = load_frameworks(paths.FRAMEWORKS).frameworks
    shipped = {f"{fid}:{t.id}" for fid, f in found.items() for t in f.themes}
    assert shipped == set(THEME_NAMES)


@pytest.mark.parametrize("locale", ["cy", "pl", "ar"])
def test_theme_names_and_statuses_are_translated(locale):
    with open(paths.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    words = set(THEME_NAMES.values())
    words |= {status_words(s, simple) for s in ACTION_STATUSES for simple in (True, False)}
    untranslated = sorted(w for w in words if catalog.get(w).string in ("", w))
    assert untranslated == []


@pytest.mark.parametrize(
    ("version", "young"),
    [("5-7", True), ("8-11", True), ("12-17", False), ("all", False), ("", False), (None, False)],
)
def test_simpler_words_for_children_up_to_eleven(version, young):
    assert is_young(version) is young
