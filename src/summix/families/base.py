"""The interface every model family implements: how summix recognises, drives and builds its checkpoints.

A family module holds everything that differs between families (config detection, language codes, tasks
and directions, source preparation and target forcing, output clean-up, dtype limits, the files pull and
convert need, CTranslate2's needs, the tiny random-weight builder, the benchmark direction); the rest of
summix asks the family object and never tests a family's name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from summix.errors import ModelError

if TYPE_CHECKING:
    from summix.randomweights import Arch
    from summix.registry import ModelSpec
    from summix.resolve import ModelRef

# The files every family's folder may hold besides the weights: configs and the tokenizer's own files.
COMMON_FILES: tuple[str, ...] = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
)


@dataclass(frozen=True)
class Checkpoint:
    """What detection reads of a model folder: the folder, its Hugging Face config and tokenizer config."""

    path: Path
    config: Mapping[str, Any]
    tokenizer_config: Mapping[str, Any]

    @property
    def model_type(self) -> str:
        """The config's ``model_type`` ("" when missing)."""
        return str(self.config.get("model_type", ""))


@dataclass
class Built:
    """A tiny model's parts before :func:`summix.randomweights.build_random_model` saves them."""

    tokenizer: Any
    config: Any
    generation: dict[str, Any]
    # Output rows [start, end) no token of the small tokenizer uses (filler ids of a real-size vocabulary):
    # zeroed so that a random model does not spend its output on ids that decode to nothing.
    unused: tuple[int, int]
    extra_files: dict[str, Path] = field(default_factory=dict)
    marker: dict[str, Any] = field(default_factory=dict)  # family facts recorded in the marker file
    untie_output: bool = False  # give the output projection its own weights (T5 configs force tying)
    config_patch: dict[str, Any] = field(default_factory=dict)  # written into config.json after saving
    # Output rows of the language tokens: zeroed when built with quiet_languages (see build_random_model).
    language_rows: tuple[int, ...] = ()


