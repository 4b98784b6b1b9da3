"""``summix models …``: list, inspect, pull, verify, remove and convert models.

Only ``pull`` touches the network. Importing this module is cheap: the registry, the resolver, the hub code
and rich are imported inside the commands. Errors become one line at the entry point
(:mod:`summix.cli.errors`); add a command with ``@models_app.command("name")``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

models_app = typer.Typer(
    help="List, inspect, download (pull), verify, remove and convert models. Only pull uses the network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

NameArg = Annotated[str, typer.Argument(help="Alias, hub repo id (org/name) or folder.", show_default=False)]
DirOpt = Annotated[
    str | None,
    typer.Option(
        "--dir", "--models-dir", help="Folder of local models [env SUMMIX_MODELS_DIR; default ./models]."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts) instead of a table.")]
QUANTIZATION_HELP = (
    "int8, int8_float16, int8_bfloat16, bfloat16, float16 or float32 [default: int8 without a GPU (fastest "
    "on a CPU); with one, int8_bfloat16 where it computes in bfloat16]."
)
QuantizationOpt = Annotated[str | None, typer.Option("--quantization", "-q", help=QUANTIZATION_HELP)]
ConvertOpt = Annotated[
    bool,
    typer.Option(
        "--convert/--no-convert",
        help="After the download, convert for the fast CTranslate2 backend when ctranslate2 is installed "
        "(Marian with its target vocabulary map); --backend auto then uses it.",
    ),
]


def _console() -> Any:
    import sys

    from rich.console import Console

    # Piped output keeps whole rows on one line (for grep), instead of rich's 80-column default.
    return Console(highlight=False, width=None if sys.stdout.isatty() else 200)


def _table(*columns: str) -> Any:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _languages_text(spec: Any) -> str:
    if "translate" not in spec.tasks:
        return ", ".join(spec.languages)
    if len(spec.directions) == 1:
        return "{}->{}".format(*spec.directions[0])
    return "<->".join(spec.languages)


def _spec_dict(spec: Any) -> dict[str, Any]:
    from dataclasses import asdict

    from summix.registry import DEFAULT_REASONS, default_uses

    data = asdict(spec)
    data["directions"] = ["->".join(d) for d in spec.directions]
    pin = spec.pin
    data["commit"] = spec.revision if pin and pin.full_commit else None  # None: a ref, see pin_note
    data["commit_prefix"] = pin.commit_prefix if pin else ""
    data["pin_note"] = pin.note if pin else ""
    data["default_for"] = default_uses(spec.alias)
    data["default_reason"] = DEFAULT_REASONS.get(spec.alias, "")
    data["curated"] = True
    return data


@models_app.command("list")
def list_models(json_out: JsonOpt = False, directory: DirOpt = None) -> None:
    """The curated models: tasks, languages, size, license, and where each is installed."""
    from summix.registry import SPECS, default_uses
    from summix.resolve import installed_models

    refs = installed_models(directory)
    by_alias = {r.spec.alias: r for r in refs if r.spec is not None}
    others = [r for r in refs if r.spec is None]
    if json_out:
        rows = [
            {**_spec_dict(s), "installed": str(by_alias[s.alias].path) if s.alias in by_alias else None}
            for s in SPECS
        ]
        rows += [_local_dict(r) for r in others]
        _echo_json(rows)
        return
    table = _table("model", "task", "languages", "size", "license", "installed")
    for spec in SPECS:
        ref = by_alias.get(spec.alias)
        table.add_row(
            spec.alias + (" *" if default_uses(spec.alias) else ""),
            ", ".join(spec.tasks),
            _languages_text(spec),
            f"{spec.download_mb / 1000:.1f} GB" if spec.download_mb >= 1000 else f"{spec.download_mb} MB",
            spec.license + (" (NC)" if spec.non_commercial else ""),
            str(ref.path) if ref else "-",
        )
    for ref in others:
        table.add_row(ref.name, ref.family, "", "", "", str(ref.path))
    console = _console()
    console.print(table)
    console.print(
        "* a default (see `summix models info NAME`).  NC: non-commercial use only.  "
        "Get one with `summix models pull NAME`."
    )


def _local_dict(ref: Any) -> dict[str, Any]:
    return {
        "alias": ref.name,
        "repo_id": ref.repo_id,
        "family": ref.family,
        "revision": ref.revision,
        "installed": str(ref.path),
        "curated": False,
    }


@models_app.command("info")
def info(name: NameArg, json_out: JsonOpt = False, directory: DirOpt = None) -> None:
    """Everything the registry says about a model, and its local files with their sizes."""
    from summix.hub import read_lock
    from summix.registry import find_spec
    from summix.resolve import folder_name, managed_folder

    spec = find_spec(name)
    folder = managed_folder(name, directory)
    if spec is None and folder is None:
        folder_name(name)  # raises: an unknown alias lists the valid ones
        raise _not_installed(name)
    data: dict[str, Any] = _spec_dict(spec) if spec else {"alias": name, **_folder_facts(folder)}
    data["installed"] = str(folder) if folder else None
    if folder is not None:
        lock = read_lock(folder)
        data["lock"] = {k: v for k, v in (lock or {}).items() if k != "files"} or None
        data["local_files"] = _local_files(folder, lock)
    if json_out:
        _echo_json(data)
        return
    _print_info(data)


def _folder_facts(folder: Path | None) -> dict[str, Any]:
    from summix.errors import ModelError
    from summix.resolve import inspect_folder

    try:
        ref = inspect_folder(folder, allow_pickle=True) if folder else None
    except ModelError as exc:
        return {"note": str(exc)}
    return {"repo_id": ref.repo_id, "revision": ref.revision, "family": ref.family} if ref else {}


def _not_installed(name: str) -> Exception:
    from summix.errors import ModelNotFoundError

    return ModelNotFoundError(f"model {name!r} is not installed: run `summix models pull {name}`")


def _local_files(folder: Path, lock: dict | None) -> list[dict[str, Any]]:
    from summix.hub import PARTIAL_DIR

    locked = (lock or {}).get("files", {})
    files = [
        {"name": p.name, "size": p.stat().st_size, "locked": p.name in locked}
        for p in sorted(folder.iterdir())
        if p.is_file()
    ]
    partial = folder / PARTIAL_DIR
    if partial.is_dir():
        files += [
            {"name": f"{PARTIAL_DIR}/{p.name}", "size": p.stat().st_size, "locked": False}
            for p in partial.iterdir()
        ]
    return files


_INFO_LABELS = (
    ("alias", "alias"),
    ("repo_id", "hub repo"),
    ("revision", "revision"),
    ("weights", "weights"),
    ("commit_prefix", "commit"),
    ("source", "checked at"),
    ("family", "family"),
    ("tasks", "tasks"),
    ("languages", "languages"),
    ("directions", "directions"),
    ("license", "license"),
    ("download_mb", "download (MB)"),
    ("parameters_m", "parameters (M)"),
    ("max_input_tokens", "input tokens"),
    ("generation", "generation"),
    ("default_for", "default for"),
    ("default_reason", "why"),
    ("note", "note"),
    ("pin_note", "pinning"),
    ("installed", "installed"),
)


def _print_info(data: dict[str, Any]) -> None:
    from summix.hub import describe_size

    console = _console()
    table = _table("field", "value")
    table.show_header = False
    for key, label in _INFO_LABELS:
        value = data.get(key)
        if key == "license" and data.get("non_commercial"):
            value = f"{value} (non-commercial use only)"
        if value in (None, "", [], {}):
            if key != "installed":
                continue
            value = f"no (`summix models pull {data.get('alias')}`)"
        table.add_row(label, _plain(value))
    lock = data.get("lock")
    if lock:
        table.add_row("pulled", f"{lock.get('repo_id')}@{lock.get('revision')} on {lock.get('pulled_at')}")
    console.print(table)
    _print_sources(console, data)
    if data.get("local_files"):
        files = _table("file", "size", "in lock")
        for f in data["local_files"]:
            files.add_row(f["name"], describe_size(f["size"]), "yes" if f["locked"] else "no")
        console.print()
        console.print(files)


_UNHASHED = "no page prints its hash; pull checks the hub's own"


def _print_sources(console: Any, data: dict[str, Any]) -> None:
    """Where each fact and each pinned file came from (a page, or summix's own choice)."""
    if data.get("sources"):
        facts = _table("fact", "source")
        for fact, source in data["sources"].items():
            facts.add_row(fact, source)
        console.print()
        console.print(facts)
    if data.get("files"):
        pins = _table("pinned file", "size", "sha256 / blob id", "source")
        for f in data["files"]:
            size = f"{f['size']:,} B" if f.get("size") is not None else f.get("shown_size") or "-"
            digest = f.get("sha256") or f.get("blob_id") or f"- {f.get('note') or _UNHASHED}"
            pins.add_row(f["name"], size, digest, f["source"])
        console.print()
        console.print(pins)


def _plain(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


@models_app.command("pull")
def pull(
    names: Annotated[list[str], typer.Argument(help="Aliases or org/name repo ids.", show_default=False)],
    revision: Annotated[
        str | None,
        typer.Option(
            help="Branch, tag, PR ref or commit; `latest`: main if it has safetensors, else the hub's "
            "conversion of main's head, else the registry's [default: the registry's revision]."
        ),
    ] = None,
    directory: DirOpt = None,
    cache: Annotated[
        bool,
        typer.Option("--cache", help="Download into the Hugging Face cache instead of the models folder."),
    ] = False,
    allow_pickle: Annotated[
        bool,
        typer.Option(
            help="Accept pickle weights (pytorch_model.bin) when a revision has no safetensors: they are "
            "converted once to model.safetensors with torch's weights-only loader (torch>=2.10)."
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option(help="Re-hash files already there and download again any that do not match.")
    ] = False,
    convert: ConvertOpt = True,
    quantization: QuantizationOpt = None,
) -> None:
    """Download models with their config and tokenizer, check their hashes and write a lock file; then
    convert them for the fast backend."""
    from summix import hub
    from summix.cli.errors import report
    from summix.errors import SummixError

    _check_pull(names, revision, convert, quantization)
    if hub.offline():
        raise SummixError(
            "HF_HUB_OFFLINE is set: `summix models pull` needs the network (unset it to download)"
        )
    failed = 0
    for name in names:
        try:
            result = hub.pull(
                name,
                revision=revision,
                directory=directory,
                cache=cache,
                allow_pickle=allow_pickle,
                force=force,
            )
        except SummixError as exc:  # one line each (the entry point's table), then the next model
            if report(exc) is None:
                raise
            failed += 1
            continue
        typer.echo(_pulled_line(result))
        if convert:
            _convert_pulled(result, quantization, directory)
    if failed:
        raise typer.Exit(1)


def _check_pull(names: list[str], revision: str | None, convert: bool, quantization: str | None) -> None:
    """Refuse bad names and contradicting settings before anything is downloaded (offline too)."""
    from summix.convert import check_quantization
    from summix.errors import SettingError, SummixError
    from summix.resolve import folder_name

    for name in names:
        folder_name(name)  # a bad name fails here and never becomes a path
    if revision and len(names) > 1:
        raise SummixError("--revision applies to one model at a time: pull the others separately")
    if quantization is not None:
        if not convert:
            raise SettingError("--quantization applies to the conversion: drop it or --no-convert")
        check_quantization(quantization)


def _convert_pulled(result: Any, quantization: str | None, directory: str | None) -> None:
    """Convert a pulled model for the fast backend, or say on stderr why not; the download stands either
    way (the transformers backend runs it)."""
    from summix import engines
    from summix.convert import CONVERTER, ensure_converted
    from summix.errors import SummixError

    engine = engines.get(CONVERTER)
    if not engine.available():
        typer.echo(
            f"summix: {result.name}: not converted for the fast backend ({engine.package} is not installed: "
            f"{engine.install}, then `summix models convert {result.name}`)",
            err=True,
        )
        return
    try:
        done = ensure_converted(str(result.path), quantization=quantization, directory=directory)
    except SummixError as exc:
        typer.echo(
            f"summix: {result.name}: not converted for the fast backend ({exc}); the transformers backend "
            f"runs it (retry: `summix models convert {result.name}`)",
            err=True,
        )
        return
    typer.echo(_converted_line(result.name, done))


def _pulled_line(result: Any) -> str:
    from summix.hub import describe_size

    if result.up_to_date:
        line = f"{result.name}: up to date in {result.path} @ {result.revision}"
    else:
        size, fetched = describe_size(result.size), describe_size(result.downloaded)
        line = (
            f"{result.name}: pulled into {result.path} @ {result.revision} "
            f"({result.files} files, {size}; {fetched} downloaded)"
        )
    if result.resolved_from:
        line += f"; latest: {result.resolved_from}"
    return line + ("; pytorch_model.bin converted to model.safetensors" if result.converted else "")


@models_app.command("verify")
def verify(name: NameArg, directory: DirOpt = None) -> None:
    """Re-hash a model's files against the lock written when it was pulled."""
    from summix import hub
    from summix.errors import ModelError

    folder, lock, problems = hub.verify(name, directory)
    if problems:
        details = "; ".join(str(p) for p in problems)
        target = lock.get("alias") or lock.get("repo_id") or name
        raise ModelError(
            f"{folder} fails verification: {details} (repair: `summix models pull {target} --force`)"
        )
    where = f"{lock.get('repo_id')}@{lock.get('revision')}"
    typer.echo(f"{name}: ok, {len(lock['files'])} files in {folder} match the lock ({where})")


@models_app.command("remove")
def remove(
    name: NameArg,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (for scripts).")
    ] = False,
    directory: DirOpt = None,
) -> None:
    """Delete a model from the models folder (or the hub cache) after confirmation."""
    from summix import hub
    from summix.errors import SummixError

    folder = hub.removable(name, directory)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    if not yes:
        try:
            agreed = typer.confirm(f"Remove {name} ({hub.describe_size(size)}) at {folder}?", default=False)
        except typer.Abort:
            raise SummixError(f"{folder} was not removed: pass --yes to remove without asking") from None
        if not agreed:
            raise SummixError(f"{folder} was not removed")
    hub.remove(folder)
    typer.echo(f"removed {folder}")


@models_app.command("convert")
def convert(
    name: NameArg,
    quantization: QuantizationOpt = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Folder to write (default: beside the model, NAME-ct2-QUANT)."),
    ] = None,
    vmap: Annotated[
        str | None,
        typer.Option(
            help="Restrict the output layer at run time: 'target' (Marian: only pieces target.spm makes, "
            "about half a bilingual opus-mt vocabulary; the default for Marian), or a map file (a source "
            "token, a tab, its likely target tokens, per line)."
        ),
    ] = None,
    no_vmap: Annotated[
        bool, typer.Option("--no-vmap", help="No vocabulary map, not even Marian's default target map.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace an existing conversion.")] = False,
    directory: DirOpt = None,
    allow_pickle: Annotated[
        bool, typer.Option(help="Allow loading pickle (*.bin) weights from a source you trust.")
    ] = False,
) -> None:
    """Convert an installed model for the fast CTranslate2 backend (needs the ctranslate2 package)."""
    from summix.convert import AUTO_VMAP, NO_VMAP, convert_model, default_quantization
    from summix.errors import SettingError
    from summix.hub import installed_folder
    from summix.resolve import resolve_model

    if no_vmap and vmap is not None:
        raise SettingError(f"--vmap {vmap} and --no-vmap contradict each other: give one")
    folder = str(installed_folder(name, directory))
    if quantization is None:
        quantization = default_quantization(resolve_model(folder, directory, allow_pickle))
    done = convert_model(
        folder,
        quantization=quantization,
        output=output,
        directory=directory,
        vmap=NO_VMAP if no_vmap else vmap or AUTO_VMAP,
        force=force,
        allow_pickle=allow_pickle,
    )
    typer.echo(_converted_line(name, done) + "; --backend auto now uses it")


def _converted_line(name: str, done: Any) -> str:
    what = f"{done.source.family}, {done.quantization}" + (
        ", target vocabulary map" if done.vmap == "target" else ", vocabulary map" if done.vmap else ""
    )
    if done.reused:
        return f"{name}: conversion for the fast backend ({what}) up to date in {done.path}"
    return f"converted {name} ({what}) to {done.path} [{done.megabytes:.0f} MB, {done.seconds:.1f} s]"


def register(app: typer.Typer) -> None:
    """Add the command group to ``app``."""
    app.add_typer(models_app, name="models")
