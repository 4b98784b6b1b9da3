"""The curated checkpoints summix knows by alias, as data.

Every fact here was read on the hub page named in ``source`` (file listings, LFS hashes, model cards).
``revision`` is a full commit hash only where that hash is printed on such a page; otherwise it is a ref name
(``main``, or ``refs/pr/N`` for the hub's own safetensors conversion) that ``summix models pull`` resolves to
the exact commit and records, with every file's size and sha256, in the lock file beside the model.

None of these repositories publishes safetensors weights on ``main``: only pickle ``pytorch_model.bin``.
Where the hub's conversion bot (SFconvertbot) opened a pull request adding ``model.safetensors`` (the same
lookup transformers' own safetensors auto-conversion does), the entry points at that conversion, so that no
default needs ``--allow-pickle``. ``--revision main --allow-pickle`` still fetches the original pickle.
"""

from __future__ import annotations

from dataclasses import dataclass

from summix.errors import ModelNotFoundError

TASKS: tuple[str, ...] = ("translate", "summarize", "cross-summarize")


@dataclass(frozen=True)
class ModelSpec:
    """One curated checkpoint: where it lives on the hub and how its card says to drive it."""

    alias: str
    repo_id: str
    family: str  # a family's name (see summix.families)
    tasks: tuple[str, ...]
    languages: tuple[str, ...]
    directions: tuple[tuple[str, str], ...]
    license: str
    non_commercial: bool
    download_mb: int  # what pull fetches (weights, config, tokenizer), decimal MB, from the hub listing
    parameters_m: int
    max_input_tokens: int
    generation: dict[str, int]  # the model card's (or its config's) recommended settings
    revision: str  # a full commit printed on `source`, or a ref that pull resolves and locks
    weights: str  # "safetensors" or "pickle": what `revision` publishes
    weights_sha256: str  # model.safetensors' LFS sha256 as published on the hub; "" where none was found
    source: str  # the hub page that shows `revision`'s files
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
_HUB = "https://huggingface.co/"
# The XL-Sum and CrossSum cards: input <= 512 tokens, `max_length=84, num_beams=4, no_repeat_ngram_size=2`.
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
        download_mb=2480,  # model.safetensors 2.46 GB + tokenizer.json 17.3 MB + sentencepiece 4.85 MB
        parameters_m=600,
        max_input_tokens=512,  # the card: trained on inputs of at most 512 tokens
        generation={"num_beams": 4, "max_length": 200},  # generation_config.json: max_length 200
        revision="refs/pr/29",  # SFconvertbot's safetensors conversion (commit 38bd1c6)
        weights="safetensors",
        weights_sha256="ca41e084084466b348cdc519f9762bcfc6c352f35c2fbee5588194de8da63da8",
        source=_HUB + "facebook/nllb-200-distilled-600M/blob/refs%2Fpr%2F29/model.safetensors",
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
        download_mb=5500,  # model.safetensors 5.48 GB + tokenizer.json 17.3 MB + sentencepiece 4.85 MB
        parameters_m=1300,
        max_input_tokens=512,
        generation={"num_beams": 4, "max_length": 200},
        revision="refs/pr/5",  # SFconvertbot's safetensors conversion (commit f9e6ff7)
        weights="safetensors",
        weights_sha256="",
        source=_HUB + "facebook/nllb-200-distilled-1.3B/tree/refs%2Fpr%2F5",
        note="better than nllb-600m, about 2x slower on CPU",
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
        download_mb=1946,  # model.safetensors 1.94 GB + vocab.json 3.71 MB + sentencepiece 2.42 MB
        parameters_m=418,
        max_input_tokens=1024,  # max_position_embeddings
        generation={"num_beams": 5, "max_length": 200},  # config.json
        revision="17ef199e3a3479ca5d572350066761c5e926ac03",  # SFconvertbot's conversion, refs/pr/8
        weights="safetensors",
        # from .../facebook/m2m100_418M/blob/refs%2Fpr%2F8/model.safetensors (commit 17ef199)
        weights_sha256="c061a21eec15453944783ceb4a13a216477dd4765c98fac10811818adf994968",
        source=_HUB + "facebook/m2m100_418M/tree/17ef199e3a3479ca5d572350066761c5e926ac03",
        note="the only commercially usable model here that covers Uzbek; weaker than NLLB on it",
    ),
    ModelSpec(
        alias="opus-mt-en-ru",
        repo_id="Helsinki-NLP/opus-mt-en-ru",
        family="marian",
        tasks=("translate",),
        languages=("en", "ru"),
        directions=(("en", "ru"),),
        license="Apache-2.0",  # the card's metadata says apache-2.0 (opus-mt-ru-en's says cc-by-4.0)
        non_commercial=False,
        download_mb=312,  # model.safetensors 307 MB + vocab.json 2.6 MB + source/target.spm 1.9 MB
        parameters_m=77,
        max_input_tokens=512,
        generation={"num_beams": 4, "max_length": 512},  # config.json
        revision="20855d62f29510b14806b4f3eddb289a0065d556",  # SFconvertbot's safetensors conversion
        weights="safetensors",
        weights_sha256="eb1bda1bd256f14435a7904373c8bec152fe0e85503bcecf1373b2dd47a9f03f",
        source=_HUB
        + "Helsinki-NLP/opus-mt-en-ru/blob/20855d62f29510b14806b4f3eddb289a0065d556/model.safetensors",
        note="newstest2019 BLEU 27.1 (model card)",
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
        download_mb=312,  # model.safetensors 307 MB + vocab.json 2.6 MB + source/target.spm 1.9 MB
        parameters_m=77,
        max_input_tokens=512,
        generation={"num_beams": 4, "max_length": 512},  # config.json
        revision="a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124",  # SFconvertbot's conversion, refs/pr/2
        weights="safetensors",
        weights_sha256="",
        source=_HUB + "Helsinki-NLP/opus-mt-ru-en/tree/a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124",
        note="newstest2019 BLEU 31.4 (model card)",
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
        download_mb=2334,  # model.safetensors 2.33 GB + spiece.model 4.31 MB
        parameters_m=580,  # mT5-base
        max_input_tokens=512,
        generation=_XLSUM,
        revision="refs/pr/7",  # SFconvertbot's safetensors conversion (commit 403d8ec)
        weights="safetensors",
        weights_sha256="c691c8e17e5c83c5893f10a90b64e2a2937eb1e27e9ad0ec9153f544531e3084",
        source=_HUB + "csebuetnlp/mT5_multilingual_XLSum/blob/refs%2Fpr%2F7/model.safetensors",
        note="summarises in the language of its input; ROUGE-1 en 37.6, ru 32.2, uz 16.8 (model card)",
    ),
    ModelSpec(
        alias="mt5-crosssum",
        repo_id="csebuetnlp/mT5_m2m_crossSum",
        family="crosssum",
        tasks=("summarize", "cross-summarize"),
        languages=_UZRUEN,
        directions=_all_pairs(_UZRUEN),
        license="CC-BY-NC-SA-4.0",
        non_commercial=True,
        download_mb=2334,  # model.safetensors 2.33 GB + spiece.model 4.31 MB
        parameters_m=580,  # mT5-base
        max_input_tokens=512,
        generation=_XLSUM,
        revision="refs/pr/4",  # SFconvertbot's safetensors conversion (commit 7107951)
        weights="safetensors",
        weights_sha256="",
        source=_HUB + "csebuetnlp/mT5_m2m_crossSum/tree/refs%2Fpr%2F4",
        note="target language chosen by decoder_start_token_id from the config's langid_map",
    ),
    ModelSpec(
        alias="madlad-3b",
        repo_id="google/madlad400-3b-mt",
        family="madlad",
        tasks=("translate",),
        languages=_UZRUEN,  # the card's language list includes en, ru and uz (400+ in all)
        directions=_all_pairs(_UZRUEN),
        license="Apache-2.0",  # the card: "License: Apache 2.0"
        non_commercial=False,
        # model.safetensors 11.8 GB + tokenizer.json 16.6 MB + spiece.model 4.43 MB, as listed for
        # jbochi/madlad400-3b-mt, which google/madlad400-3b-mt duplicates ("Duplicate from jbochi/...")
        download_mb=11821,
        parameters_m=3000,  # "3B" in the name and the card; T5: d_model 1024, 32+32 layers, d_ff 8192
        max_input_tokens=512,  # config.json: n_positions 512
        generation={"num_beams": 1},  # the card's example calls generate() with its defaults: greedy
        revision="62211dcf86f51e68595794839416d3fc82a32586",  # printed in the config page's address
        weights="safetensors",
        weights_sha256="",
        source=_HUB + "google/madlad400-3b-mt/blob/62211dcf86f51e68595794839416d3fc82a32586/config.json",
        note="target chosen by a <2xx> token before the source (<2uz> Hello); commercially usable for Uzbek",
    ),
)

