"""Numbers: every number of the source is in the output, and the output has no number of its own.

Numbers are compared by value, not by spelling: ``1,500`` = ``1 500`` = ``1.500`` (thousands), ``2.5`` =
``2,5``, ``$1.2bn`` = ``1,2 млрд`` = ``1,2 mlrd``, ``50%`` = ``50 процентов``, ``1930s`` = ``30-е годы`` =
``1930-yillar``, ``3 pm`` = ``15:00``, ``2024-yil`` = ``2024``, ``15-mart`` = ``15``. A spelling that can be
read two ways (``1,000`` is a thousand in English and one in Russian) carries both values, and a number
matches when any of its values is among the other side's. Written-out numbers ("three", "двумя",
"полтора") count as matches for digits but are never required, because translators write small numbers
either way and words such as "one" are often no number at all.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from summix.checks import wordnumbers
from summix.checks.base import Finding, Outcome, Pair, quoted
from summix.checks.units import Unit, same_quantity, unit

KIND = "numbers"

Value = float | str  # a quantity, or "tH:MM" for a time of day

_SPACE = "[ \u00a0\u202f\u2009]"
_SCALES: dict[str, float] = {
    **dict.fromkeys(("k", "thousand", "thousands", "тыс", "ming", "минг"), 1e3),
    **dict.fromkeys(("m", "mn", "mln", "million", "millions", "млн", "million", "миллион"), 1e6),
    **dict.fromkeys(("bn", "b", "billion", "billions", "млрд", "mlrd", "mlr", "milliard", "миллиард"), 1e9),
    **dict.fromkeys(("tn", "trillion", "trillions", "трлн", "trln", "trillion", "триллион"), 1e12),
}
# Inflected scale words are recognised by their stem: тысячи, миллионов, milliardga, minglab ...
_SCALE_STEMS: tuple[tuple[str, float], ...] = (
    ("тысяч", 1e3), ("миллион", 1e6), ("миллиард", 1e9), ("триллион", 1e12),
    ("million", 1e6), ("milliard", 1e9), ("trillion", 1e12), ("ming", 1e3), ("минг", 1e3),
)  # fmt: skip
# A letter that ends an amount directly ("$5m", "£2bn", "10k") is a scale only in these spellings.
_ATTACHED_SCALES = ("k", "m", "mn", "bn", "b", "tn")
# What joins the two ends of a range: a dash, or "to", "до", "and", "или", "yoki", "dan" ...
_RANGE = re.compile(r"\s*(?:[-‐–—]|(?:to|and|or|до|и|или|va|yoki|dan|gacha|ва|ёки|дан)\s)\s*", re.IGNORECASE)
_DECADE_SUFFIXES = ("s", "е", "x", "х", "yil", "йил", "годы", "годов", "годах")

_NUMBER = re.compile(
    r"(?<![\w.,])(?:"
    r"(?P<ampm>(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s?(?P<half>[aApP])\.?\s?[mM]\.?(?!\w))"
    r"|(?P<clock>(?P<ch>[01]?\d|2[0-3])[:.](?P<cm>[0-5]\d)(?!\d|[.,]\d))"
    r"|(?P<spaced>\d{1,3}(?:" + _SPACE + r"\d{3}(?!\d))+(?:[.,]\d+)?)"
    r"|(?P<plain>\d+(?:[.,]\d+)*)"
    r")(?P<suffix>['’]?[-‐–]?[^\W\d_]+)?"
    r"(?:\s+(?P<scale>[^\W\d_]+)\.?)?"
)


@dataclass(frozen=True)
class Mention:
    """A number as written (``text``) and the values it can stand for.

    ``required`` is False for written-out numbers: they may match a digit on the other side but their
    absence there is no finding. ``unit`` is the unit of measure written with it, if any.
    """

    text: str
    values: frozenset[Value]
    required: bool = True
    unit: Unit | None = None


def mentions(text: str, lang: str) -> list[Mention]:
    """Every number in ``text``: digits, times, amounts with scale words, written-out numbers in ``lang``."""
    matches = list(_NUMBER.finditer(text))
    found = _ranges_share_units(text, matches, [_mention(match) for match in matches])
    written = [
        Mention(words, frozenset({value}), required=False) for words, value in wordnumbers.find(text, lang)
    ]
    return found + written


def run(pair: Pair) -> Outcome:
    """Compare the numbers of source and output by value (see the module docstring)."""
    source = mentions(pair.source, pair.src)
    output = mentions(pair.output, pair.tgt)
    missing = unmatched(source, output)
    extra = unmatched(output, source)
    findings = []
    if missing:
        findings.append(Finding(KIND, f"the output lacks {quoted(missing)} from the source", tuple(missing)))
    if extra:
        findings.append(Finding(KIND, f"the output has {quoted(extra)}, not in the source", tuple(extra)))
    values = {
        "source": [m.text for m in source if m.required],
        "output": [m.text for m in output if m.required],
        "missing": missing,
        "extra": extra,
    }
    return Outcome(tuple(findings), values)


def unmatched(side: list[Mention], other: list[Mention]) -> list[str]:
    """The required mentions of ``side`` none of whose values any mention of ``other`` has, as written
    or converted to the other's unit (:mod:`summix.checks.units`)."""
    pool = frozenset().union(*(m.values for m in other))
    measured = [m for m in other if m.unit is not None]
    return [m.text for m in side if m.required and not m.values & pool and not _converted(m, measured)]


