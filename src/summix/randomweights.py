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
from typing import Any

FAMILIES = ("nllb", "m2m100", "marian", "mt5")

RANDOM_MARKER = "summix-random-weights.json"


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

# M2M100Tokenizer puts 100 "__xx__" language tokens right after vocab.json, then 8 "madeup words".
M2M100_LANGUAGE_TOKENS = 100
M2M100_MADEUP_WORDS = 8

# The target languages of csebuetnlp/mT5_m2m_crossSum in the order of its langid_map: language i starts
# the decoder with the sentencepiece piece "▁<extra_id_{99 - i}>" (russian: 36 -> ▁<extra_id_63>).
CROSSSUM_LANGUAGES = (
    "kirundi", "indonesian", "ukrainian", "spanish", "arabic", "kyrgyz", "thai", "azerbaijani", "uzbek",
    "igbo", "french", "serbian_latin", "vietnamese", "marathi", "pidgin", "turkish", "tigrinya", "punjabi",
    "swahili", "somali", "nepali", "hindi", "telugu", "persian", "scottish_gaelic", "yoruba", "welsh",
    "gujarati", "serbian_cyrillic", "korean", "english", "sinhala", "tamil", "burmese", "pashto", "amharic",
    "russian", "japanese", "urdu", "portuguese", "chinese_simplified", "oromo", "bengali", "hausa",
    "chinese_traditional",
)  # fmt: skip

# Generation settings from the XL-Sum / CrossSum model cards.
XLSUM_GENERATION = {"max_length": 84, "num_beams": 4, "no_repeat_ngram_size": 2}

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


def _spm_pieces(spm_path: Path) -> list[str]:
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


def _model_vocab(arch: Arch, needed: int) -> int:
    if arch.vocab_size is None:
        return needed
    if arch.vocab_size < needed:
        raise ValueError(f"vocab_size {arch.vocab_size} is smaller than the {needed} ids the tokenizer needs")
    return arch.vocab_size


def _nllb_language_codes() -> list[str]:
    try:  # the 202 FLORES-200 codes, as transformers ships them
        from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

        return list(FAIRSEQ_LANGUAGE_CODES)
    except ImportError:  # pragma: no cover - transformers moved it
        return ["eng_Latn", "rus_Cyrl", "uzn_Latn"]


# --------------------------------------------------------------------------------------------- families
@dataclass
class _Built:
    tokenizer: Any
    config: Any
    generation: dict[str, Any]
    # Output rows [start, end) no token of the small tokenizer uses (filler ids of a real-size vocabulary):
    # zeroed so that a random model does not spend its output on ids that decode to nothing.
    unused: tuple[int, int]
    extra_files: dict[str, Path]


def _bart_like(config_cls: Any, arch: Arch, vocab_size: int, **kwargs: Any) -> Any:
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


def _build_nllb(work: Path, arch: Arch, lines: Sequence[str], spm_vocab: int) -> _Built:
    from transformers import M2M100Config, NllbTokenizer

    spm_path = train_sentencepiece(lines, work / "spm", spm_vocab, "bpe")
    tok_dir = work / "tok"
    tok_dir.mkdir()
    shutil.copy(spm_path, tok_dir / "sentencepiece.bpe.model")
    # Built from a bare spm, the tokenizer does not add the language codes on its own: pass them.
    tokenizer = NllbTokenizer.from_pretrained(
        tok_dir, extra_special_tokens=_nllb_language_codes(), src_lang="eng_Latn", local_files_only=True
    )
    tokenizer.model_max_length = arch.max_positions
    for code in ("eng_Latn", "rus_Cyrl", "uzn_Latn"):
        if tokenizer.convert_tokens_to_ids(code) in (None, tokenizer.unk_token_id):
            raise RuntimeError(f"NLLB tokenizer lost language code {code}")
    ids = (tokenizer.bos_token_id, tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id)
    if ids != (0, 1, 2, 3):
        raise RuntimeError(f"unexpected NLLB special ids bos/pad/eos/unk {ids}")
    needed = len(tokenizer)
    vocab_size = _model_vocab(arch, needed)
    config = _bart_like(
        M2M100Config,
        arch,
        vocab_size,
        activation_function="relu",
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tokenizer_class="NllbTokenizer",
    )
    generation = {
        "bos_token_id": 0,
        "decoder_start_token_id": 2,
        "eos_token_id": 2,
        "max_length": 200,
        "pad_token_id": 1,
    }
    return _Built(tokenizer, config, generation, (needed, vocab_size), {"sentencepiece.bpe.model": spm_path})


