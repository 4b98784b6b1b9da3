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
        table.add_row(row["task"], row["from"], row["to"], row["model"] or "-", row["where"])
    _console().print(table)


def language_rows(directory: str | None) -> list[dict[str, Any]]:
    """One row per task and direction: the model (or pivot) that serves it, or the pull command."""
    from summix.languages import LANGUAGES
    from summix.options import RuntimeOptions
    from summix.resolve import suggest_pull
    from summix.session import Session

    session = Session(RuntimeOptions(models_dir=directory))
    pairs = [(src, tgt) for src in LANGUAGES for tgt in LANGUAGES if src != tgt]
    rows = [_translate_row(session, src, tgt) for src, tgt in pairs]
    for lang in LANGUAGES:
        ref = session.find("summarize", lang, lang)
        where = str(ref.path) if ref else f"built in (abstractive: `{suggest_pull('summarize', lang, lang)}`)"
        rows.append(_row("summarize", lang, lang, ref.name if ref else "extractive", where))
    for src, tgt in pairs:
        ref = session.find("cross-summarize", src, tgt)
        if ref is not None:
            rows.append(_row("cross-summarize", src, tgt, ref.name, str(ref.path)))
    return rows


def _translate_row(session: Any, src: str, tgt: str) -> dict[str, Any]:
    from summix.errors import ModelNotFoundError
    from summix.resolve import suggest_pull

    try:
        route = session.route(src, tgt)
    except ModelNotFoundError:
        return _row("translate", src, tgt, None, f"not installed: `{suggest_pull('translate', src, tgt)}`")
    where = f"pivot through {route.pivot}" if route.pivot else str(route.steps[0].ref.path)
    return _row("translate", src, tgt, route.names, where)


def _row(task: str, src: str, tgt: str, model: str | None, where: str) -> dict[str, Any]:
    return {"task": task, "from": src, "to": tgt, "model": model, "where": where}


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    app.command()(languages)
