"""Interface languages: the six UN languages, gettext catalogues and locale-aware numbers.

Catalogues live in src/coopstats/locale/<lang>/LC_MESSAGES/coopstats.po and are compiled to .mo
by the install step (`make catalogues`); a missing catalogue falls back to English.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
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


@lru_cache(maxsize=len(LANGUAGES))
def translator(lang: str) -> Callable[[str], str]:
    """The gettext function for one interface language (English when unknown or not compiled)."""
    if lang not in LANGUAGES or lang == "en":
        return gettext.NullTranslations().gettext
    translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return translations.gettext


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES
