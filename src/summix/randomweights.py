"""Random-weight seq2seq models with real tokenizers, built offline.

No model weights can be downloaded where summix is developed, so tests and speed benchmarks build folders
that look like the real checkpoints (same tokenizer classes, architectures, special-token layout and
generation settings) but hold random weights. Their output is meaningless; their shapes, token ids and
speed are not.

Every folder gets a :data:`RANDOM_MARKER` file so nothing can mistake it for a trained model.

``transformers``, ``torch`` and ``sentencepiece`` are imported lazily: importing this module is cheap.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summix.options import GenerationOptions

RANDOM_MARKER = "summix-random-weights.json"
# Marker key: the target/source token ratio of each language pair ("en-ru"), set by the speed benchmarks
# so that a stand-in writes outputs as long as a real translation's (see stand_in_generation).
OUTPUT_LENGTHS = "output_lengths"


@dataclass(frozen=True)
class Arch:
    """Architecture sizes of an encoder-decoder transformer."""

    d_model: int
    encoder_layers: int
    decoder_layers: int
    heads: int
    ffn: int
    vocab_size: int | None = None  # None: exactly what the tokenizer needs (plus the family's extra tokens)
    max_positions: int = 512


PRESETS: dict[str, Arch] = {
    "tiny": Arch(d_model=32, encoder_layers=2, decoder_layers=2, heads=2, ffn=64),
    # Helsinki-NLP/opus-mt-en-ru (MarianMT, 77M parameters)
    "opus-mt": Arch(d_model=512, encoder_layers=6, decoder_layers=6, heads=8, ffn=2048, vocab_size=62518),
    # facebook/nllb-200-distilled-600M
    "nllb-600m": Arch(
        d_model=1024,
        encoder_layers=12,
        decoder_layers=12,
        heads=16,
        ffn=4096,
        vocab_size=256206,
        max_positions=1024,
    ),
    # google/mt5-base, base of csebuetnlp/mT5_multilingual_XLSum and mT5_m2m_crossSum (gated-gelu d_ff 2048)
    "mt5-base": Arch(
        d_model=768, encoder_layers=12, decoder_layers=12, heads=12, ffn=2048, vocab_size=250112
    ),
}

PRESET_FAMILY: dict[str, str] = {"opus-mt": "marian", "nllb-600m": "nllb", "mt5-base": "mt5"}

_NOTE = "random weights, output is meaningless"

# Short sentences so that every script the project handles is in the tokenizer's training text even when the
# repository holds only one English seed. Uzbek Latin uses ʻ (U+02BB) for oʻ/gʻ and ʼ (U+02BC) for the tutuq
# belgisi, plus the look-alike apostrophes people type instead.
_BUILTIN_LINES: tuple[str, ...] = (
    # English
    "The government announced a new education reform on Monday.",
    "Scientists say the climate is changing faster than they expected.",
    "The summit brought together the leaders of five Central Asian countries.",
    "Prices for bread and meat rose again in the capital last month.",
    "The new railway will connect the two cities by the end of next year.",
    "Doctors advise drinking more water during the summer heat.",
    "The parliament approved the budget after a long debate.",
    "Farmers expect a good cotton harvest this autumn.",
    "The museum opened an exhibition of ancient manuscripts.",
    "Students from twenty countries took part in the olympiad.",
    "Everyone has the right to education and to freedom of thought.",
    "The report will be published in English, Russian and Uzbek.",
    # Russian
    "Правительство объявило о новой реформе образования в понедельник.",
    "Учёные говорят, что климат меняется быстрее, чем ожидалось.",
    "На саммите встретились лидеры пяти стран Центральной Азии.",
    "В прошлом месяце цены на хлеб и мясо в столице снова выросли.",
    "Новая железная дорога соединит два города к концу следующего года.",
    "Врачи советуют пить больше воды во время летней жары.",
    "Парламент утвердил бюджет после долгих обсуждений.",
    "Фермеры ожидают хороший урожай хлопка этой осенью.",
    "Музей открыл выставку древних рукописей.",
    "В олимпиаде приняли участие школьники из двадцати стран.",
    "Каждый человек имеет право на образование и свободу мысли.",
    "Отчёт будет опубликован на английском, русском и узбекском языках.",
    # Uzbek, Latin script
    "Hukumat dushanba kuni taʼlim sohasida yangi islohotni eʼlon qildi.",
    "Olimlarning aytishicha, iqlim kutilganidan tezroq oʻzgarmoqda.",
    "Sammitda Markaziy Osiyodagi besh davlat rahbarlari uchrashdi.",
    "Oʻtgan oyda poytaxtda non va goʻsht narxi yana oshdi.",
    "Yangi temir yoʻl kelgusi yil oxirigacha ikki shaharni bogʻlaydi.",
    "Shifokorlar yozgi issiqda koʻproq suv ichishni maslahat berishadi.",
    "Oliy Majlis uzoq muhokamadan soʻng byudjetni maʼqulladi.",
    "Dehqonlar bu kuz moʻl paxta hosili kutmoqda.",
    "Muzey qadimiy qoʻlyozmalar koʻrgazmasini ochdi.",
    "Olimpiadada yigirma mamlakatdan oʻquvchilar qatnashdi.",
    "Har bir inson bilim olish va fikrlash erkinligi huquqiga ega.",
    "Hisobot ingliz, rus va oʻzbek tillarida eʼlon qilinadi.",
    "Gʻalla hosili yaxshi boʻldi, maʼlumotlar shuni koʻrsatadi.",
    "O'zbekiston poytaxti Toshkent, g'alla va ma'lumot so'zlari ham shunday yoziladi.",
    "O‘zbekiston Respublikasi, g‘alaba, ma’naviyat va so’z.",
    # Uzbek, Cyrillic script
    "Ҳукумат душанба куни таълим соҳасида янги ислоҳотни эълон қилди.",
    "Олимларнинг айтишича, иқлим кутилганидан тезроқ ўзгармоқда.",
    "Ўтган ойда пойтахтда нон ва гўшт нархи яна ошди.",
    "Янги темир йўл келгуси йил охиригача икки шаҳарни боғлайди.",
    "Деҳқонлар бу куз мўл пахта ҳосили кутмоқда.",
    "Ҳар бир инсон билим олиш ва фикрлаш эркинлиги ҳуқуқига эга.",
    "Ўзбекистон Республикаси пойтахти Тошкент шаҳридир.",
    "Ғалла ҳосили яхши бўлди, маълумотлар шуни кўрсатади.",
)


def _seeds_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "seeds"


def _read_lines(path: Path) -> list[str]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if line.strip()]


def corpus_lines(extra_paths: Sequence[Path] = ()) -> list[str]:
    """Training text for the tokenizer.

    The repository's ``seeds/*.txt`` (when the folder exists next to ``src``), the given files, and built-in
    short sentences in English, Russian, Uzbek Latin and Uzbek Cyrillic, so every script is covered.
    """
    lines: list[str] = []
    seeds = _seeds_dir()
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            lines.extend(_read_lines(path))
    for path in extra_paths:
        lines.extend(_read_lines(Path(path)))
    lines.extend(_BUILTIN_LINES)
    return lines


def train_sentencepiece(
    lines: Sequence[str],
    out_dir: Path,
    vocab_size: int = 1000,
    model_type: str = "bpe",
    **trainer_options: Any,
) -> Path:
    """Train a SentencePiece model on ``lines`` in memory and write ``out_dir/spm.model``.

    Deterministic (one thread, no shuffling or sampling), ``character_coverage=1.0`` so no character of the
    training text becomes ``<unk>``. ``vocab_size`` is a soft limit: a small corpus gives a smaller
    vocabulary. ``trainer_options`` pass through to ``SentencePieceTrainer.train`` (e.g. the T5 ids
    ``pad_id=0, eos_id=1, unk_id=2, bos_id=-1``). Returns the ``.model`` path.
    """
    import sentencepiece as spm

    texts = [line for line in (str(x).strip() for x in lines) if line]
    if not texts:
        raise ValueError("no training text for sentencepiece")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    options: dict[str, Any] = {
        "vocab_size": vocab_size,
        "model_type": model_type,
        "character_coverage": 1.0,
        "hard_vocab_limit": False,
        "num_threads": 1,
        "shuffle_input_sentence": False,
        "input_sentence_size": 0,
        "max_sentence_length": 1 << 16,
        "minloglevel": 2,
    }
    options.update(trainer_options)
    spm.SentencePieceTrainer.train(sentence_iterator=iter(texts), model_writer=model, **options)
    path = out_dir / "spm.model"
    path.write_bytes(model.getvalue())
    return path


def tokenizer_files(
    work: Path, lines: Sequence[str], spm_vocab: int, model_type: str, names: Sequence[str], **trainer: Any
) -> tuple[Path, Path]:
    """Train a SentencePiece model (see :func:`train_sentencepiece`) and copy it into a fresh tokenizer
    folder under each of ``names``. Returns the model's path and the folder."""
    spm_path = train_sentencepiece(lines, work / "spm", spm_vocab, model_type, **trainer)
    folder = work / "tok"
    folder.mkdir()
    for name in names:
        shutil.copy(spm_path, folder / name)
    return spm_path, folder


