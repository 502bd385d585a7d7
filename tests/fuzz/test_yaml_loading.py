"""Property: any text given to the survey or framework loader either loads into typed objects
or raises SourceError naming the file (and a line within it, when it gives one). Never another
exception, never a hang: alias bombs and self-referring aliases are refused, not expanded.

Documents come two ways: made from nothing (random values, random text, hostile fragments)
and by mutating the surveys and frameworks the project ships, so the loader's checks deep
inside a valid file are reached too.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.conftest import budget
from voices import paths
from voices.coding.codebook import Framework, FrameworkSet, load_frameworks, parse_framework
from voices.definitions.loader import _Reader
from voices.definitions.model import Survey
from voices.yamlsource import MAX_VALUES, SourceError, parse

NAME = "fuzzed/file.yaml"
ROOT = Path(__file__).resolve().parents[2]
SURVEY_FILES = sorted(paths.SURVEYS.glob("*.yaml")) + sorted(
    (ROOT / "tests" / "data" / "surveys").glob("*.yaml")
)
FRAMEWORK_FILES = sorted(paths.FRAMEWORKS.glob("*.yaml"))


@cache
def frameworks() -> FrameworkSet:
    return load_frameworks()


@cache
def shipped(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_survey_text(text: str) -> Survey:
    return _Reader(parse(text, NAME), frameworks()).survey()


def load_framework_text(text: str) -> Framework:
    return parse_framework(parse(text, NAME))


def check(text: str, loader) -> None:
    """The property itself: typed result, or a SourceError that says where."""
    try:
        result = loader(text)
    except SourceError as exc:
        assert exc.file == NAME and str(exc).startswith(NAME), str(exc)
        if exc.line is not None:
            assert 1 <= exc.line <= text.count("\n") + 2, (exc.line, str(exc))
        assert exc.message
        return
    assert isinstance(result, Survey | Framework)


# --- documents made from nothing -------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.text(alphabet="en-cy_ 0123456789", max_size=8),
    st.sampled_from(["en", "cy", "choice", "text", "scale", "info", "yes_no", "children", "q1"]),
    st.just("x" * 20_000),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.one_of(st.text(max_size=12), st.integers(), st.booleans()), inner)
    ),
    max_leaves=30,
)
keys = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none(), st.dates())

HOSTILE = [
    # Alias bomb: 10 levels of 10 aliases, 10^10 values if expanded.
    "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(10)
    ),
    "a: &a [*a]\n",
    "&a {b: *a}\n",
    "id: !!python/object/apply:os.system ['true']\n",
    "!!python/object:voices.definitions.model.Survey {id: x}\n",
    "id: !!python/name:os.system\n",
    "when: 2024-13-45\n",
    "n: !!int abc\n",
    "n: !!float x\n",
    "b: !!binary '@@@'\n",
    "s: !!set {a, b}\n",
    "o: !!omap [a: 1]\n",
    "? [a, b]\n: 1\n",
    "? {a: 1}\n: 1\n",
    "id: a\nid: b\n",
    "1: a\nx: b\n",
    "2024-01-01: a\nx: b\n",
    "n: " + "9" * 5000 + "\n",
    "n: !!int " + "9" * 5000 + "\n",
    "[" * 1000 + "]" * 1000,
    "{a: " * 1000 + "1" + "}" * 1000,
    "- " * 1000 + "x\n",
    "<<: {id: x}\n",
    "\x00\x01",
    "\ufeffid: x\n",
    "%YAML 1.1\n---\nid: x\n--- \nid: y\n",
    "*undefined\n",
    "!custom x\n",
    "'",
    "\t",
]


@budget(2)
@given(st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3), st.booleans())
@example([HOSTILE[0]], True)  # the alias bomb is refused quickly, not expanded
@example([HOSTILE[1]], False)  # an alias inside itself
@example(["? [a, b]\n: 1\n"], True)  # a list as a key
@example(["when: 2024-13-45\n"], True)  # a date that is not one
@example(["1: a\nx: b\n"], True)  # keys of mixed types
def test_hostile_fragments(fragments, as_survey):
    check("".join(fragments), load_survey_text if as_survey else load_framework_text)


@budget(4)
@given(values, st.booleans())
def test_random_values(value, as_survey):
    text = yaml.safe_dump(value, allow_unicode=True)
    check(text, load_survey_text if as_survey else load_framework_text)


@budget(6)
@given(st.text(max_size=200), st.booleans())
def test_random_text(text, as_survey):
    check(text, load_survey_text if as_survey else load_framework_text)


def test_alias_bomb_is_refused_with_its_line():
    with __import__("pytest").raises(SourceError) as caught:
        parse(HOSTILE[0], NAME)
    assert f"more than {MAX_VALUES:,} values" in str(caught.value)
    assert caught.value.line is not None


# --- mutations of the files we ship ------------------------------------------------------


def _containers(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a mapping or list inside value."""
    found = []
    if isinstance(value, dict | list):
        found.append(path)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            found += _containers(child, (*path, key))
    return found


def _at(value: Any, path: tuple) -> Any:
    for key in path:
        value = value[key]
    return value


@st.composite
def mutated(draw, files: list[Path]) -> str:
    data = copy.deepcopy(shipped(draw(st.sampled_from(files))))
    for _ in range(draw(st.integers(1, 3))):
        target = _at(data, draw(st.sampled_from(_containers(data))))
        if not target:
            continue
        key = draw(
            st.sampled_from(list(target) if isinstance(target, dict) else range(len(target)))
        )
        kind = draw(st.sampled_from(["drop", "replace", "retype", "rename", "id", "copy"]))
        if kind == "drop":
            del target[key]
        elif kind == "replace":
            target[key] = draw(values)
        elif kind == "retype":
            old = target[key]
            target[key] = [old] if not isinstance(old, list) else {"x": old}
        elif kind == "rename" and isinstance(target, dict):
            target[draw(keys)] = target.pop(key)
        elif kind == "id":  # break an id or a cross-reference to one
            target[key] = draw(st.sampled_from(["", "Bad Id", "q1", "other", "shanarri:nope"]))
        elif kind == "copy" and isinstance(target, list):  # duplicate ids and the like
            target.append(copy.deepcopy(target[key]))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_shipped_files_load():
    for path in SURVEY_FILES:
        check(path.read_text(encoding="utf-8"), load_survey_text)
    for path in FRAMEWORK_FILES:
        check(path.read_text(encoding="utf-8"), load_framework_text)


def _survey_with(change) -> str:
    data = copy.deepcopy(shipped(ROOT / "tests" / "data" / "surveys" / "all-types.yaml"))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True)


@budget(4)
@given(mutated(SURVEY_FILES))
# Keys of mixed types could not be sorted to name the unknown one: TypeError.
@example(_survey_with(lambda d: d.update({1: "a", "zz": "b"})))
# A language or a version id that is a mapping or a list: unhashable, TypeError.
@example(_survey_with(lambda d: d["locales"].append({"a": 1})))
@example(_survey_with(lambda d: d["questions"][1].update(versions=[[1]])))
@example(_survey_with(lambda d: d["title"].update({1: "x", "zz": "y"})))
def test_mutated_surveys(text):
    check(text, load_survey_text)


@budget(2)
@given(mutated(FRAMEWORK_FILES))
def test_mutated_frameworks(text):
    check(text, load_framework_text)
