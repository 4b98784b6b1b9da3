"""Units of measure, so that a number converted between metric and imperial units still matches.

Translators convert: "80 degrees" (Fahrenheit) becomes "27 градусов", "6 metres" becomes "20 feet",
"25 cm" becomes "10 dyum", "550 pounds" becomes "250 килограмм". A number written with a unit of length,
mass, area or temperature matches a number with a unit of the same kind on the other side when the two
are the same quantity within the rounding a translator allows: ``TOLERANCE`` of the exact value (a
rounding to two significant digits is never further off), or a half (a rounding to a whole number).
Speeds follow (km/h = км/ч, mph = miles), since the hours cancel out. Both ends of a range take the
unit written after the second ("5–10 см" = "2-4 dyum", "от 5 до 10 см" = "2 to 4 inches")."""

from __future__ import annotations

from dataclasses import dataclass

TOLERANCE = 0.05  # relative difference a conversion may show after a translator's rounding

# Whole words (abbreviations), then stems that begin longer words in every language and its endings.
_EXACT: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("km", "км"), ("length", 1000.0)),
    **dict.fromkeys(("cm", "см", "sm"), ("length", 0.01)),
    **dict.fromkeys(("mm", "мм"), ("length", 0.001)),
    **dict.fromkeys(("м",), ("length", 1.0)),
    **dict.fromkeys(("mi", "mil", "мил", "mph"), ("length", 1609.344)),
    **dict.fromkeys(("ft",), ("length", 0.3048)),
    **dict.fromkeys(("yd",), ("length", 0.9144)),
    **dict.fromkeys(("kg", "кг"), ("mass", 1.0)),
    **dict.fromkeys(("lb", "lbs"), ("mass", 0.45359237)),
    **dict.fromkeys(("ha", "га"), ("area", 10000.0)),
}
_STEMS: tuple[tuple[str, tuple[str, float]], ...] = (
    *((s, ("length", 1000.0)) for s in ("kilomet", "километр", "kilometr")),
    *((s, ("length", 0.01)) for s in ("centimet", "сантиметр", "santimetr")),
    *((s, ("length", 0.001)) for s in ("millimet", "миллиметр", "millimetr")),
    *((s, ("length", 1.0)) for s in ("metre", "meter", "метр", "metr")),
    *((s, ("length", 1609.344)) for s in ("mile", "миль", "мили")),
    *((s, ("length", 0.3048)) for s in ("foot", "feet", "фут", "fut")),
    *((s, ("length", 0.0254)) for s in ("inch", "дюйм", "dyum", "дюм")),
    *((s, ("length", 0.9144)) for s in ("yard", "ярд")),
    *((s, ("mass", 1.0)) for s in ("kilogram", "килограм")),
    *((s, ("mass", 0.45359237)) for s in ("pound", "фунт", "funt")),
    *((s, ("area", 10000.0)) for s in ("hectare", "гектар", "gektar")),
    *((s, ("area", 4046.8564224)) for s in ("acre", "акр", "akr")),
    *((s, ("temperature", 0.0)) for s in ("degree", "градус", "gradus", "daraja", "даража")),
)


@dataclass(frozen=True)
class Unit:
    """A kind of quantity ("length", "mass", "area", "temperature") and the size of one unit in metres,
    kilograms or square metres (0 for degrees, whose scale the word alone does not say)."""

    kind: str
    size: float


def unit(word: str) -> Unit | None:
    """The unit a word after (or attached to) a number names, or None ("25 см" -> length, 0.01)."""
    bare = word.lower().strip("-‐–'’.")
    if bare in _EXACT:
        return Unit(*_EXACT[bare])
    found = next((u for stem, u in _STEMS if bare.startswith(stem)), None)
    return Unit(*found) if found else None


def same_quantity(a: float, a_unit: Unit, b: float, b_unit: Unit) -> bool:
    """True when ``a`` and ``b``, in their units of one kind, are one quantity after rounding (see the
    module docstring); degrees are tried as Celsius against Fahrenheit both ways."""
    if a_unit.kind != b_unit.kind:
        return False
    if a_unit.kind == "temperature":
        return close(b, a * 9 / 5 + 32) or close(a, b * 9 / 5 + 32)
    return close(b, a * a_unit.size / b_unit.size) or close(a, b * b_unit.size / a_unit.size)


def close(written: float, exact: float) -> bool:
    """True when ``written`` is ``exact`` rounded: within ``TOLERANCE`` of it (two significant digits
    are never further off), or within a half of it (rounded to a whole number: 2.76 inches is "3")."""
    return abs(written - exact) <= max(TOLERANCE * abs(exact), 0.5)
