"""The languages summix serves, in one table: add a language (or a script variant) here.

Each family module maps these codes to its own (``eng_Latn``, ``__uz__``, ``<2uz>``, XL-Sum's ``uzbek``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summix.errors import LanguageError


@dataclass(frozen=True)
class Language:
    """A language summix serves: its code (as users type it), English name and script."""

    code: str
    name: str
    script: str


TABLE: tuple[Language, ...] = (
    Language("uz", "Uzbek", "Latn"),
    Language("ru", "Russian", "Cyrl"),
    Language("en", "English", "Latn"),
)
LANGUAGES: tuple[str, ...] = tuple(lang.code for lang in TABLE)
NAMES: dict[str, str] = {lang.code: lang.name for lang in TABLE}
_BY_FOLDED = {lang.code.lower(): lang.code for lang in TABLE}


def check_language(code: str) -> str:
    """Return ``code`` as the table spells it (codes are matched without regard to case).

    Raises:
        LanguageError: ``code`` is not in the table.
    """
    norm = _BY_FOLDED.get(code.strip().lower())
    if norm is None:
        raise LanguageError(f"unknown language {code!r}: summix serves {', '.join(LANGUAGES)}")
    return norm


def parse_languages(spec: str | Sequence[str]) -> tuple[str, ...]:
    """Parse ``"uz,ru"`` (or a list of codes) into a de-duplicated tuple, keeping the order given.

    Raises:
        LanguageError: a code is unknown, or the list is empty.
    """
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    codes = [check_language(p) for p in parts if p.strip()]
    if not codes:
        raise LanguageError(f"no language given in {spec!r}: choose from {', '.join(LANGUAGES)}")
    return tuple(dict.fromkeys(codes))


def parse_targets(to: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """Target languages as given: a tuple, or None for ``auto`` (or nothing).

    Raises:
        LanguageError: a code is unknown.
    """
    if to is None or not to or isinstance(to, str) and to.strip().lower() == "auto":
        return None
    return parse_languages(to)


def targets(to: tuple[str, ...] | None, source: str | None) -> tuple[str, ...]:
    """The languages to produce: ``to``, or for ``None`` (auto) every language but ``source`` (all of them
    when the source is not known, so that every item gets the same fields)."""
    if to is not None:
        return to
    return tuple(lang for lang in LANGUAGES if lang != source)


def check_source(source: str) -> str:
    """``auto``, or a checked language code.

    Raises:
        LanguageError: an unknown code.
    """
    return "auto" if source.strip().lower() == "auto" else check_language(source)
