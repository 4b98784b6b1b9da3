"""Language codes that name a script: ``uz-Cyrl``, ``uz-Latn`` and their aliases as (language, script)."""

from __future__ import annotations

from typing import NamedTuple

from summix.errors import LanguageError

SCRIPTS: tuple[str, ...] = ("Latn", "Cyrl")


class LanguageTag(NamedTuple):
    """A language and the script it is written in, e.g. ``LanguageTag("uz", "Cyrl")``."""

    language: str
    script: str

    @property
    def code(self) -> str:
        """The canonical spelling: ``uz-Latn``, ``uz-Cyrl``, ``en`` or ``ru`` (one script each)."""
        return f"{self.language}-{self.script}" if self.language == "uz" else self.language


# Keys are lower case with "-" for "_"; Uzbek alone is written in two scripts.
_TAGS: dict[str, LanguageTag] = {
    "en": LanguageTag("en", "Latn"),
    "en-latn": LanguageTag("en", "Latn"),
    "ru": LanguageTag("ru", "Cyrl"),
    "ru-cyrl": LanguageTag("ru", "Cyrl"),
    "uz": LanguageTag("uz", "Latn"),
    "uz-latn": LanguageTag("uz", "Latn"),
    "uzl": LanguageTag("uz", "Latn"),
    "uz-cyrl": LanguageTag("uz", "Cyrl"),
    "uzc": LanguageTag("uz", "Cyrl"),
}
VALID_TAGS: tuple[str, ...] = ("en", "ru", "uz", "uz-Latn", "uz-Cyrl")


def parse_language_tag(tag: str) -> LanguageTag:
    """Parse a language code that may name a script into a :class:`LanguageTag`.

    Case does not matter and ``_`` may stand for ``-``: ``uz-Cyrl``, ``uz_cyrl`` and ``uzc`` give
    ``("uz", "Cyrl")``; ``uz``, ``uz-Latn`` and ``uz_latn`` give ``("uz", "Latn")``; ``en`` and ``ru``
    give their only script (``en-Latn`` and ``ru-Cyrl`` are accepted too).

    Raises:
        LanguageError: ``tag`` is none of these; the message lists the valid codes.
    """
    key = tag.strip().lower().replace("_", "-")
    if key in _TAGS:
        return _TAGS[key]
    raise LanguageError(
        f"unknown language {tag!r}: use one of {', '.join(VALID_TAGS)} "
        "(aliases: uz_cyrl and uzc for uz-Cyrl, uz_latn for uz-Latn)"
    )
