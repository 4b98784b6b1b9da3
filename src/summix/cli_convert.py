"""`summix models convert`: make a CTranslate2 copy of an installed model for the fast backend."""

from __future__ import annotations

from typing import Annotated

import typer

QUANTIZATION_HELP = "int8, int8_float16, int8_bfloat16, bfloat16, float16 or float32 (int8: fastest on CPU)."


def convert(
    name: Annotated[
        str, typer.Argument(help="Model alias, hub repo id (org/name) or folder.", show_default=False)
    ],
    quantization: Annotated[str, typer.Option("--quantization", "-q", help=QUANTIZATION_HELP)] = "int8",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Folder to write (default: beside the model, NAME-ct2-QUANT)."),
    ] = None,
    vmap: Annotated[
        str | None,
        typer.Option(
            help="Restrict the output layer at run time: 'target' (Marian: only pieces target.spm makes, "
            "about half a bilingual opus-mt vocabulary), or a map file (a source token, a tab, its likely "
            "target tokens, per line)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing conversion.")] = False,
    models_dir: Annotated[
        str | None, typer.Option(help="Folder of local models (env SUMMIX_MODELS_DIR; default ./models).")
    ] = None,
    allow_pickle: Annotated[
        bool, typer.Option(help="Allow loading pickle (*.bin) weights from a source you trust.")
    ] = False,
) -> None:
    """Convert an installed model for the fast CTranslate2 backend (needs the ctranslate2 package)."""
    from summix.convert import convert_model

    done = convert_model(
        name,
        quantization=quantization,
        output=output,
        directory=models_dir,
        vmap=vmap,
        force=force,
        allow_pickle=allow_pickle,
    )
    typer.echo(
        f"converted {name} ({done.source.family}, {quantization}) to {done.path} "
        f"[{done.megabytes:.0f} MB, {done.seconds:.1f} s]; --backend auto now uses it"
    )
