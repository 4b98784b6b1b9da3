"""Language codes that name a script: ``uz-Cyrl``, ``uz-Latn`` and their aliases as (language, script).

The codes and aliases are those of the languages table (:mod:`summix.languages`), the one parser of
language codes; this module gives them as a (language, script) pair.
"""

from __future__ import annotations

from typing import NamedTuple

from summix import languages

SCRIPTS: tuple[str, ...] = ("Latn", "Cyrl")
VALID_TAGS: tuple[str, ...] = languages.VALID


class LanguageTag(NamedTuple):
    """A language and the script it is written in, e.g. ``LanguageTag("uz", "Cyrl")``."""

    language: str
    script: str

    @property
    def code(self) -> str:
        """The canonical spelling: ``uz-Latn``, ``uz-Cyrl``, ``en`` or ``ru`` (one script each)."""
        return languages.tagged_code(languages.get(languages.in_script(self.language, self.script)))


def parse_language_tag(tag: str) -> LanguageTag:
    """Parse a language code that may name a script into a :class:`LanguageTag`.

    Case does not matter and ``_`` may stand for ``-``: ``uz-Cyrl``, ``uz_cyrl`` and ``uzc`` give
    ``("uz", "Cyrl")``; ``uz``, ``uz-Latn`` and ``uz_latn`` give ``("uz", "Latn")``; ``en`` and ``ru``
    give their only script (``en-Latn`` and ``ru-Cyrl`` are accepted too).

    Raises:
        LanguageError: ``tag`` is none of these; the message lists the valid codes.
    """
    lang = languages.get(tag)
    return LanguageTag(lang.model_language, lang.script)