def _build_m2m100(work: Path, arch: Arch, lines: Sequence[str], spm_vocab: int) -> _Built:
    from transformers import M2M100Config, M2M100Tokenizer

    spm_path = train_sentencepiece(lines, work / "spm", spm_vocab, "bpe")
    tok_dir = work / "tok"
    tok_dir.mkdir()
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in _spm_pieces(spm_path):
        vocab.setdefault(piece, len(vocab))
    (tok_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.copy(spm_path, tok_dir / "sentencepiece.bpe.model")
    tokenizer = M2M100Tokenizer(
        vocab_file=str(tok_dir / "vocab.json"),
        spm_file=str(tok_dir / "sentencepiece.bpe.model"),
        src_lang="en",
        model_max_length=arch.max_positions,
    )
    # len(tokenizer) leaves out the 100 "__xx__" tokens: they are len(vocab.json) + i, then 8 madeup words.
    languages_end = len(vocab) + M2M100_LANGUAGE_TOKENS
    if max(tokenizer.lang_code_to_id.values()) != languages_end - 1:
        raise RuntimeError("M2M100 language ids are not where they were expected")
    vocab_size = _model_vocab(arch, languages_end + M2M100_MADEUP_WORDS)
    config = _bart_like(
        M2M100Config,
        arch,
        vocab_size,
        activation_function="relu",
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tokenizer_class="M2M100Tokenizer",
    )
    generation = {
        "bos_token_id": 0,
        "decoder_start_token_id": 2,
        "early_stopping": True,
        "eos_token_id": 2,
        "max_length": 200,
        "num_beams": 5,
        "pad_token_id": 1,
    }
    return _Built(tokenizer, config, generation, (languages_end, vocab_size), {})


def _build_marian(
    work: Path, arch: Arch, lines: Sequence[str], spm_vocab: int, pair: tuple[str, str]
) -> _Built:
    from transformers import MarianConfig, MarianTokenizer

    spm_path = train_sentencepiece(lines, work / "spm", spm_vocab, "unigram")
    tok_dir = work / "tok"
    tok_dir.mkdir()
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in _spm_pieces(spm_path):
        vocab.setdefault(piece, len(vocab))
    real = len(vocab)
    vocab_size = _model_vocab(arch, real + 1)
    # A real opus-mt vocab.json has exactly config.vocab_size entries with <pad> last (CTranslate2 relies
    # on it): fill the gap with pieces sentencepiece never produces.
    for i in range(vocab_size - 1 - real):
        vocab[f"<unused_{i}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (tok_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.copy(spm_path, tok_dir / "source.spm")
    shutil.copy(spm_path, tok_dir / "target.spm")
    tokenizer = MarianTokenizer(
        source_spm=str(tok_dir / "source.spm"),
        target_spm=str(tok_dir / "target.spm"),
        vocab=str(tok_dir / "vocab.json"),
        source_lang=pair[0],
        target_lang=pair[1],
        model_max_length=arch.max_positions,
    )
    pad = tokenizer.pad_token_id
    if (pad, tokenizer.eos_token_id, tokenizer.unk_token_id) != (vocab_size - 1, 0, 1):
        raise RuntimeError("unexpected Marian special ids")
    config = _bart_like(
        MarianConfig,
        arch,
        vocab_size,
        decoder_vocab_size=vocab_size,
        activation_function="swish",
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad,
    )
    generation = {
        "bad_words_ids": [[pad]],
        "bos_token_id": 0,
        "decoder_start_token_id": pad,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "max_length": arch.max_positions,
        "num_beams": 4,
        "pad_token_id": pad,
    }
    return _Built(tokenizer, config, generation, (real, vocab_size - 1), {})


def crosssum_langid_map() -> dict[str, list[Any]]:
    """``task_specific_params["langid_map"]`` as in csebuetnlp/mT5_m2m_crossSum: name -> [index, piece]."""
    return {name: [i, f"▁<extra_id_{99 - i}>"] for i, name in enumerate(CROSSSUM_LANGUAGES)}


def _build_mt5(work: Path, arch: Arch, lines: Sequence[str], spm_vocab: int, summarizer: str) -> _Built:
    from transformers import MT5Config, T5Tokenizer

    if summarizer not in ("xlsum", "crosssum"):
        raise ValueError(f"summarizer must be 'xlsum' or 'crosssum', not {summarizer!r}")
    spm_path = train_sentencepiece(
        lines, work / "spm", spm_vocab, "unigram", pad_id=0, eos_id=1, unk_id=2, bos_id=-1
    )
    tok_dir = work / "tok"
    tok_dir.mkdir()
    shutil.copy(spm_path, tok_dir / "spiece.model")
    tokenizer = T5Tokenizer.from_pretrained(tok_dir, local_files_only=True)
    tokenizer.model_max_length = arch.max_positions
    ids = (tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id)
    if ids != (0, 1, 2):
        raise RuntimeError(f"unexpected T5 special ids pad/eos/unk {ids}")
    task_params: dict[str, Any] = {"summarization": dict(XLSUM_GENERATION)}
    if summarizer == "crosssum":
        langid_map = crosssum_langid_map()
        # In the real mT5 vocabulary "▁<extra_id_N>" is an ordinary sentencepiece piece (not the sentinel
        # "<extra_id_N>"); a small spm has no such piece, so add them as ordinary (non-special) tokens.
        pieces = [piece for _, piece in langid_map.values()]
        tokenizer.add_tokens([p for p in pieces if tokenizer.convert_tokens_to_ids(p) in (None, 2)])
        for piece in pieces:
            if tokenizer.convert_tokens_to_ids(piece) in (None, tokenizer.unk_token_id):
                raise RuntimeError(f"CrossSum language token {piece} is not in the vocabulary")
        task_params["langid_map"] = langid_map
    needed = len(tokenizer)
    vocab_size = _model_vocab(arch, needed)
    config = MT5Config(
        vocab_size=vocab_size,
        d_model=arch.d_model,
        d_kv=arch.d_model // arch.heads,
        d_ff=arch.ffn,
        num_layers=arch.encoder_layers,
        num_decoder_layers=arch.decoder_layers,
        num_heads=arch.heads,
        feed_forward_proj="gated-gelu",
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        tokenizer_class="T5Tokenizer",
        task_specific_params=task_params,
    )
    generation = {"decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0, **XLSUM_GENERATION}
    return _Built(tokenizer, config, generation, (needed, vocab_size), {"spiece.model": spm_path})


def _untie_lm_head(model: Any) -> None:
    """mT5 has a separate output projection; transformers 5 ties it on construction (MT5Config forces
    ``tie_word_embeddings=True``), so give it its own random weights as the real checkpoints have."""
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
    pair: tuple[str, str] = ("en", "ru"),
    summarizer: str = "xlsum",
    spm_vocab: int = 1000,
) -> Path:
    """Build a random-weight model folder loadable with ``AutoTokenizer``/``AutoModelForSeq2SeqLM``.

    ``family`` is one of :data:`FAMILIES`; the folder holds that family's real tokenizer class (trained on
    ``lines``, default :func:`corpus_lines`), a model of ``arch`` (an :class:`Arch` or a :data:`PRESETS` name)
    initialised after ``torch.manual_seed(seed)`` and saved as safetensors, a ``generation_config.json`` with
    the real checkpoints' defaults, and :data:`RANDOM_MARKER`. ``pair`` is the Marian direction (recorded in
    the tokenizer's ``source_lang``/``target_lang`` and in the marker); ``summarizer`` picks the mT5 flavour:
    ``"xlsum"`` or ``"crosssum"`` (adds ``task_specific_params["langid_map"]``). Returns ``out_dir``.
    """
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; choose from {FAMILIES}")
    resolved, preset = _resolve_arch(arch)
    if resolved.d_model % resolved.heads:
        raise ValueError("d_model must be divisible by heads")
    pair = (str(pair[0]), str(pair[1]))
    text = list(corpus_lines() if lines is None else lines)

    import torch
    from transformers import AutoModelForSeq2SeqLM, GenerationConfig

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="summix-rw-") as tmp:
        work = Path(tmp)
        if family == "nllb":
            built = _build_nllb(work, resolved, text, spm_vocab)
        elif family == "m2m100":
            built = _build_m2m100(work, resolved, text, spm_vocab)
        elif family == "marian":
            built = _build_marian(work, resolved, text, spm_vocab, pair)
        else:
            built = _build_mt5(work, resolved, text, spm_vocab, summarizer)
        built.tokenizer.save_pretrained(out_dir)
        for name, source in built.extra_files.items():
            if not (out_dir / name).exists():
                shutil.copy(source, out_dir / name)

    torch.manual_seed(seed)
    model = AutoModelForSeq2SeqLM.from_config(built.config)
    if family == "mt5":
        _untie_lm_head(model)
    start, end = built.unused
    if end > start:
        with torch.no_grad():
            model.get_output_embeddings().weight[start:end].zero_()
    model.generation_config = GenerationConfig(**built.generation)
    model.save_pretrained(out_dir)
    if family == "mt5":  # as in the real mT5 config.json (transformers 5 ignores it on load and ties anyway)
        _patch_json(out_dir / "config.json", tie_word_embeddings=False)

    marker: dict[str, Any] = {
        "family": family,
        "arch": asdict(resolved),
        "preset": preset,
        "seed": seed,
        "note": _NOTE,
        "vocab_size": built.config.vocab_size,
        "tokenizer_class": type(built.tokenizer).__name__,
        "zeroed_output_rows": [start, end] if end > start else None,
    }
    if family == "marian":
        marker["pair"] = list(pair)
    if family == "mt5":
        marker["summarizer"] = summarizer
    (out_dir / RANDOM_MARKER).write_text(
        json.dumps(marker, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return out_dir


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
