"""JSON Schema (draft 2020-12) of ``--format json`` output for ``summarize`` and ``translate``."""

from __future__ import annotations

from summix import families, languages

_SIGNATURE = {
    "type": ["object", "null"],
    "required": [
        "model_id",
        "revision",
        "family",
        "backend",
        "device",
        "dtype",
        "num_beams",
        "max_new_tokens",
        "random_weights",
        "summix_version",
    ],
    "properties": {
        "model_id": {"type": "string"},
        "revision": {"type": "string"},
        "family": {"enum": list(families.names())},
        "backend": {"type": "string"},
        "device": {"type": "string"},
        "dtype": {"type": "string"},
        "num_beams": {"type": "integer", "minimum": 1},
        "max_new_tokens": {"type": "integer", "minimum": 1},
        "random_weights": {"type": "boolean"},
        "summix_version": {"type": "string"},
        # Free-form facts about the output, as strings. "script": how output in a script the model does not
        # write got there ("transliterated from uz-Latn"); "apostrophes": for Uzbek Latin output, "standard"
        # (U+02BB in oʻ/gʻ, U+02BC for the tutuq belgisi) or "kept" (as the model wrote them).
        "extra": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "properties": {
                "script": {"type": "string", "pattern": "^transliterated from "},
                "apostrophes": {"enum": ["standard", "kept"]},
            },
        },
    },
}
_LANG = {"enum": list(languages.CODES)}
# Lines left out of the document as page furniture (empty with --keep-all): 1-based number, text as read.
_DROPPED = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["line", "text"],
        "properties": {"line": {"type": "integer", "minimum": 1}, "text": {"type": "string"}},
    },
}
# Summaries only: where each extracted sentence came from (null for an abstractive summary).
_SENTENCES = {
    "type": ["array", "null"],
    "items": {
        "type": "object",
        "required": ["text", "paragraph", "section", "position", "score"],
        "properties": {
            "text": {"type": "string"},
            "paragraph": {"type": "integer", "minimum": 0},
            "section": {"type": "integer", "minimum": 0},
            "position": {"type": "integer", "minimum": 0},
            "score": {"type": "number"},
        },
    },
}
# Summaries only: NEWSROOM statistics against the document (null for a summary in another language).
_FRAGMENTS = {
    "type": ["object", "null"],
    "required": ["coverage", "density", "compression"],
    "properties": {
        "coverage": {"type": "number", "minimum": 0, "maximum": 1},
        "density": {"type": "number", "minimum": 0},
        "compression": {"type": "number", "minimum": 0},
    },
}
_LOGPROB = {"type": ["number", "null"], "maximum": 0}
_COUNT = {"type": ["integer", "null"], "minimum": 0}
# The model's own scores (summix.scoring): reported, never a flag; null where unknown.
MODEL_SCHEMA: dict = {
    "type": ["object", "null"],
    "required": ["mean_logprob", "min_logprob", "tokens", "back_logprob", "back_tokens"],
    "properties": {
        "mean_logprob": _LOGPROB,
        "min_logprob": _LOGPROB,
        "tokens": _COUNT,
        "back_logprob": _LOGPROB,
        "back_tokens": _COUNT,
    },
}
# One part's checks (summix.checks.base.SegmentCheck.to_json), as `summix check` prints them too.
CHECK_SCHEMA: dict = {
    "type": "object",
    "required": ["flags", "values"],
    "properties": {
        "flags": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "reason", "items"],
                "properties": {
                    "kind": {"type": "string"},
                    "reason": {"type": "string"},
                    "items": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "values": {"type": "object", "properties": {"model": MODEL_SCHEMA}},
    },
}

RESULT_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "summix result",
    "type": "object",
    "required": ["summix_version", "task", "source", "outputs", "seconds"],
    "properties": {
        "summix_version": {"type": "string"},
        "task": {"enum": ["translate", "summarize"]},
        "method": {"enum": ["abstractive", "extractive"]},
        "source": {
            "type": "object",
            "required": ["language", "dropped"],
            "properties": {
                "language": _LANG,
                "paragraphs": {"type": "array", "items": {"type": "string"}},
                "sentences": {"type": "integer", "minimum": 0},
                "dropped": _DROPPED,
            },
        },
        "outputs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["language", "text", "parts", "method", "pivot", "signature", "seconds"],
                "properties": {
                    "language": _LANG,
                    "text": {"type": "string"},
                    "parts": {"type": "array", "items": {"type": "string"}},
                    "method": {"type": "string"},
                    "pivot": {"type": ["string", "null"]},
                    "signature": _SIGNATURE,
                    "seconds": {"type": "number", "minimum": 0},
                    "sentences": _SENTENCES,
                    "fragments": _FRAGMENTS,
                    # Said for a reader: a pivot, input or output transliterated, a model missing.
                    "notes": {"type": "array", "items": {"type": "string"}},
                    # With --check: one check per part, the summary line, and the whole output's scores.
                    "checks": {"type": "array", "items": CHECK_SCHEMA},
                    "check_summary": {"type": "string"},
                    "model": MODEL_SCHEMA,
                },
                "dependentRequired": {"checks": ["check_summary", "model"]},
            },
        },
        "seconds": {"type": "number", "minimum": 0},
    },
}
