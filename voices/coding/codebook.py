"""Theme frameworks (codebooks) loaded from surveys/frameworks/*.yaml.

A framework file has: id, title, source, themes. Each theme has an id, a label, a
plain description, keywords and phrases in children's own words, examples and
cross-walks to other frameworks' themes ("framework:theme"). Nothing in code names a theme.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from voices import paths, yamlsource
from voices.yamlsource import Source, SourceError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    crosswalk: tuple[str, ...] = ()
    # Where each cross-walk was written, so a broken one is reported by file and line.
    crosswalk_lines: tuple[int | None, ...] = field(default=(), compare=False, repr=False)
    # Safeguarding categories (surveys/safeguarding/lexicon.yaml) whose flag means the
    # answer speaks to this theme: a disclosure of harm is about being safe, whatever words.
    safeguarding: tuple[str, ...] = ()
    safeguarding_lines: tuple[int | None, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    source: str
    themes: tuple[Theme, ...]
    file: str = ""

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)


@dataclass
class FrameworkSet:
    """Every framework in a folder, by id; answers "is framework:theme a real theme?"."""

    frameworks: dict[str, Framework] = field(default_factory=dict)

    def has_theme(self, qualified: str) -> bool:
        framework_id, _, theme_id = qualified.partition(":")
        framework = self.frameworks.get(framework_id)
        return bool(framework and framework.theme(theme_id))


def _strings(source: Source, data: dict, key: str, path: yamlsource.PathKey) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise source.error((*path, key), "must be a list of non-empty strings")
    return tuple(value)


def _text(source: Source, data: dict, key: str, path: yamlsource.PathKey) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise source.error((*path, key) if key in data else path, f"'{key}' is required text")
    return value


def parse_framework(source: Source) -> Framework:
    data = source.data
    if not isinstance(data, dict):
        raise source.error((), "a framework file must be a mapping with id, title, source, themes")
    framework_id = _text(source, data, "id", ())
    if not ID_PATTERN.match(framework_id):
        raise source.error(("id",), "use lower-case letters, digits and hyphens")
    themes_data = data.get("themes")
    if not isinstance(themes_data, list) or not themes_data:
        raise source.error(("themes",), "must be a non-empty list of themes")
    seen: set[str] = set()
    themes = [_theme(source, item, ("themes", i), seen) for i, item in enumerate(themes_data)]
    return Framework(
        id=framework_id,
        title=_text(source, data, "title", ()),
        source=_text(source, data, "source", ()),
        themes=tuple(themes),
        file=source.file,
    )


def _theme(source: Source, item: object, path: yamlsource.PathKey, seen: set[str]) -> Theme:
    """One theme of a framework, checked; its id joins seen."""
    if not isinstance(item, dict):
        raise source.error(path, "each theme must be a mapping")
    theme_id = _text(source, item, "id", path)
    if not ID_PATTERN.match(theme_id):
        raise source.error((*path, "id"), "use lower-case letters, digits and hyphens")
    if theme_id in seen:
        raise source.error((*path, "id"), f"duplicate theme id '{theme_id}'")
    seen.add(theme_id)
    crosswalk = _strings(source, item, "crosswalk", path)
    for j, ref in enumerate(crosswalk):
        if ":" not in ref:
            raise source.error((*path, "crosswalk", j), "write cross-walks as framework:theme")
    signals = _strings(source, item, "safeguarding", path)
    for j, category in enumerate(signals):
        if not ID_PATTERN.match(category):
            raise source.error(
                (*path, "safeguarding", j), "a safeguarding category id, e.g. self-harm"
            )
    return Theme(
        id=theme_id,
        label=_text(source, item, "label", path),
        description=_text(source, item, "description", path),
        keywords=_strings(source, item, "keywords", path),
        phrases=_strings(source, item, "phrases", path),
        examples=_strings(source, item, "examples", path),
        crosswalk=crosswalk,
        crosswalk_lines=tuple(source.line((*path, "crosswalk", j)) for j in range(len(crosswalk))),
        safeguarding=signals,
        safeguarding_lines=tuple(
            source.line((*path, "safeguarding", j)) for j in range(len(signals))
        ),
    )


def load_framework(path: Path) -> Framework:
    return parse_framework(yamlsource.load(path))


def load_frameworks(folder: Path = paths.FRAMEWORKS) -> FrameworkSet:
    """Load every *.yaml in folder; raises SourceError on the first bad file."""
    found = FrameworkSet()
    for path in sorted(folder.glob("*.yaml")):
        framework = load_framework(path)
        if framework.id in found.frameworks:
            raise SourceError(str(path), 1, "id", f"framework id '{framework.id}' is used twice")
        found.frameworks[framework.id] = framework
    return found


def check_crosswalks(found: FrameworkSet) -> list[str]:
    """Cross-walks that point at themes no loaded framework has, as file:line: field: problem."""
    return _bad_references(
        found,
        "crosswalk",
        found.has_theme,
        lambda ref, theme: f"unknown theme '{ref}' (theme '{theme.id}')",
    )


def check_safeguarding_links(found: FrameworkSet, categories: set[str]) -> list[str]:
    """Themes linked to safeguarding categories the lexicon does not have, as file:line."""
    known = ", ".join(sorted(categories))
    return _bad_references(
        found,
        "safeguarding",
        categories.__contains__,
        lambda ref, _: f"unknown safeguarding category '{ref}' (known: {known})",
    )


def _bad_references(
    found: FrameworkSet,
    field_name: str,
    is_known: Callable[[str], bool],
    problem: Callable[[str, Theme], str],
) -> list[str]:
    """Each reference in a theme's list field that is_known rejects, with file and line."""
    problems = []
    for framework in found.frameworks.values():
        for i, theme in enumerate(framework.themes):
            refs = getattr(theme, field_name)
            lines = getattr(theme, f"{field_name}_lines") or (None,) * len(refs)
            problems += [
                str(
                    SourceError(
                        framework.file, line, f"themes[{i}].{field_name}[{j}]", problem(ref, theme)
                    )
                )
                for j, (ref, line) in enumerate(zip(refs, lines, strict=True))
                if not is_known(ref)
            ]
    return problems
