"""The curated checkpoints summix knows by alias, as data.

Revisions say ``main`` where no commit could be confirmed from published material; ``summix models pull``
resolves that to the exact commit and records it in a lock file beside the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summix.errors import ModelNotFoundError

FAMILIES: tuple[str, ...] = ("nllb", "m2m100", "marian", "mt5")
TASKS: tuple[str, ...] = ("translate", "summarize", "cross-summarize")


@dataclass(frozen=True)
class ModelSpec:
    """One curated checkpoint: where it lives on the hub and how its card says to drive it."""

    alias: str
    repo_id: str
    family: str
    tasks: tuple[str, ...]
    languages: tuple[str, ...]
    directions: tuple[tuple[str, str], ...]
    license: str
    non_commercial: bool
    download_mb: int
    parameters_m: int
    max_input_tokens: int
    generation: dict[str, int] = field(default_factory=dict)
    revision: str = "main"
    note: str = ""

    def serves(self, task: str, src: str, tgt: str) -> bool:
        """True when this model can do ``task`` from ``src`` into ``tgt``."""
        if task not in self.tasks:
            return False
        if task == "summarize":
            return src == tgt and src in self.languages
        return (src, tgt) in self.directions


def _all_pairs(langs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a in langs for b in langs if a != b)


_UZRUEN = ("uz", "ru", "en")
_XLSUM = {"max_length": 84, "num_beams": 4, "no_repeat_ngram_size": 2}

SPECS: tuple[ModelSpec, ...] = (
    ModelSpec(
        alias="nllb-600m",
        repo_id="facebook/nllb-200-distilled-600M",
        family="nllb",
        tasks=("translate",),
        languages=_UZRUEN,
        directions=_all_pairs(_UZRUEN),
        license="CC-BY-NC-4.0",
        non_commercial=True,
        download_mb=2460,
        parameters_m=600,
        max_input_tokens=512,
        generation={"num_beams": 4},
        note="sentence-level model: summix feeds it sentence chunks",
    ),
    ModelSpec(
        alias="nllb-1.3b",
        repo_id="facebook/nllb-200-distilled-1.3B",
        family="nllb",
        tasks=("translate",),
        languages=_UZRUEN,
        directions=_all_pairs(_UZRUEN),
        license="CC-BY-NC-4.0",
        non_commercial=True,
        download_mb=5480,
        parameters_m=1370,
        max_input_tokens=512,
        generation={"num_beams": 4},
    ),
    ModelSpec(
        alias="m2m100-418m",
        repo_id="facebook/m2m100_418M",
        family="m2m100",
        tasks=("translate",),
        languages=_UZRUEN,
        directions=_all_pairs(_UZRUEN),
        license="MIT",
        non_commercial=False,
        download_mb=1940,
        parameters_m=418,
        max_input_tokens=1024,
        generation={"num_beams": 5},
    ),
    ModelSpec(
        alias="opus-mt-en-ru",
        repo_id="Helsinki-NLP/opus-mt-en-ru",
        family="marian",
        tasks=("translate",),
        languages=("en", "ru"),
        directions=(("en", "ru"),),
        license="CC-BY-4.0",
        non_commercial=False,
        download_mb=300,
        parameters_m=77,
        max_input_tokens=512,
        generation={"num_beams": 4},
    ),
    ModelSpec(
        alias="opus-mt-ru-en",
        repo_id="Helsinki-NLP/opus-mt-ru-en",
        family="marian",
        tasks=("translate",),
        languages=("ru", "en"),
        directions=(("ru", "en"),),
        license="CC-BY-4.0",
        non_commercial=False,
        download_mb=300,
        parameters_m=77,
        max_input_tokens=512,
        generation={"num_beams": 4},
    ),
    ModelSpec(
        alias="mt5-xlsum",
        repo_id="csebuetnlp/mT5_multilingual_XLSum",
        family="mt5",
        tasks=("summarize",),
        languages=_UZRUEN,
        directions=(),
        license="CC-BY-NC-SA-4.0",
        non_commercial=True,
        download_mb=2330,
        parameters_m=582,
        max_input_tokens=512,
        generation=_XLSUM,
        note="summarises in the language of its input",
    ),
    ModelSpec(
        alias="mt5-crosssum",
        repo_id="csebuetnlp/mT5_m2m_crossSum",
        family="mt5",
        tasks=("summarize", "cross-summarize"),
        languages=_UZRUEN,
        directions=_all_pairs(_UZRUEN),
        license="CC-BY-NC-SA-4.0",
        non_commercial=True,
        download_mb=2330,
        parameters_m=582,
        max_input_tokens=512,
        generation=_XLSUM,
        note="target language chosen by decoder_start_token_id from the config's langid_map",
    ),
)

# Defaults per task and direction, for quality on 2 CPU cores: opus-mt is 8x smaller than NLLB-600M and scores
# well on en<->ru; nothing smaller than NLLB is usable for Uzbek (opus-mt en-trk scores 2-3 BLEU).
DEFAULT_TRANSLATORS: dict[tuple[str, str], str] = {
    ("en", "ru"): "opus-mt-en-ru",
    ("ru", "en"): "opus-mt-ru-en",
    ("en", "uz"): "nllb-600m",
    ("uz", "en"): "nllb-600m",
    ("ru", "uz"): "nllb-600m",
    ("uz", "ru"): "nllb-600m",
}
DEFAULT_SUMMARIZERS: dict[str, str] = {"en": "mt5-xlsum", "ru": "mt5-xlsum", "uz": "mt5-xlsum"}


def get_spec(alias: str) -> ModelSpec:
    """Return the spec for ``alias`` (or its hub repo id).

    Raises:
        ModelNotFoundError: no curated model has that alias; the message lists the valid ones.
    """
    for spec in SPECS:
        if alias in (spec.alias, spec.repo_id):
            return spec
    valid = ", ".join(s.alias for s in SPECS)
    raise ModelNotFoundError(f"unknown model {alias!r}: known aliases are {valid} (or pass a model folder)")


def find_spec(alias: str) -> ModelSpec | None:
    """Like :func:`get_spec` but returns None for an unknown name."""
    return next((s for s in SPECS if alias in (s.alias, s.repo_id)), None)


def candidates(task: str, src: str, tgt: str) -> list[ModelSpec]:
    """Curated models that can do ``task`` from ``src`` to ``tgt``, the default first."""
    default = DEFAULT_SUMMARIZERS.get(src) if task == "summarize" else DEFAULT_TRANSLATORS.get((src, tgt))
    found = [s for s in SPECS if s.serves(task, src, tgt)]
    return sorted(found, key=lambda s: s.alias != default)