# Defaults per task and direction, for quality on 2 CPU cores: opus-mt is 8x smaller than NLLB-600M and scores
# well on en<->ru; nothing smaller than NLLB is usable for Uzbek (opus-mt en-trk scores 2-3 BLEU, so it is not
# offered; M2M100-418M is weaker than NLLB-600M on Uzbek), and NLLB-1.3B is about twice as slow as 600M.
DEFAULT_TRANSLATORS: dict[tuple[str, str], str] = {
    ("en", "ru"): "opus-mt-en-ru",
    ("ru", "en"): "opus-mt-ru-en",
    ("en", "uz"): "nllb-600m",
    ("uz", "en"): "nllb-600m",
    ("ru", "uz"): "nllb-600m",
    ("uz", "ru"): "nllb-600m",
}
DEFAULT_SUMMARIZERS: dict[str, str] = {"en": "mt5-xlsum", "ru": "mt5-xlsum", "uz": "mt5-xlsum"}
_OPUS_REASON = "77M parameters, 8x smaller than NLLB-600M, strong on en<->ru: the fastest good choice on CPU"
DEFAULT_REASONS: dict[str, str] = {
    "opus-mt-en-ru": _OPUS_REASON,
    "opus-mt-ru-en": _OPUS_REASON,
    "nllb-600m": "the smallest model that translates Uzbek well; 1.3B is better but twice as slow on CPU",
    "mt5-xlsum": "the curated same-language summarizer for en/ru/uz; mT5-base runs on 2 cores",
}