def _converted(mention: Mention, measured: list[Mention]) -> bool:
    """True when some measured mention is ``mention``'s quantity in another unit."""
    if mention.unit is None:
        return False
    return any(
        same_quantity(mine, mention.unit, theirs, other.unit)
        for other in measured
        if other.unit is not None
        for mine in mention.values
        if isinstance(mine, float)
        for theirs in other.values
        if isinstance(theirs, float)
    )


# ------------------------------------------------------------------------------------------- reading


def _mention(match: re.Match[str]) -> Mention:
    """The mention a regular-expression match stands for."""
    if match["ampm"]:
        return _ampm(match)
    if match["clock"] and not _scale(match["scale"] or ""):
        return _clock(match)
    digits = match["spaced"] or match["plain"] or match["clock"]
    values = _spaced_values(digits) if match["spaced"] else _plain_values(digits)
    values, text = _with_suffix(values, match["suffix"] or "", digits)
    scale = _scale(match["scale"] or "")
    if scale and not _scale(match["suffix"] or ""):
        values = frozenset(_round(v * scale) for v in values if isinstance(v, float))
        text = f"{text} {match['scale']}"
    measure = unit(match["suffix"] or "") or unit(match["scale"] or "")
    return Mention(text, values, unit=measure)


def _ranges_share_units(text: str, matches: list[re.Match[str]], found: list[Mention]) -> list[Mention]:
    """``found``, where the first number of a range takes the unit written after the second ("5–10 см",
    "2 to 4 inches", "от 5 до 10 см"): both ends are converted when the translator changes the unit."""
    shared = list(found)
    for i in range(len(found) - 2, -1, -1):
        between = text[_number_end(matches[i]) : matches[i + 1].start()]
        if shared[i].unit is None and shared[i + 1].unit is not None and _RANGE.fullmatch(between):
            shared[i] = dataclasses.replace(shared[i], unit=shared[i + 1].unit)
    return shared


def _number_end(match: re.Match[str]) -> int:
    """Where a number ends: after its scale word or unit, but before a word that is neither ("5 до")."""
    word = match["scale"]
    if word and not _scale(word) and unit(word) is None:
        return match.start("scale")
    return match.end()


