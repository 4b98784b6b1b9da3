"""Benchmarks: translation and summary quality on human references, and speed and memory on CPU or GPU.

``metrics`` (sacrebleu wrappers, Unicode ROUGE, reference-free summary checks), ``datasets`` (NTREX-128, UDHR,
Tatoeba), ``quality`` and ``speed`` (runners returning frozen results), ``report`` (JSON, Markdown, PNG) and
``published`` (figures from the model cards). Everything goes through the public API; nothing heavy is
imported until a benchmark runs.
"""
