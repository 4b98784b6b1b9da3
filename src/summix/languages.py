"""The languages summix serves, in one table: add a language (or a script variant) here.

Each family module maps the table's model languages to its own codes (``eng_Latn``, ``__uz__``, ``<2uz>``,
XL-Sum's ``uzbek``). A script variant (``uz-Cyrl``) is served by the models of its language (``uz``): its
text is transliterated on the way in and out (:mod:`summix.scripts`). This module is the one parser of
language codes; :func:`summix.translit.parse_language_tag` reads the same table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summix.errors import LanguageError


@dataclass(frozen=True)
class Language:
    """A language summix serves: its code (as users type it, and as fields and file names show it),
    English name and script, the language its models are asked for when it is a script variant
    (``variant_of``), and other spellings of its code (matched without regard to case, ``_`` for ``-``)."""

    code: str
    name: str
    script: str
    variant_of: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def model_language(self) -> str:
        """The code the models serve it under: ``uz`` for ``uz-Cyrl``, the code itself otherwise."""
        return self.variant_of or self.code


TABLE: tuple[Language, ...] = (
    Language("uz", "Uzbek", "Latn", aliases=("uz-Latn", "uzl")),
    Language("ru", "Russian", "Cyrl", aliases=("ru-Cyrl",)),
    Language("en", "English", "Latn", aliases=("en-Latn",)),
    # No model writes Cyrillic Uzbek well: the Latin output is transliterated (summix.translit).
    Language("uz-Cyrl", "Uzbek (Cyrillic)", "Cyrl", variant_of="uz", aliases=("uzc",)),
)
# The languages models serve, and the default and ``auto`` targets; script variants are asked for by name.
LANGUAGES: tuple[str, ...] = tuple(lang.code for lang in TABLE if lang.variant_of is None)
CODES: tuple[str, ...] = tuple(lang.code for lang in TABLE)
NAMES: dict[str, str] = {lang.code: lang.name for lang in TABLE}
_BY_KEY: dict[str, Language] = {
    key.lower().replace("_", "-"): lang for lang in TABLE for key in (lang.code, *lang.aliases)
}


def _several_scripts(code: str) -> bool:
    return any(lang.variant_of == code for lang in TABLE)


def tagged_code(lang: Language) -> str:
    """The code with its script for a language written in several (``uz-Latn``, ``uz-Cyrl``), else the
    code (``en``, ``ru``)."""
    base = lang.model_language
    return f"{base}-{lang.script}" if _several_scripts(base) else lang.code


# What messages list: every code, and both spellings of a language written in two scripts.
VALID: tuple[str, ...] = (
    *LANGUAGES,
    *(tagged_code(lang) for lang in TABLE if _several_scripts(lang.model_language)),
)


def _other_spellings(lang: Language) -> str:
    short = [a for a in (lang.code, *lang.aliases) if "-" not in a and a != lang.code]
    return f"{', '.join([tagged_code(lang).replace('-', '_').lower(), *short])} for {tagged_code(lang)}"


_SPELLINGS = "; ".join(_other_spellings(lang) for lang in TABLE if _several_scripts(lang.model_language))


def get(code: str) -> Language:
    """The table's language for ``code`` or one of its aliases (``uz-Latn``, ``uz_cyrl``, ``UZC``).

    Raises:
        LanguageError: no language has that code; the message lists the valid ones.
    """
    found = _BY_KEY.get(code.strip().lower().replace("_", "-"))
    if found is None:
        raise LanguageError(f"unknown language {code!r}: use one of {', '.join(VALID)} (also {_SPELLINGS})")
    return found


def check_language(code: str) -> str:
    """Return ``code`` as the table spells it: ``uz-Latn`` and ``UZ`` give ``uz``, ``uzc`` gives ``uz-Cyrl``.

    Raises:
        LanguageError: ``code`` is not in the table.
    """
    return get(code).code


def model_language(code: str) -> str:
    """The language models serve ``code`` under (``uz`` for ``uz-Cyrl``), checked.

    Raises:
        LanguageError: ``code`` is not in the table.
    """
    return get(code).model_language


def by_model_language(codes: Iterable[str]) -> dict[str, list[str]]:
    """``codes`` grouped by the language models serve them under, in order (``uz`` and ``uz-Cyrl`` are
    one group: one model run writes both scripts).

    Raises:
        LanguageError: a code is not in the table.
    """
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(model_language(code), []).append(code)
    return groups


def script_of(code: str) -> str:
    """The script ``code`` is written in (``Latn``, ``Cyrl``).

    Raises:
        LanguageError: ``code`` is not in the table.
    """
    return get(code).script


def in_script(language: str, script: str) -> str:
    """The table's code for model language ``language`` written in ``script``: ``uz-Cyrl`` for
    (``uz``, ``Cyrl``); ``language`` itself when the table has it in one script only."""
    for lang in TABLE:
        if lang.model_language == language and lang.script == script:
            return lang.code
    return language


def has_scripts(code: str) -> bool:
    """True when the language of ``code`` is written in several scripts (Uzbek).

    Raises:
        LanguageError: ``code`` is not in the table.
    """
    return _several_scripts(model_language(code))


def model_direction(src: str, tgt: str) -> tuple[str, str] | None:
    """The direction a model translates for ``src`` -> ``tgt`` (``uz-Cyrl`` -> ``en`` is ``uz`` -> ``en``);
    None when both are the same language (a copy, or a transliteration between its scripts).

    Raises:
        LanguageError: an unknown code.
    """
    direction = (model_language(src), model_language(tgt))
    return None if direction[0] == direction[1] else direction


def parse_direction(value: str) -> tuple[str, str]:
    """``SRC-TGT`` as two checked codes; either may name a script (``en-uz-Cyrl``, ``uz-Cyrl-ru``).

    Raises:
        LanguageError: no split of ``value`` at a ``-`` gives two known codes.
    """
    parts = value.split("-")
    for cut in range(1, len(parts)):
        try:
            return check_language("-".join(parts[:cut])), check_language("-".join(parts[cut:]))
        except LanguageError:
            continue
    raise LanguageError(
        f"{value!r} is not SRC-TGT with SRC and TGT among {', '.join(VALID)} (e.g. en-uz, en-uz-Cyrl)"
    )


def parse_languages(spec: str | Sequence[str]) -> tuple[str, ...]:
    """Parse ``"uz,ru"`` (or a list of codes) into a de-duplicated tuple, keeping the order given.

    Raises:
        LanguageError: a code is unknown, or the list is empty.
    """
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    codes = [check_language(p) for p in parts if p.strip()]
    if not codes:
        raise LanguageError(f"no language given in {spec!r}: choose from {', '.join(VALID)}")
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
    """The languages to produce: ``to``, or for ``None`` (auto) every language of :data:`LANGUAGES` but
    the source's (all of them when the source is not known, so that every item gets the same fields);
    a Cyrillic Uzbek source gets ``ru`` and ``en``."""
    if to is not None:
        return to
    own = model_language(source) if source is not None else None
    return tuple(lang for lang in LANGUAGES if lang != own)


def check_source(source: str) -> str:
    """``auto``, or a checked language code.

    Raises:
        LanguageError: an unknown code.
    """
    return "auto" if source.strip().lower() == "auto" else check_language(source)