def spm_pieces(spm_path: Path) -> list[str]:
    """Ordinary pieces of an spm model (no <unk>/<s>/</s>/<pad>), in id order."""
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_file=str(spm_path))
    return [
        proc.id_to_piece(i)
        for i in range(proc.get_piece_size())
        if not (proc.is_control(i) or proc.is_unknown(i))
    ]


def _resolve_arch(arch: Arch | str) -> tuple[Arch, str | None]:
    if isinstance(arch, Arch):
        return arch, None
    if arch not in PRESETS:
        raise ValueError(f"unknown architecture preset {arch!r}; choose from {sorted(PRESETS)}")
    return PRESETS[arch], arch


def model_vocab(arch: Arch, needed: int) -> int:
    """The model's vocabulary size: ``needed`` ids, or the preset's real size when it has one.

    Raises:
        ValueError: the preset's vocabulary is smaller than the tokenizer needs.
    """
    if arch.vocab_size is None:
        return needed
    if arch.vocab_size < needed:
        raise ValueError(f"vocab_size {arch.vocab_size} is smaller than the {needed} ids the tokenizer needs")
    return arch.vocab_size


def bart_like_config(config_cls: Any, arch: Arch, vocab_size: int, **kwargs: Any) -> Any:
    """A BART-style encoder-decoder config (Marian, M2M100, NLLB) of ``arch``'s sizes."""
    return config_cls(
        vocab_size=vocab_size,
        d_model=arch.d_model,
        encoder_layers=arch.encoder_layers,
        decoder_layers=arch.decoder_layers,
        encoder_attention_heads=arch.heads,
        decoder_attention_heads=arch.heads,
        encoder_ffn_dim=arch.ffn,
        decoder_ffn_dim=arch.ffn,
        max_position_embeddings=arch.max_positions,
        encoder_layerdrop=0.0,
        decoder_layerdrop=0.0,
        scale_embedding=True,
        **kwargs,
    )


