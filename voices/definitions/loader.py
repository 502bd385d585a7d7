"""Read surveys/*.yaml into Survey objects; every error names file, line and field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voices import paths, yamlsource
from voices.coding.codebook import FrameworkSet, load_frameworks
from voices.definitions.model import AUDIENCES, Localized, Option, ShowIf, Survey, Version
from voices.definitions.questions import REGISTRY, InfoQuestion, Question, _OptionsQuestion
from voices.yamlsource import PathKey, Source, SourceError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
COMMON_KEYS = {
    "id",
    "type",
    "text",
    "hint",
    "versions",
    "wording",
    "themes",
    "show_if",
    "screen",
    "breakdown",
}
TYPE_KEYS: dict[str, set[str]] = {
    "choice": {"options", "other"},
    "choices": {"options", "other"},
    "scale": {"labels"},
    "yes_no": set(),
    "text": {"max_length", "long"},
    "info": {"body"},
}


def _first(keys: set) -> Any:
    """The first of some keys in a stable order; YAML keys may be numbers, dates or null."""
    return min(keys, key=lambda k: (str(type(k)), str(k)))


def _all_str(values: list) -> bool:
    return all(isinstance(v, str) for v in values)


@dataclass
class _Reader:
    """Validates one survey file against its own locales and the known frameworks."""

    source: Source
    frameworks: FrameworkSet
    locales: tuple[str, ...] = ()

    def fail(self, path: PathKey, message: str) -> SourceError:
        return self.source.error(path, message)

    def mapping(self, value: Any, path: PathKey) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, "must be a mapping")
        return value

    def ident(self, value: Any, path: PathKey) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise self.fail(path, "must be an id: lower-case letters, digits, '-' or '_'")
        return value

    def localized(self, value: Any, path: PathKey) -> Localized:
        """Text in every locale the survey offers; a plain string only if it offers English alone."""
        if isinstance(value, str) and self.locales == ("en",):
            value = {"en": value}
        if not isinstance(value, dict):
            raise self.fail(path, "must give the text for each language, e.g. {en: ..., cy: ...}")
        for locale in self.locales:
            text = value.get(locale)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(path, f"missing translation '{locale}'")
        extra = set(value) - set(self.locales)
        if extra:
            raise self.fail(
                path, f"language(s) {sorted(extra, key=str)} are not in the survey's locales"
            )
        return dict(value)

    def survey(self) -> Survey:
        data = self.mapping(self.source.data, ())
        for key in ("id", "title", "audience", "locales", "versions", "questions"):
            if key not in data:
                raise self.fail((), f"'{key}' is required")
        unknown = set(data) - {
            "id",
            "title",
            "intro",
            "audience",
            "locales",
            "versions",
            "questions",
        }
        if unknown:
            raise self.fail((_first(unknown),), "unknown field")
        survey_id = self.ident(data["id"], ("id",))
        locales = data["locales"]
        if not isinstance(locales, list) or "en" not in locales or not _all_str(locales):
            raise self.fail(("locales",), "must be a list of language codes that includes 'en'")
        self.locales = tuple(locales)
        if data["audience"] not in AUDIENCES:
            raise self.fail(("audience",), f"must be one of {', '.join(AUDIENCES)}")
        versions = self.versions(data["versions"])
        questions = self.questions(data["questions"], {v.id for v in versions})
        return Survey(
            id=survey_id,
            title=self.localized(data["title"], ("title",)),
            intro=self.localized(data["intro"], ("intro",)) if "intro" in data else {},
            audience=data["audience"],
            locales=self.locales,
            versions=versions,
            questions=questions,
            file=self.source.file,
        )

    def versions(self, value: Any) -> tuple[Version, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(("versions",), "must list at least one version")
        result: list[Version] = []
        for i, item in enumerate(value):
            path: PathKey = ("versions", i)
            item = self.mapping(item, path)
            version_id = item.get("id")
            if not isinstance(version_id, str) or not version_id:
                raise self.fail((*path, "id"), "a version needs an id such as '8-11'")
            if any(v.id == version_id for v in result):
                raise self.fail((*path, "id"), f"duplicate version id '{version_id}'")
            result.append(Version(version_id, self.localized(item.get("label"), (*path, "label"))))
        return tuple(result)

    def questions(self, value: Any, version_ids: set[str]) -> tuple[Question, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(("questions",), "must list at least one question")
        result: list[Question] = []
        for i, item in enumerate(value):
            result.append(
                self.question(self.mapping(item, ("questions", i)), i, result, version_ids)
            )
        return tuple(result)

    def question(
        self, data: dict, index: int, earlier: list[Question], version_ids: set[str]
    ) -> Question:
        path: PathKey = ("questions", index)
        question_id = self.ident(data.get("id"), (*path, "id"))
        if any(q.id == question_id for q in earlier):
            raise self.fail((*path, "id"), f"duplicate question id '{question_id}'")
        type_name = data.get("type")
        cls = REGISTRY.get(type_name) if isinstance(type_name, str) else None
        if cls is None:
            raise self.fail(
                (*path, "type"), f"unknown type '{type_name}' (known: {', '.join(REGISTRY)})"
            )
        unknown = set(data) - COMMON_KEYS - TYPE_KEYS[cls.type_name]
        if unknown:
            raise self.fail((*path, _first(unknown)), f"unknown field for a {type_name} question")
        kwargs: dict[str, Any] = {
            "id": question_id,
            "text": self.localized(data.get("text"), (*path, "text")),
            "hint": self.localized(data["hint"], (*path, "hint")) if "hint" in data else None,
            "versions": self.version_list(data, path, version_ids),
            "wording": self.wording(data, path, version_ids),
            "themes": self.themes(data, path),
            "show_if": self.show_if(data, path, earlier),
            "screen": self.flag(data, "screen", path, False),
            "breakdown": self.breakdown(cls, data, path),
        }
        kwargs.update(self.type_fields(cls, data, path, version_ids))
        return cls(**kwargs)

    def breakdown(self, cls: type[Question], data: dict, path: PathKey) -> bool:
        """Findings may be split by this question's answers (e.g. placement type, area)."""
        value = self.flag(data, "breakdown", path, False)
        if value and cls.type_name not in ("choice", "yes_no"):
            raise self.fail(
                (*path, "breakdown"), "only a choice or yes_no question can be a breakdown"
            )
        return value

    def version_list(self, data: dict, path: PathKey, known: set[str]) -> tuple[str, ...] | None:
        if "versions" not in data:
            return None
        value = data["versions"]
        if not isinstance(value, list) or not value:
            raise self.fail((*path, "versions"), "must list version ids")
        for j, version_id in enumerate(value):
            if not isinstance(version_id, str) or version_id not in known:
                raise self.fail((*path, "versions", j), f"unknown version '{version_id}'")
        return tuple(value)

    def wording(self, data: dict, path: PathKey, known: set[str]) -> dict[str, Localized]:
        value = self.mapping(data.get("wording", {}), (*path, "wording"))
        for version_id in value:
            if version_id not in known:
                raise self.fail((*path, "wording", version_id), f"unknown version '{version_id}'")
        return {k: self.localized(v, (*path, "wording", k)) for k, v in value.items()}

    def themes(self, data: dict, path: PathKey) -> tuple[str, ...]:
        value = data.get("themes", [])
        if not isinstance(value, list):
            raise self.fail((*path, "themes"), "must be a list of framework:theme ids")
        for j, theme in enumerate(value):
            if not isinstance(theme, str) or not self.frameworks.has_theme(theme):
                raise self.fail((*path, "themes", j), f"unknown theme id '{theme}'")
        return tuple(value)

    def show_if(self, data: dict, path: PathKey, earlier: list[Question]) -> ShowIf | None:
        if "show_if" not in data:
            return None
        here = (*path, "show_if")
        value = self.mapping(data["show_if"], here)
        target_id = value.get("question")
        target = next((q for q in earlier if q.id == target_id), None)
        if target is None:
            raise self.fail(
                (*here, "question"), f"'{target_id}' is not an earlier question in this survey"
            )
        allowed = target.condition_values()
        if allowed is None:
            raise self.fail(
                (*here, "question"), f"'{target_id}' has no answer a condition can test"
            )
        any_of = value.get("any_of", value.get("equals"))
        any_of = [any_of] if isinstance(any_of, str | int) else any_of
        if not isinstance(any_of, list) or not any_of:
            raise self.fail(here, "give the answer(s) to test, as 'equals: x' or 'any_of: [x, y]'")
        for j, wanted in enumerate(any_of):
            if str(wanted) not in allowed:
                raise self.fail(
                    (*here, "any_of", j), f"'{wanted}' is not an answer '{target_id}' offers"
                )
        if set(value) - {"question", "any_of", "equals"}:
            raise self.fail(here, "show_if takes 'question' and 'equals' or 'any_of'")
        return ShowIf(target_id, tuple(str(w) for w in any_of))

    def flag(self, data: dict, key: str, path: PathKey, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail((*path, key), "must be true or false")
        return value

    def type_fields(
        self, cls: type[Question], data: dict, path: PathKey, version_ids: set[str]
    ) -> dict[str, Any]:
        if issubclass(cls, _OptionsQuestion):
            return self.options(data, path, version_ids)
        if cls.type_name == "scale" and "labels" in data:
            labels = data["labels"]
            if not isinstance(labels, list) or len(labels) != 5:
                raise self.fail((*path, "labels"), "a scale needs exactly five labels")
            return {
                "labels": tuple(
                    self.localized(t, (*path, "labels", j)) for j, t in enumerate(labels)
                )
            }
        if cls.type_name == "text":
            limit = data.get("max_length", 500)
            if not isinstance(limit, int) or not 1 <= limit <= 5000:
                raise self.fail((*path, "max_length"), "must be a whole number from 1 to 5000")
            return {"max_length": limit, "long": self.flag(data, "long", path, True)}
        if cls is InfoQuestion and "body" in data:
            return {"body": self.localized(data["body"], (*path, "body"))}
        return {}

    def options(self, data: dict, path: PathKey, version_ids: set[str]) -> dict[str, Any]:
        value = data.get("options")
        if not isinstance(value, list) or len(value) < 2:
            raise self.fail((*path, "options"), "a choice question needs at least two options")
        options: list[Option] = []
        for j, item in enumerate(value):
            here = (*path, "options", j)
            item = self.mapping(item, here)
            option_id = self.ident(item.get("id"), (*here, "id"))
            if option_id == "other" or any(o.id == option_id for o in options):
                raise self.fail((*here, "id"), f"duplicate or reserved option id '{option_id}'")
            if set(item) - {"id", "text", "wording", "versions"}:
                raise self.fail(here, "an option takes 'id', 'text', 'wording' and 'versions'")
            text = self.localized(item.get("text"), (*here, "text"))
            wording = self.wording(item, here, version_ids)
            versions = self.version_list(item, here, version_ids)
            options.append(Option(option_id, text, wording, versions))
        other = self.localized(data["other"], (*path, "other")) if "other" in data else None
        return {"options": tuple(options), "other": other}


def load_survey(path: Path, frameworks: FrameworkSet | None = None) -> Survey:
    source = yamlsource.load(path)
    return _Reader(source, frameworks or load_frameworks()).survey()


@dataclass
class SurveyCatalog:
    """All surveys the app serves, by id."""

    surveys: dict[str, Survey] = field(default_factory=dict)

    def get(self, survey_id: str) -> Survey | None:
        return self.surveys.get(survey_id)


def survey_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def load_catalog(
    folder: Path = paths.SURVEYS, frameworks_folder: Path | None = None
) -> SurveyCatalog:
    """Load every survey in folder; raises SourceError on the first problem (the app won't start)."""
    frameworks = load_frameworks(frameworks_folder or paths.FRAMEWORKS)
    catalog = SurveyCatalog()
    for path in survey_files(folder):
        survey = load_survey(path, frameworks)
        if survey.id in catalog.surveys:
            raise SourceError(str(path), 1, "id", f"survey id '{survey.id}' is used twice")
        catalog.surveys[survey.id] = survey
    return catalog


def check_paths(targets: Iterable[Path]) -> list[SourceError]:
    """Validate survey files (or folders of them) and return every error, one per file."""
    errors: list[SourceError] = []
    try:
        frameworks = load_frameworks()
    except SourceError as exc:
        return [exc]
    for target in targets:
        files = survey_files(target) if target.is_dir() else [target]
        for path in files:
            try:
                load_survey(path, frameworks)
            except SourceError as exc:
                errors.append(exc)
    return errors
