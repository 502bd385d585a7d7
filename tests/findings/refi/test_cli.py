"""`voices frameworks export` and `voices frameworks import`, run as an operator would."""

from __future__ import annotations

from tests.findings.refi.schemas import codebook_valid
from tests.findings.refi.test_import import BILLION_LAUGHS
from tests.test_cli import voices
from voices.coding.codebook import load_framework, load_frameworks
from voices.review.coding import frameworks


def test_export_then_import_gives_a_framework_the_checker_accepts(tmp_path):
    qdc = tmp_path / "shanarri.qdc"
    result = voices("frameworks", "export", "shanarri", "--out", str(qdc))
    assert result.returncode == 0, result.stderr
    codebook_valid(qdc.read_bytes())
    folder = tmp_path / "frameworks"
    folder.mkdir()
    out = folder / "wellbeing.yaml"
    result = voices("frameworks", "import", str(qdc), "--out", str(out), "--id", "wellbeing")
    assert result.returncode == 0, result.stderr
    count = len(frameworks()["shanarri"].themes)
    assert f"framework 'wellbeing' with {count} themes" in result.stdout
    imported = load_framework(out)
    assert [t.label for t in imported.themes] == [t.label for t in frameworks()["shanarri"].themes]
    assert list(load_frameworks(folder).frameworks) == ["wellbeing"]
    checked = voices("frameworks", "check", str(folder))
    assert checked.returncode == 0, checked.stderr
    # An existing file is kept unless --force says otherwise.
    again = voices("frameworks", "import", str(qdc), "--out", str(out))
    assert again.returncode == 1 and "add --force" in again.stderr
    forced = voices("frameworks", "import", str(qdc), "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert load_framework(out).id == "shanarri"  # Voices' own GUIDs keep the shipped ids


def test_import_prints_yaml_without_out_and_refuses_hostile_files(tmp_path):
    qdc = tmp_path / "promise.qdc"
    qdc.write_bytes(voices("frameworks", "export", "promise").stdout.encode())
    printed = voices("frameworks", "import", str(qdc))
    assert printed.returncode == 0 and "id: promise\n" in printed.stdout
    evil = tmp_path / "evil.qdc"
    evil.write_bytes(BILLION_LAUGHS)
    refused = voices("frameworks", "import", str(evil), "--out", str(tmp_path / "x.yaml"))
    assert refused.returncode == 1
    assert "evil.qdc: The file declares a DTD or entities" in refused.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_export_names_the_known_frameworks_when_the_id_is_wrong():
    result = voices("frameworks", "export", "nope")
    assert result.returncode == 1 and "No framework 'nope' (known: " in result.stderr
