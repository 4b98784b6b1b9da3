"""Length: the output is as long as human translations of a source that long, within ``LIMIT`` s.d.

Human translators write Russian about 14 % and Uzbek about 24 % longer than English (NTREX-128), and the
spread is wider for short segments, so the model is measured per direction as a function of the source
length L (characters, spaces not counted, Uzbek Latin digraphs counted once: see :func:`chars`)::

    log(len(output) / len(source)) ~ Normal(mean = a + b / L, variance = c + d / L)

The parameters live in ``length.json`` beside this module, with the command that fitted them
(:func:`fit` on NTREX-128 references). A segment beyond ``LIMIT`` standard deviations is flagged: far
shorter suggests something was left out, far longer something was added or repeated.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from summix.checks.base import Finding, Outcome, Pair
from summix.text import APOSTROPHES

KIND = "length"
LIMIT = 3.0  # standard deviations
MIN_SD = 0.05  # a fitted variance never claims more certainty than this
PARAMETERS = Path(__file__).with_name("length.json")
_DIGRAPHS = re.compile(r"(?i)(?:sh|ch|[og][" + re.escape(APOSTROPHES) + "])")


@dataclass(frozen=True)
class LengthModel:
    """The fitted distribution of the log length ratio for one direction (see the module docstring)."""

    mean: float
    mean_per_char: float
    variance: float
    variance_per_char: float
    pairs: int

    def expected(self, source_chars: int) -> tuple[float, float]:
        """(mean, s.d.) of log(output/source length) for a source of ``source_chars`` characters."""
        inverse = 1.0 / max(source_chars, 1)
        variance = self.variance + self.variance_per_char * inverse
        return self.mean + self.mean_per_char * inverse, max(math.sqrt(max(variance, 0.0)), MIN_SD)


def chars(text: str) -> int:
    """The length the model counts: characters that are not white space, with the digraphs of Uzbek
    Latin counted once (sh, ch, oʻ, gʻ are ш, ч, ў, ғ in Cyrillic), so that both scripts measure alike."""
    return sum(1 for ch in _DIGRAPHS.sub("x", text) if not ch.isspace())


def measure(pair: Pair) -> tuple[float, float, float] | None:
    """(ratio, mean, z): the output's length over the source's, the mean log ratio of human translations
    of a source that long, and how many s.d. the output's log ratio lies from it; None when there is
    nothing to compare (an empty side: the empty check speaks for it) or no model (src == tgt)."""
    source, output = chars(pair.source), chars(pair.output)
    model = models().get(f"{pair.src}-{pair.tgt}")
    if not source or not output or model is None:
        return None
    mean, sd = model.expected(source)
    ratio = output / source
    return ratio, mean, (math.log(ratio) - mean) / sd


def run(pair: Pair) -> Outcome:
    """Flag an output whose length is beyond ``LIMIT`` s.d. of the human distribution for its direction
    (no direction, no finding: a text checked against itself in one language)."""
    measured = measure(pair)
    if measured is None:
        return Outcome()
    ratio, mean, z = measured
    values = {"ratio": round(ratio, 3), "expected": round(math.exp(mean), 3), "z": round(z, 2)}
    if abs(z) <= LIMIT:
        return Outcome((), values)
    side = "shorter" if z < 0 else "longer"
    reason = (
        f"the output is {ratio:.2f} times the source's length; human translations are {math.exp(mean):.2f} "
        f"times, so it is {abs(z):.1f} s.d. {side} (more than {LIMIT:g})"
    )
    return Outcome((Finding(KIND, reason),), values)


@functools.cache
def models() -> dict[str, LengthModel]:
    """The fitted model of every direction, read from ``length.json``."""
    data = json.loads(PARAMETERS.read_text(encoding="utf-8"))
    return {direction: LengthModel(**fields) for direction, fields in data["directions"].items()}


def fit(sources: Sequence[str], outputs: Sequence[str]) -> LengthModel:
    """Fit the model by least squares on 1/L: first the mean, then the squared residuals.

    Pairs where either side is empty are left out.

    Raises:
        ValueError: fewer than three pairs with text on both sides.
    """
    lengths = [(chars(s), chars(o)) for s, o in zip(sources, outputs, strict=True)]
    lengths = [(s, o) for s, o in lengths if s and o]
    if len(lengths) < 3:
        raise ValueError(f"fitting needs at least 3 non-empty pairs, got {len(lengths)}")
    inverse = [1.0 / s for s, _ in lengths]
    logs = [math.log(o / s) for s, o in lengths]
    mean, mean_per_char = _line(inverse, logs)
    residuals = [(y - mean - mean_per_char * x) ** 2 for x, y in zip(inverse, logs, strict=True)]
    variance, variance_per_char = _line(inverse, residuals)
    return LengthModel(mean, mean_per_char, variance, variance_per_char, len(lengths))


def _line(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Intercept and slope of the least-squares line through (xs, ys)."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0
    return mean_y - slope * mean_x, slope


def as_json(fitted: dict[str, LengthModel], command: str, source: str) -> str:
    """The text of ``length.json`` for ``fitted`` models, with the command and data that produced them."""
    rounded = {d: {k: round(v, 6) for k, v in asdict(m).items()} for d, m in fitted.items()}
    return json.dumps({"command": command, "data": source, "directions": rounded}, indent=2) + "\n"
