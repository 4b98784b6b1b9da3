"""summix: summarize and translate documents into Uzbek, Russian and English with local seq2seq models.

The library works without the CLI::

    import summix
    result = summix.translate(open("doc.txt").read(), to="uz,ru")
    print(result.translations[0].text)

    for item in summix.translate_batch(["Hello.", "Good night."], to="ru", source="en"):
        print(item.position, item.translations["ru"])

    result = summix.check("Sales rose 5% in 2019.", "Продажи выросли на 6% в 2019 году.", "en", "ru")
    print(result.flagged, [f.reason for f in result.findings])

    summix.transliterate("Oʻzbekiston", to="uz-Cyrl")  # 'Ўзбекистон'
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "check", "summarize", "translate", "translate_batch", "transliterate"]


def __getattr__(name: str):  # keep `import summix` cheap: the API module loads on first use
    if name in ("summarize", "translate", "translate_batch"):
        from summix import api

        return getattr(api, name)
    if name == "check":
        from summix import checks

        return checks.check
    if name == "transliterate":
        from summix import translit

        return translit.transliterate
    raise AttributeError(f"module 'summix' has no attribute {name!r}")
