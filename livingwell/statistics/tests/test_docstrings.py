"""Every public module, function, class and method of the pure cores says what it is for.

The cores are the parts an analyst reads and calls from a notebook (README, "The cores from
Python"), so each public name carries a docstring. The walk reads the source with `ast` rather than
importing it, so it sees exactly what a reader sees and needs no Django.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORES = (
    "livingwell/statistics",
    "livingwell/outcomes/instruments",
    "livingwell/pathway/engine",
    "livingwell/lib",
)

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _is_public(name: str) -> bool:
    return not name.startswith("_")


def undocumented(source: str, module: str) -> list[str]:
    """Return `module:line name` for the module and each public definition without a docstring."""
    tree = ast.parse(source)
    missing = [] if ast.get_docstring(tree) else [f"{module}:1 (module)"]

    def walk(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, Definition) and _is_public(node.name):
                if not ast.get_docstring(node):
                    missing.append(f"{module}:{node.lineno} {prefix}{node.name}")
                if isinstance(node, ast.ClassDef):
                    # Methods and properties of a public class are public too.
                    walk(node.body, f"{prefix}{node.name}.")

    walk(tree.body, "")
    return missing


def _core_modules() -> list[Path]:
    modules = []
    for core in CORES:
        for path in sorted((ROOT / core).rglob("*.py")):
            relative = path.relative_to(ROOT)
            private = path.stem.startswith("_") and path.stem != "__init__"
            if "tests" not in relative.parts and "migrations" not in relative.parts and not private:
                modules.append(path)
    return modules


def test_the_walk_finds_every_core() -> None:
    modules = {path.relative_to(ROOT).as_posix() for path in _core_modules()}
    for core in CORES:
        assert f"{core}/__init__.py" in modules
    assert "livingwell/statistics/spc/vectorised.py" in modules
    assert not any("/tests/" in module for module in modules)


def test_the_walk_flags_what_is_missing_and_skips_what_is_private() -> None:
    source = '''"""A module."""

def documented():
    """Say why."""

def bare():
    pass

def _private():
    pass

class Public:
    """A class."""

    def method(self):
        pass

    @property
    def value(self):
        """A property."""

    def _helper(self):
        pass

class _Hidden:
    def method(self):
        pass
'''
    assert undocumented(source, "m") == ["m:6 bare", "m:15 Public.method"]
    assert undocumented("def f():\n    pass\n", "m") == ["m:1 (module)", "m:1 f"]


@pytest.mark.parametrize("path", _core_modules(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_public_definition_of_the_cores_has_a_docstring(path: Path) -> None:
    assert undocumented(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix()) == []
