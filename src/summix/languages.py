"""The three languages summix serves and how each model family spells them."""

from __future__ import annotations

from summix.errors import LanguageError

LANGUAGES: tuple[str, ...] = ("uz", "ru", "en")
NAMES: dict[str, str] = {"en": "English", "ru": "Russian", "uz": "Uzbek"}

NLLB_CODES: dict[str, str] = {"en": "eng_Latn", "ru": "rus_Cyrl", "uz": "uzn_Latn"}
M2M100_CODES: dict[str, str] = {"en": "en", "ru": "ru", "uz": "uz"}
# The names csebuetnlp's XL-Sum / CrossSum models use in their langid_map.
XLSUM_NAMES: dict[str, str] = {"en": "english", "ru": "russian", "uz": "uzbek"}


def check_language(code: str) -> str:
    """Return ``code`` normalised to lower case.

    Raises:
        LanguageError: ``code`` is not one of en, ru, uz.
    """
    norm = code.strip().lower()
    if norm not in LANGUAGES:
        valid = ", ".join(LANGUAGES)
        raise LanguageError(f"unknown language {code!r}: summix serves {valid} (e.g. --to uz,ru)")
    return norm


def parse_languages(spec: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Parse ``"uz,ru"`` (or a list of codes) into a de-duplicated tuple, keeping the order given.

    Raises:
        LanguageError: a code is unknown, or the list is empty.
    """
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    codes = [check_language(p) for p in parts if p.strip()]
    if not codes:
        raise LanguageError(f"no language given in {spec!r}: choose from {', '.join(LANGUAGES)}")
    return tuple(dict.fromkeys(codes))
