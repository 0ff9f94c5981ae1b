"""Interface languages: the six UN languages, gettext catalogues and their CLDR locales.

Catalogues live in src/coopstats/locale/<lang>/LC_MESSAGES/coopstats.po (kept in git, with the
template coopstats.pot) and are compiled to .mo by the install step (`make catalogues`, run by
`make install`, `make run` and `make test`); a catalogue that is not compiled falls back to
English. Strings are marked with `_("...")` where they are shown and with `N_("...")` (a no-op)
where they are defined before a language is known (the vocabulary labels of schema.py);
`make catalogues-extract` finds both.

`translator(lang)` returns the `_` of a language. It is a plain callable, and also carries the
language (`_.lang`) and its CLDR locale (`_.locale`), so a function that is handed `_` can
format numbers and dates for the same language (coopstats.numbers does).
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "coopstats"
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "zh": "中文",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
RTL_LANGUAGES = frozenset({"ar"})
# Babel/CLDR locale used for names, numbers and dates of each interface language.
CLDR_LOCALES = {"en": "en", "ar": "ar", "zh": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}
# The `lang` attribute of the page (BCP 47).
HTML_LANG = {"en": "en", "ar": "ar", "zh": "zh-Hans", "fr": "fr", "ru": "ru", "es": "es"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (it is translated where shown)."""
    return message


class Translator:
    """The `_` of one interface language: call it with an English message to get it translated."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self.locale = CLDR_LOCALES.get(lang, "en")
        self._gettext = translations.gettext

    def __call__(self, message: str) -> str:
        return self._gettext(message)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


def language(lang: str | None) -> str:
    """`lang` when it is one of the six interface languages, else "en"."""
    return lang if lang in LANGUAGES else "en"


@lru_cache(maxsize=len(LANGUAGES))
def translator(lang: str) -> Translator:
    """The gettext function for one interface language (English when unknown or not compiled)."""
    lang = language(lang)
    if lang == "en":
        return Translator(lang, gettext.NullTranslations())
    translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return Translator(lang, translations)


def lang_of(_: object) -> str:
    """The language a `_` translates into ("en" for a plain function, as tests pass)."""
    return language(getattr(_, "lang", "en"))


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES
