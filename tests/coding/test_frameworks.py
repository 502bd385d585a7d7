"""The shipped frameworks, a council's own framework file, and errors in bad ones."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from voices import paths
from voices.cli import main
from voices.coding.codebook import check_crosswalks, load_framework, load_frameworks
from voices.coding.pipeline import coder_for
from voices.yamlsource import SourceError

SHIPPED = {
    "shanarri": [
        "safe",
        "healthy",
        "achieving",
        "nurtured",
        "active",
        "respected",
        "responsible",
        "included",
    ],
    "promise": ["voice", "family", "care", "people", "scaffolding"],
    "core-commitments-sl": [
        "listen-respond",
        "childs-plan",
        "transitions",
        "health-wellbeing",
        "learning",
        "adulthood",
    ],
    "priorities-rotherham": [
        "stability",
        "health-wellbeing",
        "education",
        "care-leavers",
        "listening",
    ],
}


def test_shipped_frameworks_have_their_stable_ids():
    found = load_frameworks().frameworks
    for framework_id, theme_ids in SHIPPED.items():
        assert list(found[framework_id].theme_ids) == theme_ids
    assert 8 <= len(found["pledge-sample"].themes) <= 12
    assert {"listen", "stay-in-touch"} <= set(found["pledge-sample"].theme_ids)


def test_every_theme_has_words_examples_and_valid_crosswalks():
    found = load_frameworks()
    assert check_crosswalks(found) == []
    for framework in found.frameworks.values():
        for theme in framework.themes:
            assert theme.keywords and theme.phrases and theme.examples and theme.crosswalk


def test_each_theme_is_found_in_its_own_examples():
    for framework_id in ("shanarri", "promise"):
        coder = coder_for(framework_id)
        for theme in coder.framework.themes:
            hits = sum(theme.id in coder.code(example).themes for example in theme.examples)
            assert hits >= len(theme.examples) - 1, (framework_id, theme.id)


def test_frameworks_check_command_passes(capsys):
    assert main(["frameworks", "check"]) == 0
    assert "shanarri" in capsys.readouterr().out


COUNCIL = """\
id: our-pledge
title: Our promises
source: A council
themes:
  - id: pets
    label: Pets
    description: Keeping your pets with you.
    keywords: [dog, cat, hamster, pets]
    phrases: [my dog]
    examples: [I had to leave my dog behind]
    crosswalk: [shanarri:nurtured]
"""


def test_a_council_can_add_its_own_framework(tmp_path):
    folder = tmp_path / "frameworks"
    shutil.copytree(paths.FRAMEWORKS, folder)
    (folder / "our-pledge.yaml").write_text(COUNCIL)
    assert check_crosswalks(load_frameworks(folder)) == []
    coder = coder_for("our-pledge", folder)
    coding = coder.code("They wouldn't let me bring my dog")
    assert coding.themes == ("pets",)
    assert coding.evidence["pets"][0].words == "my dog"


def write(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "bad.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_bad_field_is_reported_with_file_line_and_field(tmp_path):
    path = write(
        tmp_path / "f", COUNCIL.replace("keywords: [dog, cat, hamster, pets]", "keywords: dog")
    )
    with pytest.raises(SourceError) as caught:
        load_framework(path)
    assert caught.value.line == 8
    assert caught.value.field == "themes[0].keywords"
    assert caught.value.file.endswith("bad.yaml")


def test_unknown_crosswalk_names_file_line_and_field(tmp_path, capsys):
    folder = tmp_path / "f"
    write(folder, COUNCIL.replace("shanarri:nurtured", "shanarri:nurturd"))
    assert main(["frameworks", "check", str(folder)]) == 1
    error = capsys.readouterr().err
    assert "bad.yaml:11: themes[0].crosswalk[0]: unknown theme 'shanarri:nurturd'" in error


def test_missing_label_names_the_theme(tmp_path, capsys):
    folder = tmp_path / "f"
    write(folder, COUNCIL.replace("    label: Pets\n", ""))
    assert main(["frameworks", "check", str(folder)]) == 1
    assert "bad.yaml:5: themes[0]: 'label' is required text" in capsys.readouterr().err


def test_a_theme_linked_to_safeguarding_is_suggested_by_an_alert_with_its_words(tmp_path):
    folder = tmp_path / "f"
    write(folder, COUNCIL + "    safeguarding: [exploitation]\n")
    coder = coder_for("our-pledge", folder)
    coding = coder.code("an older man at the park gave me a vape")
    assert coding.safeguarding.alert
    assert coding.themes == ("pets",)  # no pet words: the alert alone suggests the theme
    assert [(e.start, e.end, e.words) for e in coding.evidence["pets"]] == [
        (r.start, r.end, r.words) for r in coding.safeguarding.reasons if r.tier == "alert"
    ]
    # A check (a weak or past signal) is for a worker to read; it suggests no theme.
    # ("i got a vape" alone no longer flags: one weak word the learned layer does not back.)
    checked = coder.code("a man at the park used to give me vapes")
    assert checked.safeguarding.flag and not checked.safeguarding.alert
    assert checked.themes == ()
    # An alert in a category the theme is not linked to suggests nothing.
    assert coder.code("i want to die").themes == ()


def test_shanarri_safe_follows_a_flag_that_uses_none_of_its_words():
    coder = coder_for("shanarri")
    coding = coder.code("he said its our secret and i cant tell my carer")
    assert coding.safeguarding.flag
    assert "safe" in coding.themes
    flagged = {(r.start, r.end, r.words) for r in coding.safeguarding.reasons}
    assert {(e.start, e.end, e.words) for e in coding.evidence["safe"]} & flagged


def test_an_unknown_safeguarding_category_names_file_line_and_field(tmp_path, capsys):
    folder = tmp_path / "f"
    write(folder, COUNCIL + "    safeguarding: [exploitation, grooming-online]\n")
    assert main(["frameworks", "check", str(folder)]) == 1
    error = capsys.readouterr().err
    assert (
        "bad.yaml:12: themes[0].safeguarding[1]: unknown safeguarding category 'grooming-online'"
        in error
    )