class Family:
    """One model family. Subclasses set the class attributes and override what their card says differs."""

    name: ClassVar[str]
    title: ClassVar[str]
    order: ClassVar[int] = 50  # where the family appears in lists (messages, schemas)
    model_types: ClassVar[tuple[str, ...]] = ()
    # Families that share a model_type: the more specific one (a higher number) is asked first.
    specificity: ClassVar[int] = 0
    tasks: ClassVar[tuple[str, ...]] = ("translate",)
    # summix language -> the family's own code for it.
    codes: ClassVar[Mapping[str, str]] = {}
    # Tokenizer files pull fetches and convert copies, besides COMMON_FILES and the weights.
    tokenizer_files: ClassVar[tuple[str, ...]] = ()
    # The generate() keyword that forces the target language token, when the family has one.
    target_key: ClassVar[str] = "forced_bos_token_id"
    # False where float16 overflows (the T5 family).
    float16: ClassVar[bool] = True
    # Language codes a decoder can leave in decoded text (stripped from every output).
    leftover: ClassVar[re.Pattern[str] | None] = None
    # For a language written in several scripts (summix.languages: Uzbek), the script the family's
    # training data wrote it in; summix transliterates input into it and output out of it. A language not
    # listed is read and written in the languages table's own script (uz: Latin).
    scripts: ClassVar[Mapping[str, str]] = {}

    # -------------------------------------------------------------------------------- recognising

    def recognises(self, checkpoint: Checkpoint) -> bool:
        """True when ``checkpoint`` is a model of this family."""
        return checkpoint.model_type in self.model_types

    def pair(
        self, checkpoint: Checkpoint, marker: Mapping[str, Any] | None, spec: ModelSpec | None
    ) -> tuple[str, str] | None:
        """The single direction of a one-pair model; None for multilingual families."""
        return None

    # ------------------------------------------------------------------------------ tasks and directions

    def serves(self, ref: ModelRef, task: str, src: str, tgt: str) -> bool:
        """True when a folder of this family (without a registry entry) can do ``task`` from ``src`` to
        ``tgt``: by default, translation between any two of its languages."""
        return task == "translate" and src != tgt and src in self.codes and tgt in self.codes

    def direction_error(self, ref: ModelRef, task: str, src: str, tgt: str) -> ModelError:
        """The error for a ``task`` from ``src`` to ``tgt`` that ``ref`` cannot do."""
        return ModelError(f"{ref.name} ({self.name}) cannot {task} {src}->{tgt}: see `summix models list`")

    def check_direction(self, ref: ModelRef, task: str, src: str, tgt: str) -> None:
        """Raise :meth:`direction_error` when ``ref`` cannot do ``task`` from ``src`` to ``tgt``."""
        if not ref.serves(task, src, tgt):
            raise self.direction_error(ref, task, src, tgt)

    # ------------------------------------------------------------------------------------ driving

    def prepare_source(self, tokenizer: Any, src: str) -> None:
        """Set the tokenizer's source language where the family needs one."""

    def source_prefix(self, tgt: str | None) -> str:
        """Text put before every source segment (a target-language token, for some families); for ``tgt``
        None, a stand-in of the same length in tokens, for counting."""
        return ""

    def target_token(self, ref: ModelRef, tgt: str) -> str | None:
        """The token forced at the start of the output in ``tgt``, if the family uses one."""
        return None

    def target_in_output(self) -> bool:
        """True when the forced target token comes back as the first output token (CTranslate2)."""
        return True

    def target_kwargs(self, tokenizer: Any, ref: ModelRef, tgt: str) -> dict[str, int]:
        """``generate()`` keyword arguments that make the model write ``tgt``.

        Raises:
            ModelError: the tokenizer does not know the language token (it would become <unk>).
        """
        token = self.target_token(ref, tgt)
        if token is None:
            return {}
        token_id = tokenizer.convert_tokens_to_ids(token)
        if token_id is None or token_id == tokenizer.unk_token_id:
            raise ModelError(
                f"{ref.name}'s tokenizer has no language token {token!r}: is it a {self.name} tokenizer?"
            )
        return {self.target_key: token_id}

    def clean_output(self, text: str) -> str:
        """Strip language codes a decoder left in ``text`` and collapse whitespace."""
        if self.leftover is not None:
            text = self.leftover.sub(" ", text)
        return " ".join(text.split())

    def check_dtype(self, dtype: str) -> None:
        """Raise ModelError for a float type this family cannot run in."""
        if dtype == "float16" and not self.float16:
            raise ModelError(f"{self.title} overflows in float16: use bfloat16 or float32")

    def has_target_vocabulary(self, path: Path) -> bool:
        """True when the model in ``path`` has a target-side vocabulary of its own (:meth:`target_vocabulary`
        works), so that a conversion maps its output layer to it by default."""
        return False

    def target_vocabulary(self, path: Path) -> list[str]:
        """The vocabulary pieces the model's target side can produce (for a CTranslate2 vocabulary map).

        Raises:
            ModelError: the family has no separate target vocabulary.
        """
        raise ModelError(f"{path} is a {self.title} model: only Marian models have a target-side vocabulary")

    # ------------------------------------------------------------------------------ CTranslate2

    def ct2_free_start(self) -> bool:
        """True when the decoder starts from a language piece the caller passes (no fixed start token)."""
        return False

    # --------------------------------------------------------------------- random weights and benchmarks

    def build_tiny(
        self, work: Path, arch: Arch, lines: Sequence[str], spm_vocab: int, **options: Any
    ) -> Built:
        """A random-weight model of this family's shape with a real tokenizer trained on ``lines``."""
        raise NotImplementedError(f"no random-weight builder for {self.name}")

    def bench_direction(self, ref: ModelRef) -> tuple[str, str, str]:
        """The (task, source, target) a speed benchmark times this family's models on."""
        return "translate", "en", "uz"


def read_json(path: Path) -> dict:
    """A JSON object from ``path``; {} when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
