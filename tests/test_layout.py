"""The layout the README's Architecture section promises, checked on the source itself."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "summix"
MAX_LINES = 60


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_no_function_is_over_sixty_lines() -> None:
    long = []
    for path in sorted(SRC.rglob("*.py")):
        for node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_LINES:
                long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long


def test_madlad_is_named_only_in_its_family_module_and_the_registry() -> None:
    # The registry is a package: its entries (__init__) and each repository's pinned files (pins).
    naming = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "madlad" in p.read_text().lower())
    assert naming == ["families/madlad.py", "registry/__init__.py", "registry/pins.py"]


def test_no_code_outside_the_family_modules_tests_a_family_name() -> None:
    """`if ref.family == "marian"` outside summix/families means a Family method is missing."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "families":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(_is_family(n) for n in [node.left, *node.comparators]):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not found, found


def _is_family(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "family"
        or isinstance(node, ast.Name)
        and node.id == "family"
    )


def test_translate_command_takes_its_options_as_objects() -> None:
    from summix.cli import translate as command

    own = inspect.signature(command.translate.__wrapped_command__).parameters
    assert list(own) == ["paths", "flags", "runtime", "ray"]
    assert len(inspect.signature(command.translate).parameters) > 20  # what Typer shows as options
