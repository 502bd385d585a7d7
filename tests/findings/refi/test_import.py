"""A .qdc codebook from elsewhere becomes a framework file, or is refused with the reason."""

from __future__ import annotations

import uuid

import pytest

from voices.coding.codebook import load_framework
from voices.findings.refi import qdc_import
from voices.findings.refi.qdc_import import CodebookError, import_codebook

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">'


def code(name: str, *children: str, codable: bool = True, description: str = "") -> str:
    desc = f"<Description>{description}</Description>" if description else ""
    flag = "true" if codable else "false"
    inner = "".join(children)
    return f'<Code guid="{uuid.uuid4()}" name="{name}" isCodable="{flag}">{desc}{inner}</Code>'


def book(*codes: str) -> bytes:
    return (HEAD + "<Codes>" + "".join(codes) + "</Codes></CodeBook>").encode()


def test_nested_codes_are_flattened_and_folders_skipped(tmp_path):
    data = book(
        code(
            "Home life",
            code("Carers", description="People who look after you"),
            code("Rooms", code("Own room"), code("Sharing"), codable=False),
            codable=False,
            description="What home is like",
        )
    )
    imported = import_codebook(data, file_name="Home_life.qdc")
    framework = imported.framework
    assert (framework.id, framework.title, framework.source) == (
        "home-life",
        "Home life",
        "What home is like",
    )
    assert [(t.id, t.label) for t in framework.themes] == [
        ("carers", "Carers"),
        ("own-room", "Own room"),
        ("sharing", "Sharing"),
    ]
    # A code without a Description is described by its name (the loader needs text).
    assert framework.themes[1].description == "Own room"
    assert framework.themes[0].description == "People who look after you"
    path = tmp_path / "home-life.yaml"
    path.write_text(imported.yaml_text, encoding="utf-8")
    assert load_framework(path) == load_framework(path)  # loads without error
    assert imported.yaml_text.startswith("# Imported from Home_life.qdc")


def test_several_top_level_codes_take_the_title_from_the_file_name():
    data = book(code("Safe"), code("Safe"), code("Safe!"), code("Ünïcode café"))
    framework = import_codebook(data, file_name="my_codes.qdc").framework
    assert framework.id == "my-codes"
    assert framework.title == "my codes"
    assert [t.id for t in framework.themes] == ["safe", "safe-2", "safe-3", "unicode-cafe"]


def test_a_chosen_id_is_used_and_checked():
    data = book(code("Safe"))
    assert import_codebook(data, file_name="x.qdc", framework_id="my-id").framework.id == "my-id"
    with pytest.raises(CodebookError, match="cannot be a framework id"):
        import_codebook(data, file_name="x.qdc", framework_id="My Id")


def test_names_that_make_no_slug_still_get_ids():
    framework = import_codebook(book(code("???"), code("日本")), file_name="x.qdc").framework
    assert [t.id for t in framework.themes] == ["theme", "theme-2"]
    assert [t.label for t in framework.themes] == ["???", "日本"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="6f1c2a3e-0000-4000-8000-000000000001" name="&lol4;" isCodable="true"/>
</Codes></CodeBook>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="6f1c2a3e-0000-4000-8000-000000000001" name="x" isCodable="true">
<Description>&secret;</Description></Code></Codes></CodeBook>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook SYSTEM "http://example.org/evil.dtd">
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_dtds_and_entities_are_refused(data):
    with pytest.raises(CodebookError, match="declares a DTD or entities"):
        import_codebook(data, file_name="evil.qdc")


def test_malformed_xml_is_refused_with_where():
    data = book(code("Safe")).replace(b"</Codes>", b"</Code>")
    with pytest.raises(CodebookError, match=r"not well-formed XML \(line 2, column \d+\)"):
        import_codebook(data, file_name="bad.qdc")


def test_a_huge_file_is_refused_before_it_is_parsed():
    data = book(code("Safe")) + b" " * qdc_import.MAX_BYTES
    with pytest.raises(CodebookError, match="a codebook may be at most 2,000,000 bytes"):
        import_codebook(data, file_name="huge.qdc")


def test_too_many_codes_and_too_deep_are_refused(monkeypatch):
    monkeypatch.setattr(qdc_import, "MAX_CODES", 3)
    with pytest.raises(CodebookError, match="more than 3 codes"):
        import_codebook(book(*(code(f"c{i}") for i in range(4))), file_name="x.qdc")
    monkeypatch.setattr(qdc_import, "MAX_DEPTH", 2)
    monkeypatch.setattr(qdc_import, "MAX_CODES", 100)
    with pytest.raises(CodebookError, match="nested more than 2 deep"):
        import_codebook(book(code("a", code("b", code("c")))), file_name="x.qdc")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04rest of a zip", "zip file"),
        (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', "root element is <Project>"),
        (b"<CodeBook><Codes/></CodeBook>", "in namespace ''"),
        (HEAD.encode() + b"</CodeBook>", "no <Codes> element"),
        (book(), "no codes"),
        (book(code("Folder", codable=False)), "no codable codes"),
        (book(code("")), "Code number 1 .* has no name"),
        (book(code("Safe").replace('isCodable="true"', 'isCodable="maybe"')), "isCodable"),
    ],
)
def test_other_problems_are_named(data, message):
    with pytest.raises(CodebookError, match=message):
        import_codebook(data, file_name="x.qdc")