def t5_like_config(config_cls: Any, arch: Arch, vocab_size: int, **kwargs: Any) -> Any:
    """A T5-style encoder-decoder config (mT5, T5) of ``arch``'s sizes, with gated-GELU feed-forwards."""
    return config_cls(
        vocab_size=vocab_size,
        d_model=arch.d_model,
        d_kv=arch.d_model // arch.heads,
        d_ff=arch.ffn,
        num_layers=arch.encoder_layers,
        num_decoder_layers=arch.decoder_layers,
        num_heads=arch.heads,
        feed_forward_proj="gated-gelu",
        tokenizer_class="T5Tokenizer",
        **kwargs,
    )


def _untie_lm_head(model: Any) -> None:
    """T5-family checkpoints have a separate output projection; transformers 5 ties it on construction
    (T5Config and MT5Config force ``tie_word_embeddings=True``), so give it its own random weights as the
    real checkpoints have."""
    import torch

    shared = model.get_input_embeddings().weight
    weight = torch.empty_like(shared).normal_(0.0, float(model.config.initializer_factor))
    model.lm_head.weight = torch.nn.Parameter(weight)
    tied = getattr(model, "all_tied_weights_keys", None)
    if isinstance(tied, dict):
        tied.pop("lm_head.weight", None)


# --------------------------------------------------------------------------------------------- entry point
def build_random_model(
    family: str,
    out_dir: Path,
    *,
    arch: Arch | str = "tiny",
    lines: Sequence[str] | None = None,
    seed: int = 0,
    spm_vocab: int = 1000,
    quiet_languages: bool = False,
    **options: Any,
) -> Path:
    """Build a random-weight model folder loadable with ``AutoTokenizer``/``AutoModelForSeq2SeqLM``.

    ``family`` is a name from :func:`summix.families.names`; the folder holds that family's real tokenizer
    class (trained on ``lines``, default :func:`corpus_lines`), a model of ``arch`` (an :class:`Arch` or a
    :data:`PRESETS` name) initialised after ``torch.manual_seed(seed)`` and saved as safetensors, a
    ``generation_config.json`` with the real checkpoints' defaults, and :data:`RANDOM_MARKER`. ``options``
    go to the family's builder (Marian: ``pair``, the direction). Returns ``out_dir``.

    ``quiet_languages`` zeroes the output rows of the language tokens (NLLB, M2M100). A large random model
    with tied embeddings mostly repeats its last input token, so after a forced language token it writes
    that token to the end, which decodes to nothing and fails the pipeline's coverage check; with those
    rows zeroed it writes ordinary pieces. The speed presets use it; the tests' tiny models do not need it.

    Raises:
        ValueError: an unknown family or preset, or an architecture whose sizes do not fit.
    """
    from summix import families
    from summix.errors import ModelError

    try:
        kind = families.get(family)
    except ModelError as exc:
        raise ValueError(str(exc)) from None
    resolved, preset = _resolve_arch(arch)
    if resolved.d_model % resolved.heads:
        raise ValueError("d_model must be divisible by heads")
    text = list(corpus_lines() if lines is None else lines)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="summix-rw-") as tmp:
        built = kind.build_tiny(Path(tmp), resolved, text, spm_vocab, **options)
        built.tokenizer.save_pretrained(out_dir)
        for name, source in built.extra_files.items():
            if not (out_dir / name).exists():
                shutil.copy(source, out_dir / name)
    if not quiet_languages:
        built.language_rows = ()
    _save_model(built, out_dir, seed)
    _write_marker(out_dir, built, family=family, arch=asdict(resolved), preset=preset, seed=seed)
    return out_dir


