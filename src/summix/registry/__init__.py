"""The curated checkpoints summix knows by alias, as data.

Every fact here carries the page it was read on: ``source`` for the revision and its files (whose per-file
pins, kept in :mod:`summix.registry.pins`, fill ``files``), and ``sources`` for the card facts (license,
parameters, generation settings). ``revision`` is a full commit where a stored hub page prints one;
otherwise it is the pull-request ref of the hub's own safetensors conversion, which ``summix models pull``
resolves, checks against the abbreviated commit the pages print, and locks, with every file's size and
sha256, beside the model.

Apart from MADLAD-400's, none of these repositories publishes safetensors weights on ``main``: only
pickle ``pytorch_model.bin``. Where the hub's conversion bot (SFconvertbot) opened a pull request adding
``model.safetensors`` (the same lookup transformers' own safetensors auto-conversion does), the entry points
at that conversion, so that no default needs ``--allow-pickle``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summix.errors import ModelNotFoundError
from summix.registry.pins import FilePin, RepoPin, pin_for

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
    generation: dict[str, float]  # the settings summix decodes with; ``sources`` says where each is from
    revision: str  # a full commit printed on `source`, or the conversion's ref that pull resolves and locks
    weights: str  # "safetensors" or "pickle": what `revision` publishes
    source: str  # the hub page that shows `revision`'s files
    note: str = ""
    files: tuple[FilePin, ...] = ()  # every file pull fetches at `revision` (summix.registry.pins)
    sources: dict[str, str] = field(default_factory=dict)  # fact -> where it was read (or who chose it)

    def serves(self, task: str, src: str, tgt: str) -> bool:
        """True when this model can do ``task`` from ``src`` into ``tgt``."""
        if task not in self.tasks:
            return False
        if task == "summarize":
            return src == tgt and src in self.languages
        return (src, tgt) in self.directions

    @property
    def pin(self) -> RepoPin | None:
        """The per-file pin of this entry's repository (:mod:`summix.registry.pins`)."""
        return pin_for(self.repo_id)

    @property
    def weights_sha256(self) -> str:
        """model.safetensors' sha256 as published on the hub; "" where no page printed it."""
        return next((f.sha256 for f in self.files if f.name == "model.safetensors"), "")


def _all_pairs(langs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a in langs for b in langs if a != b)


def _files(repo_id: str) -> tuple[FilePin, ...]:
    pin = pin_for(repo_id)
    return pin.files if pin else ()


