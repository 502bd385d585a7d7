"""Languages: every catalogue complete and safe, the template fresh, the pseudo-locale honest."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tests.helpers import follow, soup, start
from voices import paths
from voices.definitions import load_catalog
from voices.i18n import DEFAULT_LOCALE, LOCALES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [locale for locale in LOCALES if locale != DEFAULT_LOCALE]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def po_path(locale: str) -> Path:
    return paths.TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def strings(message) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def ids(message) -> tuple[str, ...]:
    value = message.id
    return tuple(value) if isinstance(value, tuple | list) else (value,)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_is_translated_and_not_fuzzy(locale):
    catalog = read(po_path(locale))
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not all(strings(m)))]
    assert missing == [], f"{locale}: untranslated or fuzzy: {missing}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_placeholders_survive_translation(locale):
    catalog = read(po_path(locale))
    assert [(m.id, str(e)) for m, e in catalog.check()] == []
    broken = [
        m.id
        for m in catalog
        if m.id
        and any(
            sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(ids(m)[-1]))
            and sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(ids(m)[0]))
            for s in strings(m)
        )
    ]
    assert broken == [], f"{locale}: placeholders differ from English in {broken}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_say_they_await_native_review(locale):
    header = po_path(locale).read_text(encoding="utf-8").split('msgid ""', 1)[0]
    assert "awaiting review by a native speaker" in re.sub(r"\s*\n#\s*", " ", header)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_each_catalogue_has_exactly_the_templates_messages(locale):
    template = {m.id for m in read(paths.TRANSLATIONS / "messages.pot") if m.id}
    assert {m.id for m in read(po_path(locale)) if m.id} == template


def test_the_template_matches_the_code(tmp_path):
    """A string added to code or templates without `make messages` fails here."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg"]
        + ["-k", "ngettext:1,2", "-k", "pgettext:1c,2", "-o", str(fresh), "."],
        cwd=ROOT,
        check=True,
    )
    committed = {m.id for m in read(paths.TRANSLATIONS / "messages.pot") if m.id}
    assert {m.id for m in read(fresh) if m.id} == committed, "run `make messages`"


def test_starter_surveys_are_in_every_language():
    # The loader refuses a survey whose declared language misses a string.
    for survey in load_catalog().surveys.values():
        assert set(survey.locales) == set(LOCALES), survey.id


# --- the pseudo-locale: any plain English left on a page was never marked for translation --


def visible_text(response) -> list[str]:
    page = soup(response)
    for hidden in page(["script", "style", "title"]):
        hidden.decompose()
    return [t.strip() for t in page.stripped_strings if re.search(r"[A-Za-z]{2}", t)]


def untranslated(response, allowed: set[str]) -> list[str]:
    # Pseudo strings are bracketed; survey wording and names come from data, not gettext.
    return [
        t
        for t in visible_text(response)
        if not (t.startswith("[") or t.endswith("]")) and t not in allowed
    ]


def survey_words(survey_id: str, tests_surveys: Path) -> set[str]:
    survey = load_catalog(tests_surveys).get(survey_id)
    found: set[str] = {survey.title["en"], survey.intro["en"]}
    for version in survey.versions:
        found.add(version.label["en"])
    for q in survey.questions:
        found.add(q.text["en"])
        found.update(t["en"] for t in q.wording.values())
        for name in ("hint", "body", "other"):
            if getattr(q, name, None):
                found.add(getattr(q, name)["en"])
        found.update(o.text["en"] for o in getattr(q, "options", ()))
    return found


def test_pseudo_locale_leaves_no_chrome_untranslated(client, consultation, settings):
    client.cookies.set("voices_lang", "qps")
    allowed = survey_words("all-types", settings.surveys_dir) | {
        "Test Council",
        "Every kind of question",
        "Call 0300 000 0000",
        "TQ4RTX",
        "Voices",
        *(n for n in ("English", "Cymraeg", "Polski")),
    }
    pages = [client.get("/"), client.get("/c/TQ4RTX"), client.get("/c/ZZZZZZ")]
    question = follow(client, start(client))
    pages.append(question)
    pages.append(client.post(str(question.url.path), data={"action": "next"}))  # error state
    leftovers = {t for page in pages for t in untranslated(page, allowed)}
    assert leftovers == set()
