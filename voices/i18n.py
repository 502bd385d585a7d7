"""Languages: which locale a request gets, and the Babel translations for it.

The locale is chosen from ?lang= (the welcome page's language links), then the
voices_lang cookie, then Accept-Language. Templates call gettext through callables
installed once that read the current request's translations from a context variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from functools import cache
from gettext import NullTranslations

from babel import Locale
from babel.support import Translations

from voices import paths

DEFAULT_LOCALE = "en"
# Offered to people. "qps" is a pseudo-locale for finding untranslated strings.
LOCALES = ("en", "cy", "pl", "ar")
PSEUDO_LOCALE = "qps"
RTL_LOCALES = frozenset({"ar"})
NATIVE_NAMES = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ar": "العربية"}
COOKIE = "voices_lang"

_current: ContextVar[str] = ContextVar("voices_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    if locale == DEFAULT_LOCALE:
        return NullTranslations()
    return Translations.load(str(paths.TRANSLATIONS), [locale], domain="messages")


def is_known(locale: str | None) -> bool:
    return locale in LOCALES or locale == PSEUDO_LOCALE


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    for candidate in (query, cookie):
        if candidate and is_known(candidate):
            return candidate
    if accept_language:
        preferred = [part.split(";")[0].strip() for part in accept_language.split(",")]
        chosen = Locale.negotiate(preferred, list(LOCALES), sep="-")
        if chosen:
            return str(chosen)
    return DEFAULT_LOCALE


def set_locale(locale: str) -> None:
    _current.set(locale)


def current_locale() -> str:
    return _current.get()


def direction(locale: str) -> str:
    return "rtl" if locale in RTL_LOCALES else "ltr"


def gettext(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current_locale()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).npgettext(context, singular, plural, n)


def pick(text: Mapping[str, str] | None, locale: str | None = None) -> str:
    """A survey's text in the current language, falling back to English."""
    if not text:
        return ""
    locale = locale or current_locale()
    return text.get(locale) or text.get(DEFAULT_LOCALE) or next(iter(text.values()))


def text_locale(text: Mapping[str, str] | None, locale: str | None = None) -> str:
    """The language pick() actually returns, so the page can mark fallbacks with lang=."""
    locale = locale or current_locale()
    return locale if text and text.get(locale) else DEFAULT_LOCALE
