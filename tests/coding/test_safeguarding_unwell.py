"""A firm check context (`soft: false`): low mood or illness told ("mum can't get out of
bed") makes a strong match a check that stands alone, unlike a soft one (soft.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.coding import similar
from voices.coding.safeguarding import default_lexicon, load_lexicon, screen
from voices.yamlsource import SourceError

# A learned layer that backs nothing (0.0001, under soft.CORROBORATE): a soft check then goes
# quiet, a firm one stands. Over dissent.DISSENT, so it does not rule the strong match out.
_DOUBTER = similar.Model(bias=-9.0, weights={})


@pytest.mark.parametrize(
    "text",
    [
        "i basically look after my mum now, she cant get out of bed most days so i miss college",
        "im doing all the cooking and getting my sister to school cos mum cant get out of bed",
        "some days I can't get out of bed but my carer is kind about it",
    ],
)
def test_not_getting_out_of_bed_is_a_check_not_an_alert(text: str) -> None:
    signal = screen(text)
    assert signal.flag and not signal.alert, signal


def test_the_check_stands_without_the_learned_layer() -> None:
    lexicon = default_lexicon()
    young_carer = screen("mum cant get out of bed so i do everything", lexicon, model=_DOUBTER)
    assert young_carer.flag and not young_carer.alert, young_carer
    # A soft check (the child's own temper) is dropped by the same layer.
    assert not screen("i get angry and i break things", lexicon, model=_DOUBTER).flag


@pytest.mark.parametrize(
    "text",
    ["im locked in my room and cant get out", "he wont let me leave the house, i cant get out"],
)
def test_being_trapped_still_alerts(text: str) -> None:
    assert screen(text).alert, screen(text)


_TRAPPED = "categories:\n  - id: trapped\n    label: Trapped\n    patterns: [cant get out]\n"


@pytest.mark.parametrize("soft", ["true", "false"])
def test_a_context_entry_says_whether_it_is_soft(tmp_path: Path, soft: str) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        f"check_contexts:\n  - pattern: cant get out of bed\n    soft: {soft}\n{_TRAPPED}",
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    assert screen("i cant get out", lexicon).alert
    signal = screen("i cant get out of bed", lexicon)
    assert signal.flag and not signal.alert
    # A soft context's check needs the learned layer's backing; a firm one's stands.
    backed = screen("i cant get out of bed", lexicon, model=_DOUBTER)
    assert backed.flag == (soft == "false") and not backed.alert


@pytest.mark.parametrize(
    ("entry", "field", "line"),
    [
        ("  - pattern: cant get out of bed\n    soft: maybe\n", "check_contexts[0].soft", 3),
        ("  - pattern: cant get out of bed\n    firm: true\n", "check_contexts[0].firm", 3),
        ("  - soft: false\n", "check_contexts[0].pattern", 2),
        ("  - pattern: '(bed'\n", "check_contexts[0].pattern", 2),
        ("  - '(bed'\n", "check_contexts[0]", 2),
        ("  cant get out of bed\n", "check_contexts", 2),
    ],
)
def test_a_bad_context_entry_names_its_field(
    tmp_path: Path, entry: str, field: str, line: int
) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_text(f"check_contexts:\n{entry}{_TRAPPED}", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_lexicon(path)
    assert (caught.value.field, caught.value.line) == (field, line), caught.value