_UZRUEN = ("uz", "ru", "en")
_HUB = "https://huggingface.co/"
# The XL-Sum and CrossSum cards: input <= 512 tokens, `max_length=84, num_beams=4, no_repeat_ngram_size=2`.
_XLSUM = {"max_length": 84, "num_beams": 4, "no_repeat_ngram_size": 2}
_XLSUM_CONFIG = _HUB + "csebuetnlp/mT5_multilingual_XLSum/blob/main/config.json"
_NLLB_BEAMS = (
    "summix's choice: the NLLB-200 cards and generation_config.json set no beam size "
    "(generation_config.json sets max_length 200 only)"
)
_NLLB_CARD = (
    "the NLLB-200 card: trained on inputs of at most 512 tokens ("
    + _HUB
    + "facebook/nllb-200-distilled-1.3B)"
)
# The pinned revisions' own config pages are not stored; their values are read from copies that name them.
_NLLB_LENGTH = (
    "max_length 200 in facebook/nllb-200-distilled-600M's config.json as copied by fine-tunes, e.g. "
    + _HUB
    + "nadsoft/Faseeh-v0.1-beta/blame/6a2ec73146ba17d1bd384132d6d92fb2ca7bdcdf/config.json; "
    "generation_config.json (189 Bytes) at the pinned revision is not on a stored page"
)
_M2M_CONFIG = (
    " in facebook/m2m100_418M's config.json as copied by fine-tunes, e.g. "
    + _HUB
    + "Ragab167/output/blame/55afec019007c9e9924e9df2ecd2eca25dd96d2e/config.json (the pinned "
    "revision's own config.json, 908 Bytes, is not on a stored page)"
)
_MADLAD_REV = "fa184c675da0b5c9e1c8694fccd4e12e2d422094"
_MADLAD_TREE = _HUB + "google/madlad400-3b-mt/tree/" + _MADLAD_REV
# The config page at a later commit of main; config.json was last changed by the pinned one (fa184c6).
_MADLAD_CONFIG = _HUB + "google/madlad400-3b-mt/blob/62211dcf86f51e68595794839416d3fc82a32586/config.json"
_NC_DATASET = (
    "the repository carries no license tag; the model is trained on the {name} dataset, licensed "
    "cc-by-nc-sa-4.0 at {url}"
)
_XLSUM_LICENSE = _NC_DATASET.format(
    name="XL-Sum", url=_HUB + "datasets/csebuetnlp/xlsum/tree/33bf2120fc639aac8c9ebc3248d77618efb9d7d6"
)
_CROSS_LICENSE = _NC_DATASET.format(name="CrossSum", url=_HUB + "datasets/csebuetnlp/CrossSum/tree/main")

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
        max_input_tokens=512,
        generation={"num_beams": 4, "max_length": 200},
        revision="refs/pr/29",  # SFconvertbot's safetensors conversion (commit 38bd1c6)
        weights="safetensors",
        source=_HUB + "facebook/nllb-200-distilled-600M/blob/refs%2Fpr%2F29/model.safetensors",
        note="sentence-level model: summix feeds it sentence chunks",
        files=_files("facebook/nllb-200-distilled-600M"),
        sources={
            "license": "cc-by-nc-4.0, the license tag on "
            + _HUB
            + "facebook/nllb-200-distilled-600M/tree/refs%2Fpr%2F39",
            "parameters_m": "the model's name (600M)",
            "max_input_tokens": _NLLB_CARD,
            "generation.num_beams": _NLLB_BEAMS,
            "generation.max_length": _NLLB_LENGTH,
        },
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
        source=_HUB + "facebook/nllb-200-distilled-1.3B/tree/refs%2Fpr%2F5",
        note="better than nllb-600m, about 2x slower on CPU",
        files=_files("facebook/nllb-200-distilled-1.3B"),
        sources={
            "license": "cc-by-nc-4.0, the license tag on "
            + _HUB
            + "facebook/nllb-200-distilled-1.3B/tree/refs%2Fpr%2F5",
            "parameters_m": "the model's name (1.3B)",
            "max_input_tokens": _NLLB_CARD,
            "generation.num_beams": _NLLB_BEAMS,
            "generation.max_length": "not read for this checkpoint (its generation_config.json, 189 Bytes "
            "like the 600M's, is not on a stored page); summix does not use it: translations are bounded "
            "by 2x the input + 10 tokens",
        },
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
        parameters_m=484,
        max_input_tokens=1024,  # max_position_embeddings
        generation={"num_beams": 5, "max_length": 200},
        revision="17ef199e3a3479ca5d572350066761c5e926ac03",  # SFconvertbot's conversion, refs/pr/8
        weights="safetensors",
        source=_HUB + "facebook/m2m100_418M/tree/17ef199e3a3479ca5d572350066761c5e926ac03",
        note="the only commercially usable model here that covers Uzbek; weaker than NLLB on it",
        files=_files("facebook/m2m100_418M"),
        sources={
            "license": "mit, the license tag on "
            + _HUB
            + "facebook/m2m100_418M/tree/17ef199e3a3479ca5d572350066761c5e926ac03",
            "parameters_m": "483.9M counted from config.json's shape (d_model 1024, 12+12 layers, FFN 4096, "
            "128,112-token vocabulary, shared embeddings); the hub shows 484M params for checkpoints of this "
            "shape (" + _HUB + 'emon-j/m2m100_418M-fr). "418M" is the model\'s name',
            "max_input_tokens": "max_position_embeddings 1024" + _M2M_CONFIG,
            "generation.num_beams": "num_beams 5, max_length 200" + _M2M_CONFIG,
        },
    ),
    ModelSpec(
        alias="opus-mt-en-ru",
        repo_id="Helsinki-NLP/opus-mt-en-ru",
        family="marian",
        tasks=("translate",),
        languages=("en", "ru"),
        directions=(("en", "ru"),),
        license="Apache-2.0",
        non_commercial=False,
        download_mb=312,  # model.safetensors 307 MB + vocab.json 2.6 MB + source/target.spm 1.9 MB
        parameters_m=77,
        max_input_tokens=512,
        generation={"num_beams": 4, "max_length": 512},
        revision="20855d62f29510b14806b4f3eddb289a0065d556",  # SFconvertbot's safetensors conversion
        weights="safetensors",
        source=_HUB + "Helsinki-NLP/opus-mt-en-ru/tree/20855d62f29510b14806b4f3eddb289a0065d556",
        note="newstest2019 BLEU 27.1 (model card)",
        files=_files("Helsinki-NLP/opus-mt-en-ru"),
        sources={
            "license": "apache-2.0, the license tag on "
            + _HUB
            + "Helsinki-NLP/opus-mt-en-ru/tree/20855d62f29510b14806b4f3eddb289a0065d556",
            "parameters_m": "the Marian transformer-base shape of opus-mt (307 MB of float32 weights)",
            "generation.num_beams": "generation_config.json: num_beams 4, max_length 512 (the later version "
            "on main, " + _HUB + "Helsinki-NLP/opus-mt-en-ru/blob/b3e725abcf85d1b8c6df4218e0c0b68564660bc6/"
            'generation_config.json, keeps both; config.json\'s last change is "Changed num_beams to 4")',
        },
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
        generation={"num_beams": 6, "max_length": 512},
        revision="a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124",  # SFconvertbot's conversion, refs/pr/2
        weights="safetensors",
        source=_HUB + "Helsinki-NLP/opus-mt-ru-en/tree/a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124",
        note="newstest2019 BLEU 31.4 (model card)",
        files=_files("Helsinki-NLP/opus-mt-ru-en"),
        sources={
            "license": "cc-by-4.0, the license tag on "
            + _HUB
            + "Helsinki-NLP/opus-mt-ru-en/tree/a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124",
            "parameters_m": "the Marian transformer-base shape of opus-mt (307 MB of float32 weights)",
            "generation.num_beams": "generation_config.json at the pinned revision: num_beams 6, "
            "max_length 512 ("
            + _HUB
            + "Helsinki-NLP/opus-mt-ru-en/blob/a64ede1bb36da5cd0c7bd9c25d0ee07ce5612124/"
            "generation_config.json)",
        },
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
        generation={**_XLSUM, "length_penalty": 0.6},
        revision="refs/pr/7",  # SFconvertbot's safetensors conversion (commit 403d8ec)
        weights="safetensors",
        source=_HUB + "csebuetnlp/mT5_multilingual_XLSum/blob/refs%2Fpr%2F7/model.safetensors",
        note="summarises in the language of its input; ROUGE-1 en 37.6, ru 32.2, uz 16.8 (model card)",
        files=_files("csebuetnlp/mT5_multilingual_XLSum"),
        sources={
            "license": _XLSUM_LICENSE,
            "parameters_m": "mT5-base (config.json: _name_or_path google/mt5-base)",
            "max_input_tokens": "the model card: inputs truncated to 512 tokens",
            "generation": "config.json at the pinned revision (730 Bytes, unchanged since the first "
            "upload): length_penalty 0.6, max_length 84, no_repeat_ngram_size 2, num_beams 4 ("
            + _XLSUM_CONFIG
            + "); "
            "transformers 5 no longer reads these from config.json, so summix passes each to both engines",
        },
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
        source=_HUB + "csebuetnlp/mT5_m2m_crossSum/tree/refs%2Fpr%2F4",
        note="target language chosen by decoder_start_token_id from the config's langid_map",
        files=_files("csebuetnlp/mT5_m2m_crossSum"),
        sources={
            "license": _CROSS_LICENSE,
            "parameters_m": "mT5-base",
            "max_input_tokens": "the model card: inputs truncated to 512 tokens",
            "generation": "the CrossSum card's settings (max_length 84, num_beams 4, "
            "no_repeat_ngram_size 2); its config.json (3.98 kB) is on no stored page, so a "
            "length_penalty it may set is not applied",
        },
    ),
    ModelSpec(
        alias="madlad-3b",
        repo_id="google/madlad400-3b-mt",
        family="madlad",
        tasks=("translate",),
        languages=_UZRUEN,
        directions=_all_pairs(_UZRUEN),
        license="Apache-2.0",
        non_commercial=False,
        download_mb=11821,  # model.safetensors 11.8 GB + tokenizer.json 16.6 MB + spiece.model 4.43 MB
        parameters_m=3000,
        max_input_tokens=512,
        generation={"num_beams": 1},
        revision=_MADLAD_REV,  # the repository's first commit, "Duplicate from jbochi/madlad400-3b-mt"
        weights="safetensors",
        source=_MADLAD_TREE,
        note="target chosen by a <2xx> token before the source (<2uz> Hello); commercially usable for Uzbek",
        files=_files("google/madlad400-3b-mt"),
        sources={
            "license": "apache-2.0, the license tag on " + _MADLAD_TREE,
            "languages": "the card's language list includes en, ru and uz (400+ in all): "
            + _HUB
            + "google/madlad400-3b-mt",
            "parameters_m": '"3B" in the name and the card; T5 of d_model 1024, 32+32 layers, d_ff 8192 '
            "(" + _MADLAD_CONFIG + ")",
            "max_input_tokens": "n_positions 512 in " + _MADLAD_CONFIG,
            "generation.num_beams": "the card's example calls generate() with its defaults (greedy): "
            + _HUB
            + "google/madlad400-3b-mt",
        },
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
    spec = find_spec(alias)
    if spec is not None:
        return spec
    valid = ", ".join(aliases())
    raise ModelNotFoundError(f"unknown model {alias!r}: known aliases are {valid} (or org/name, or a folder)")


def find_spec(alias: str) -> ModelSpec | None:
    """Like :func:`get_spec` but returns None for an unknown name (an alias in any case: NLLB-600M)."""
    return next((s for s in SPECS if alias in (s.alias, s.repo_id) or alias.lower() == s.alias), None)


def candidates(task: str, src: str, tgt: str) -> list[ModelSpec]:
    """Curated models that can do ``task`` from ``src`` to ``tgt``, the default first."""
    default = DEFAULT_SUMMARIZERS.get(src) if task == "summarize" else DEFAULT_TRANSLATORS.get((src, tgt))
    found = [s for s in SPECS if s.serves(task, src, tgt)]
    return sorted(found, key=lambda s: s.alias != default)
