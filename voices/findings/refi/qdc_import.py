"""Read a REFI-QDA `.qdc` codebook into a framework YAML file (surveys/frameworks/*.yaml).

The file comes from another program or another person, so it is read defensively: at most
MAX_BYTES, no DTD at all (so no entity expansion, "billion laughs", and no external entity or
file is ever fetched: defusedxml), at most MAX_CODES codes nested at most MAX_DEPTH deep.
Every refusal says what was wrong, and where when the XML itself is broken.

How codes become themes (docs/decisions.md): one top-level folder code holding the rest is
the framework (its name the title, its Description the source); every codable code at any
depth is a theme (nested codes are flattened, in document order); a code marked
isCodable="false" is a folder only. A theme's label is the code's name, its description the
code's Description (its name when it has none), its id the name slugified and made unique,
except that a code whose GUID is one Voices gave a theme keeps that theme's id. The result
is checked by the framework loader itself before it is returned.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET  # nosec B405  # types only; parsing is defusedxml's (below)
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import yaml
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from voices.coding.codebook import ID_PATTERN, Framework, parse_framework
from voices.findings.refi.codebook import CODEBOOK_NS
from voices.findings.refi.ids import code_guid
from voices.yamlsource import SourceError, parse

MAX_BYTES = 2_000_000
MAX_CODES = 2_000
MAX_DEPTH = 20
SLUG_LENGTH = 60
_NS = "{" + CODEBOOK_NS + "}"


class CodebookError(ValueError):
    """A codebook Voices will not import, with the reason in plain words."""


@dataclass
class Code:
    guid: str
    name: str
    codable: bool
    description: str
    children: list[Code] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    framework: Framework
    yaml_text: str


def _xml(data: bytes) -> ET.Element:
    if len(data) > MAX_BYTES:
        raise CodebookError(
            f"The file is {len(data):,} bytes; a codebook may be at most {MAX_BYTES:,} bytes."
        )
    if data.startswith(b"PK"):
        raise CodebookError(
            "This is a zip file (a .qdpx project?), not a .qdc codebook. "
            "Export the codebook on its own (REFI-QDA codebook, .qdc) and import that."
        )
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise CodebookError(
            "The file declares a DTD or entities, which a REFI-QDA codebook never needs; "
            f"it was not read ({type(exc).__name__})."
        ) from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise CodebookError(
            f"The file is not well-formed XML (line {line}, column {column})."
        ) from exc


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _code(element: ET.Element, depth: int, counter: list[int]) -> Code:
    counter[0] += 1
    if counter[0] > MAX_CODES:
        raise CodebookError(f"The codebook has more than {MAX_CODES:,} codes.")
    if depth > MAX_DEPTH:
        raise CodebookError(f"Codes are nested more than {MAX_DEPTH} deep.")
    name = " ".join((element.get("name") or "").split())
    guid = element.get("guid") or ""
    if not name:
        raise CodebookError(f"Code number {counter[0]} (guid '{guid}') has no name.")
    codable = (element.get("isCodable") or "").strip().lower()
    if codable not in ("true", "false", "1", "0"):
        raise CodebookError(f"Code '{name}': isCodable must be true or false.")
    description = element.find(_NS + "Description")
    code = Code(guid, name, codable in ("true", "1"), _clean(description))
    code.children = [_code(c, depth + 1, counter) for c in element.findall(_NS + "Code")]
    return code


def _clean(element: ET.Element | None) -> str:
    text = element.text if element is not None and element.text else ""
    return " ".join(text.split())


def parse_codebook(data: bytes) -> list[Code]:
    """The code tree of a .qdc file; CodebookError when it is not one Voices can read."""
    root = _xml(data)
    if root.tag != _NS + "CodeBook":
        raise CodebookError(
            f"The root element is <{_local(root.tag)}> in namespace "
            f"'{root.tag[1:].partition('}')[0] if root.tag.startswith('{') else ''}'; a "
            f"REFI-QDA codebook is <CodeBook> in namespace '{CODEBOOK_NS}'."
        )
    codes = root.find(_NS + "Codes")
    if codes is None:
        raise CodebookError("The codebook has no <Codes> element.")
    counter = [0]
    found = [_code(c, 1, counter) for c in codes.findall(_NS + "Code")]
    if not found:
        raise CodebookError("The codebook has no codes.")
    return found


def slugify(text: str) -> str:
    text = re.sub(r"['\u2019]", "", text)  # "child's" -> "childs"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_LENGTH].strip("-")


def _unique(wanted: str, taken: set[str], fallback: str) -> str:
    base = wanted if wanted and ID_PATTERN.match(wanted) else fallback
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _flatten(codes: Iterable[Code]) -> Iterable[Code]:
    for code in codes:
        if code.codable:
            yield code
        yield from _flatten(code.children)


def known_guids(frameworks: Iterable[Framework]) -> dict[str, tuple[str, str]]:
    """GUID -> (framework id, theme id "" for the framework) for Voices' own codes."""
    found: dict[str, tuple[str, str]] = {}
    for framework in frameworks:
        found[code_guid(framework.id)] = (framework.id, "")
        found.update(
            {code_guid(framework.id, t.id): (framework.id, t.id) for t in framework.themes}
        )
    return found


