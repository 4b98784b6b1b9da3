"""``summix languages``: which installed model serves which language and direction (pivots included)."""

from __future__ import annotations

from typing import Any

import typer

from summix.cli.models import DirOpt, JsonOpt, _console, _echo_json, _table


def languages(json_out: JsonOpt = False, directory: DirOpt = None) -> None:
    """The languages and directions the installed models serve, and through which model."""
    rows = language_rows(directory)
    if json_out:
        _echo_json(rows)
        return
    table = _table("task", "from", "to", "model", "where")
    for row in rows:
        where = f"{row['where']} ({row['script']})" if row["script"] else row["where"]
        table.add_row(row["task"], row["from"], row["to"], row["model"] or "-", where)
    _console().print(table)


def language_rows(directory: str | None) -> list[dict[str, Any]]:
    """One row per task and direction: the model (or pivot) that serves it, or the pull command; ``script``
    says when text is transliterated on the way (Uzbek in the script a model does not read or write)."""
    from summix.languages import CODES, model_language
    from summix.options import RuntimeOptions
    from summix.resolve import suggest_pull
    from summix.session import Session

    session = Session(RuntimeOptions(models_dir=directory))
    pairs = [(src, tgt) for src in CODES for tgt in CODES if src != tgt]
    rows = [_translate_row(session, src, tgt) for src, tgt in pairs]
    for lang in CODES:
        base = model_language(lang)
        ref = session.find("summarize", base, base)
        where = str(ref.path) if ref else f"built in (abstractive: `{suggest_pull('summarize', base, base)}`)"
        script = _script(ref, lang, lang) if ref else None
        rows.append(_row("summarize", lang, lang, ref.name if ref else "extractive", where, script))
    for src, tgt in pairs:
        ref = session.find("cross-summarize", model_language(src), model_language(tgt))
        if ref is not None and model_language(src) != model_language(tgt):
            rows.append(_row("cross-summarize", src, tgt, ref.name, str(ref.path), _script(ref, src, tgt)))
    return rows


def _translate_row(session: Any, src: str, tgt: str) -> dict[str, Any]:
    from summix.errors import ModelNotFoundError
    from summix.languages import model_direction
    from summix.resolve import suggest_pull

    direction = model_direction(src, tgt)
    if direction is None:
        return _row("translate", src, tgt, "transliteration", "built in (summix transliterate)", None)
    try:
        route = session.route(*direction)
    except ModelNotFoundError:
        pull = suggest_pull("translate", *direction)
        return _row("translate", src, tgt, None, f"not installed: `{pull}`", None)
    where = f"pivot through {route.pivot}" if route.pivot else str(route.steps[0].ref.path)
    script = _script(route.steps[0].ref, src, None) or _script(route.steps[-1].ref, None, tgt)
    return _row("translate", src, tgt, route.names, where, script)


def _script(ref: Any, src: str | None, tgt: str | None) -> str | None:
    """How text is transliterated on the way through ``ref`` from ``src`` or into ``tgt``, if it is."""
    from summix.languages import get as language
    from summix.languages import has_scripts, tagged_code
    from summix.scripts import model_code

    said = []
    if src is not None and has_scripts(src) and model_code(ref, src) != src:
        said.append(f"input transliterated to {tagged_code(language(model_code(ref, src)))}")
    if tgt is not None and has_scripts(tgt) and model_code(ref, tgt) != tgt:
        said.append(f"output transliterated from {tagged_code(language(model_code(ref, tgt)))}")
    return ", ".join(said) or None


def _row(task: str, src: str, tgt: str, model: str | None, where: str, script: str | None) -> dict[str, Any]:
    return {"task": task, "from": src, "to": tgt, "model": model, "where": where, "script": script}


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command()(languages)
