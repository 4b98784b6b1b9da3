"""Languages in several scripts (Uzbek: Latin and Cyrillic) on their way into and out of models.

A model reads and writes a language in one script (:attr:`summix.families.base.Family.scripts`: the
translators write Uzbek in Latin, XL-Sum in Cyrillic). Text in another script is transliterated
(:mod:`summix.translit`) before the model reads it and after it writes, so every model serves both ``uz``
and ``uz-Cyrl``, and output in the script a model does not write says so in its signature
(``extra["script"]``). Uzbek Latin from a model gets the standard apostrophes (U+02BB in oʻ/gʻ, U+02BC
for the tutuq belgisi) unless they are kept as written (``extra["apostrophes"]``: ``standard`` or
``kept``). Pure functions: nothing here loads a model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from summix import languages
from summix import text as textmod

SCRIPT_KEY = "script"  # Signature.extra: how the output got its script
APOSTROPHES_KEY = "apostrophes"  # Signature.extra: "standard" or "kept", for Uzbek Latin output


def detect(text: str) -> str:
    """The language of ``text`` with its script: ``en``, ``ru``, ``uz`` (Latin) or ``uz-Cyrl``."""
    language = textmod.detect_language(text)
    script = "Cyrl" if textmod.uzbek_script(text) == "cyrl" else "Latn"
    return languages.in_script(language, script)


def model_code(ref: Any, code: str) -> str:
    """The code of the script ``ref``'s model reads and writes the language of ``code`` in: ``uz`` for
    the translators, ``uz-Cyrl`` for XL-Sum, ``code``'s own language otherwise.

    Raises:
        LanguageError: an unknown code.
    """
    language = languages.model_language(code)
    script = ref.driver.scripts.get(language, languages.script_of(language))
    return languages.in_script(language, script)


def to_model(paragraphs: Sequence[str], src: str, reads: str) -> tuple[list[str], str | None]:
    """``paragraphs`` in ``src`` written for a model that reads the language as ``reads``, and a note
    when that changed them: Cyrillic Uzbek (``uz-Cyrl``) for a model that reads Latin, or the reverse.
    Text whose code names the script the model reads is left as it is (a Russian quotation inside Latin
    Uzbek stays Russian).

    Raises:
        LanguageError: an unknown code.
    """
    if not languages.has_scripts(src) or languages.script_of(src) == languages.script_of(reads):
        return list(paragraphs), None
    out = [_transliterate(p, reads) for p in paragraphs]
    if out == list(paragraphs):
        return out, None
    return out, f"{src} input transliterated to {_tagged(reads)} for the model"


def from_model(
    paragraphs: Sequence[str], written: str, tgt: str, *, keep_apostrophes: bool = False
) -> tuple[list[str], dict[str, str]]:
    """A model's output, written as ``written``, in ``tgt``'s script, and what the signature should say
    about it (:data:`SCRIPT_KEY`, :data:`APOSTROPHES_KEY`). Output already in ``tgt``'s script is not
    transliterated (words the model copied in another script stay as they were); Uzbek Latin gets the
    standard apostrophes unless ``keep_apostrophes``.

    Raises:
        LanguageError: an unknown code.
    """
    if not languages.has_scripts(tgt):
        return list(paragraphs), {}
    extra = {}
    out = list(paragraphs)
    if languages.script_of(written) != languages.script_of(tgt):
        extra[SCRIPT_KEY] = f"transliterated from {_tagged(written)}"
        out = [_transliterate(p, tgt) for p in out]
    if languages.script_of(tgt) == "Latn":
        extra[APOSTROPHES_KEY] = "kept" if keep_apostrophes else "standard"
        out = out if keep_apostrophes else _standard_apostrophes(out)
    return out, extra


def rewrite(paragraphs: Sequence[str], tgt: str, *, keep_apostrophes: bool = False) -> list[str]:
    """``paragraphs`` of a language with several scripts transliterated into ``tgt``'s (unchanged for a
    language with one script); Uzbek Latin gets the standard apostrophes unless ``keep_apostrophes``.

    Raises:
        LanguageError: an unknown code.
    """
    if not languages.has_scripts(tgt):
        return list(paragraphs)
    out = [_transliterate(p, tgt) for p in paragraphs]
    if languages.script_of(tgt) != "Latn" or keep_apostrophes:
        return out
    return _standard_apostrophes(out)


def _standard_apostrophes(paragraphs: list[str]) -> list[str]:
    from summix.translit import normalize_uzbek_apostrophes

    return [normalize_uzbek_apostrophes(p) for p in paragraphs]


def written_as(
    parts: Sequence[str], have: str, tgt: str, signature: Any, *, keep_apostrophes: bool = False
) -> tuple[list[str], Any, tuple[str, ...]]:
    """Text in ``have`` as the output in ``tgt``: a model's output when ``signature`` (its
    :class:`~summix.options.Signature`) is given, else text of the source (in ``tgt``'s own language, a
    part written mostly in its other script is transliterated). Returns the parts, the signature with what
    :func:`from_model` says added to its ``extra``, and notes for the reader.

    Raises:
        LanguageError: an unknown code.
    """
    if signature is None:
        if have == tgt and languages.has_scripts(tgt):
            out = [p if written_in(p, tgt) else _transliterate(p, tgt) for p in parts]
            changed = out != list(parts)
            return out, None, (f"{tgt}: parts in the other script transliterated",) if changed else ()
        if have == tgt:
            return list(parts), None, ()
        note = f"{tgt}: transliterated from the {have} text"
        return rewrite(parts, tgt, keep_apostrophes=keep_apostrophes), None, (note,)
    out, extra = from_model(parts, have, tgt, keep_apostrophes=keep_apostrophes)
    notes = (f"{tgt}: the model's output {extra[SCRIPT_KEY]}",) if SCRIPT_KEY in extra else ()
    return out, dataclasses.replace(signature, extra={**signature.extra, **extra}), notes


def written_in(text: str, code: str) -> bool:
    """True when ``text`` has no letters or most of its letters are in ``code``'s script ("217 A (III)"
    inside a Cyrillic paragraph is Cyrillic).

    Raises:
        LanguageError: an unknown code.
    """
    cyrillic, latin = textmod.script_counts(text)
    if not cyrillic and not latin:
        return True
    return ("Cyrl" if cyrillic > latin else "Latn") == languages.script_of(code)


def _transliterate(text: str, code: str) -> str:
    from summix.translit import transliterate

    return transliterate(text, to=code)


def _tagged(code: str) -> str:
    return languages.tagged_code(languages.get(code))