def _ampm(match: re.Match[str]) -> Mention:
    """``3 pm``, ``11:30 a.m.``: the time on a 24-hour clock (and a whole hour as written)."""
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour > 12 or minute > 59:
        return Mention(match["ampm"], frozenset({float(hour), float(minute)}))
    afternoon = match["half"].lower() == "p"
    time = _time(hour % 12 + (12 if afternoon else 0), minute)
    text = match["ampm"].strip()
    if text.endswith(".") and text[-3] != ".":
        text = text[:-1]  # "4 pm." ends a sentence; "4 p.m." keeps its dot
    # "3 pm" may be written "в 3 часа дня"; "4.40 am" is a time only.
    return Mention(text, frozenset({time} if match["m"] else {time, float(hour)}))


def _clock(match: re.Match[str]) -> Mention:
    """``15:00`` (also the hour: 15, and 3 as in "3 pm") or ``15.00`` (also a decimal number, a price)."""
    hour, minute = int(match["ch"]), int(match["cm"])
    other = {float(hour)} if ":" in match["clock"] else set(_plain_values(match["clock"]))
    if hour > 12 and minute == 0:
        other.add(float(hour - 12))  # 19:00 is "soat 7", "7 pm"
    return Mention(match["clock"], frozenset({_time(hour, minute), *other}))


def _time(hour: int, minute: int) -> str:
    """The value of a time of day."""
    return f"t{hour}:{minute:02d}"


def _round(value: float) -> float:
    """Round away binary noise (1.2 * 1e9) so that equal amounts compare equal."""
    return float(f"{value:.12g}")


def _spaced_values(digits: str) -> frozenset[Value]:
    """``30 000`` or ``1 234,5``: groups of three split by spaces, then maybe a decimal part."""
    return frozenset({_round(float(re.sub(_SPACE, "", digits).replace(",", ".")))})


def _plain_values(digits: str) -> frozenset[Value]:
    """Every reading of digits with ``.`` and ``,`` separators (see the module docstring)."""
    groups = re.split(r"[.,]", digits)
    seps = re.findall(r"[.,]", digits)
    if not seps:
        return frozenset({float(digits)})
    thousands = all(len(g) == 3 for g in groups[1:])
    if len(seps) == 1:
        decimal = float(groups[0] + "." + groups[1])
        return frozenset({_round(decimal), float(groups[0] + groups[1])} if thousands else {_round(decimal)})
    if len(set(seps)) == 1:
        # 1,000,000 is one number; 12.03.2019 is a date whose parts each count.
        return frozenset({float("".join(groups))}) if thousands else frozenset(float(g) for g in groups)
    if all(len(g) == 3 for g in groups[1:-1]) and seps[-1] != seps[0]:
        return frozenset({_round(float("".join(groups[:-1]) + "." + groups[-1]))})
    return frozenset(float(g) for g in groups)


def _with_suffix(values: frozenset[Value], suffix: str, digits: str) -> tuple[frozenset[Value], str]:
    """Apply a suffix written onto the digits: ``1930s`` adds the decade ``30``; ``5m`` a million."""
    bare = suffix.lstrip("'’-‐–").lower()
    if not bare:
        return values, digits
    text = digits + suffix
    scale = _SCALES[bare] if bare in _ATTACHED_SCALES else _scale(bare)
    if scale and ("-" not in suffix or bare not in _SCALES):
        scaled = frozenset(_round(v * scale) for v in values if isinstance(v, float))
        # "5m" may be five metres as well as five million.
        return (values | scaled if bare == "m" else scaled), text
    if bare.startswith(_DECADE_SUFFIXES) and len(digits) == 4 and digits.endswith("0"):
        return values | {float(int(digits) % 100)}, text
    return values, text


def _scale(word: str) -> float:
    """The multiplier a scale word stands for ("million", "млн", "тысячи", "mlrd"), or 0 for another word."""
    bare = word.lower().rstrip(".")
    if bare in _SCALES and bare not in ("m", "b", "k"):
        return _SCALES[bare]
    return next((scale for stem, scale in _SCALE_STEMS if bare.startswith(stem)), 0.0)