def _write_marker(out_dir: Path, built: Any, **facts: Any) -> None:
    """Write :data:`RANDOM_MARKER` last: its presence says the folder is complete."""
    marker: dict[str, Any] = {
        **facts,
        "note": _NOTE,
        "vocab_size": built.config.vocab_size,
        "tokenizer_class": type(built.tokenizer).__name__,
        "zeroed_output_rows": list(built.unused) if built.unused[1] > built.unused[0] else None,
        "zeroed_language_rows": len(built.language_rows),
        **built.marker,
    }
    (out_dir / RANDOM_MARKER).write_text(
        json.dumps(marker, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _save_model(built: Any, out_dir: Path, seed: int) -> None:
    import torch
    from transformers import AutoModelForSeq2SeqLM, GenerationConfig

    torch.manual_seed(seed)
    model = AutoModelForSeq2SeqLM.from_config(built.config)
    if built.untie_output:
        _untie_lm_head(model)
    start, end = built.unused
    with torch.no_grad():
        weight = model.get_output_embeddings().weight
        if end > start:
            weight[start:end].zero_()
        if built.language_rows:
            weight[list(built.language_rows)] = 0.0
    model.generation_config = GenerationConfig(**built.generation)
    model.save_pretrained(out_dir)
    if built.config_patch:
        _patch_json(out_dir / "config.json", **built.config_patch)


def _patch_json(path: Path, **values: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(values)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def is_random_model(path: Path) -> bool:
    """True when ``path`` is a folder built by :func:`build_random_model`."""
    return (Path(path) / RANDOM_MARKER).is_file()


def read_marker(path: Path) -> dict[str, Any] | None:
    """The :data:`RANDOM_MARKER` content of a model folder, or None for a real model."""
    marker = Path(path) / RANDOM_MARKER
    if not marker.is_file():
        return None
    return json.loads(marker.read_text(encoding="utf-8"))


def stand_in_generation(path: Path, src: str, tgt: str, options: GenerationOptions) -> GenerationOptions:
    """``options`` for a random-weight model in ``path`` translating ``src`` to ``tgt``: when its marker
    records output lengths (:data:`OUTPUT_LENGTHS`), every output is exactly as long as a real translation
    would be, the batch's longest source in tokens x the measured ratio of the pair (+1 for the end
    token), instead of running to the bound (2 x input + 10) that a model which never ends reaches; the
    other settings are kept. A real model, a marker without lengths, or a pair it lacks: ``options``."""
    ratio = ((read_marker(path) or {}).get(OUTPUT_LENGTHS) or {}).get("ratios", {}).get(f"{src}-{tgt}")
    return stand_in_options(options, float(ratio)) if ratio else options


def stand_in_options(options: GenerationOptions, ratio: float) -> GenerationOptions:
    """``options`` writing exactly the longest source x ``ratio`` tokens, +1 for the end token."""
    from dataclasses import replace

    return replace(options, length_ratio=ratio, length_margin=1, min_new_tokens=None, exact_length=True)