def default_uses(alias: str) -> list[str]:
    """What ``alias`` is the default for, as ``translate en->uz`` / ``summarize ru`` strings."""
    uses = [f"translate {a}->{b}" for (a, b), name in DEFAULT_TRANSLATORS.items() if name == alias]
    return uses + [f"summarize {lang}" for lang, name in DEFAULT_SUMMARIZERS.items() if name == alias]


def aliases() -> list[str]:
    """Every curated alias, in registry order."""
    return [s.alias for s in SPECS]


def get_spec(alias: str) -> ModelSpec:
    """Return the spec for ``alias`` (or its hub repo id).

    Raises:
        ModelNotFoundError: no curated model has that alias; the message lists the valid ones.
    """
    for spec in SPECS:
        if alias in (spec.alias, spec.repo_id):
            return spec
    valid = ", ".join(aliases())
    raise ModelNotFoundError(f"unknown model {alias!r}: known aliases are {valid} (or org/name, or a folder)")


def find_spec(alias: str) -> ModelSpec | None:
    """Like :func:`get_spec` but returns None for an unknown name."""
    return next((s for s in SPECS if alias in (s.alias, s.repo_id)), None)


def candidates(task: str, src: str, tgt: str) -> list[ModelSpec]:
    """Curated models that can do ``task`` from ``src`` to ``tgt``, the default first."""
    default = DEFAULT_SUMMARIZERS.get(src) if task == "summarize" else DEFAULT_TRANSLATORS.get((src, tgt))
    found = [s for s in SPECS if s.serves(task, src, tgt)]
    return sorted(found, key=lambda s: s.alias != default)