def _guid_key(guid: str) -> str:
    return guid.strip().strip("{}").lower()


def _wrapper(codes: list[Code]) -> Code | None:
    """The single top-level code that holds all the others, if the codebook has one."""
    return codes[0] if len(codes) == 1 and codes[0].children else None


def _theme_ids(
    themes: list[Code], framework_id: str, known: Mapping[str, tuple[str, str]]
) -> list[str]:
    kept = [
        theme_id if fw == framework_id and theme_id else ""
        for fw, theme_id in (known.get(_guid_key(t.guid), ("", "")) for t in themes)
    ]
    taken = {k for k in kept if k}
    return [
        k or _unique(slugify(t.name), taken, "theme") for t, k in zip(themes, kept, strict=True)
    ]


def framework_data(
    codes: list[Code],
    *,
    file_name: str,
    framework_id: str | None = None,
    known: Mapping[str, tuple[str, str]] | None = None,
) -> dict:
    """The framework file's content (a plain dict) for this code tree."""
    known = {_guid_key(k): v for k, v in (known or {}).items()}
    wrapper = _wrapper(codes)
    stem = re.sub(r"\.qdc$", "", file_name.rsplit("/", 1)[-1], flags=re.IGNORECASE)
    title = wrapper.name if wrapper else (" ".join(stem.replace("_", " ").split()) or "Imported")
    own = known.get(_guid_key(wrapper.guid), ("", ""))[0] if wrapper else ""
    framework_id = framework_id or own or slugify(title) or "imported"
    if not ID_PATTERN.match(framework_id):
        raise CodebookError(
            f"'{framework_id}' cannot be a framework id: use lower-case letters, digits, hyphens."
        )
    themes = list(_flatten(wrapper.children if wrapper else codes))
    if not themes:
        raise CodebookError('The codebook has no codable codes (all are isCodable="false").')
    ids = _theme_ids(themes, framework_id, known)
    source = (wrapper.description if wrapper else "") or f"Imported from {file_name} (REFI-QDA)"
    return {
        "id": framework_id,
        "title": title,
        "source": source,
        "themes": [
            {
                "id": theme_id,
                "label": theme.name,
                "description": theme.description or theme.name,
                "keywords": [],
                "phrases": [],
                "examples": [],
            }
            for theme_id, theme in zip(ids, themes, strict=True)
        ],
    }


HEADER = (
    "# Imported from {name} (a REFI-QDA codebook) by Voices.\n"
    "# A codebook has no words to match: add keywords, phrases and examples in children's\n"
    "# own words, and cross-walks, before the engine can suggest these themes.\n"
    "# Then check it: voices frameworks check\n"
)


def import_codebook(
    data: bytes,
    *,
    file_name: str,
    framework_id: str | None = None,
    known: Iterable[Framework] = (),
) -> Imported:
    """The framework YAML for a .qdc file, already checked by the framework loader."""
    codes = parse_codebook(data)
    content = framework_data(
        codes, file_name=file_name, framework_id=framework_id, known=known_guids(known)
    )
    body = yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=100)
    text = HEADER.format(name=file_name.replace("\n", " ")) + body
    try:
        framework = parse_framework(parse(text, f"{content['id']}.yaml"))
    except SourceError as exc:
        raise CodebookError(f"The framework made from this codebook does not load: {exc}") from exc
    return Imported(framework, text)
