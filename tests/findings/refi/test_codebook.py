"""Frameworks as REFI-QDA codebooks: valid against the standard's schema, and back again."""

from __future__ import annotations

import pytest

from tests.findings.refi.schemas import codebook_valid
from voices.coding.codebook import load_framework
from voices.findings.refi.codebook import CODEBOOK_NS, codebook_bytes
from voices.findings.refi.ids import code_guid
from voices.findings.refi.qdc_import import import_codebook
from voices.review.coding import frameworks

NS = {"q": CODEBOOK_NS}


@pytest.mark.parametrize("framework_id", sorted(frameworks()))
def test_every_shipped_framework_exports_a_valid_codebook(framework_id):
    framework = frameworks()[framework_id]
    root = codebook_valid(codebook_bytes([framework]))
    (folder,) = root.findall("q:Codes/q:Code", NS)
    assert folder.get("name") == framework.title
    assert folder.get("isCodable") == "false"
    codes = folder.findall("q:Code", NS)
    assert [c.get("name") for c in codes] == [t.label for t in framework.themes]
    assert [c.findtext("q:Description", namespaces=NS) for c in codes] == [
        t.description for t in framework.themes
    ]
    assert [c.get("guid") for c in codes] == [
        code_guid(framework.id, t.id) for t in framework.themes
    ]
    assert all(c.get("isCodable") == "true" for c in codes)


def test_the_schema_check_can_fail():
    """The validator in these tests rejects a codebook the standard does not allow."""
    broken = codebook_bytes([frameworks()["shanarri"]]).replace(b'isCodable="true"', b"", 1)
    with pytest.raises(AssertionError, match="isCodable"):
        codebook_valid(broken)


def test_code_guids_are_stable_and_distinct():
    assert code_guid("shanarri", "safe") == code_guid("shanarri", "safe")
    guids = {code_guid(f, t) for f in frameworks() for t in [""] + list(frameworks()[f].theme_ids)}
    assert len(guids) == sum(1 + len(f.themes) for f in frameworks().values())


@pytest.mark.parametrize("framework_id", sorted(frameworks()))
def test_round_trip_keeps_every_theme(framework_id, tmp_path):
    """Export, import, and the framework loader reads the same themes (ids kept by GUID)."""
    framework = frameworks()[framework_id]
    imported = import_codebook(
        codebook_bytes([framework]), file_name=f"{framework_id}.qdc", known=frameworks().values()
    )
    path = tmp_path / f"{framework_id}.yaml"
    path.write_text(imported.yaml_text, encoding="utf-8")
    loaded = load_framework(path)
    assert loaded.id == framework.id
    assert loaded.title == framework.title
    assert loaded.source == framework.source
    assert [(t.id, t.label, t.description) for t in loaded.themes] == [
        (t.id, t.label, t.description) for t in framework.themes
    ]


def test_round_trip_from_another_server_makes_ids_from_labels():
    """Without Voices' own GUIDs to go by, ids are the labels slugified, all distinct."""
    framework = frameworks()["core-commitments-sl"]
    imported = import_codebook(codebook_bytes([framework]), file_name="cc.qdc")
    themes = imported.framework.themes
    assert [t.label for t in themes] == [t.label for t in framework.themes]
    assert themes[0].id == "listening-and-responding"
    assert "your-childs-plan-reviewed-on-time" in [t.id for t in themes]
    assert len({t.id for t in themes}) == len(themes)
