"""Each app registers its own permissions, as a `Permission` StrEnum in its own rules.py.

Read from the code itself: the registry django-rules holds, every `add_perm` call, and every
place a permission is asked for (`can(...)` and `perm=` in Python, `can(...)` in templates).
"""

from __future__ import annotations

import ast
import importlib
import re
from enum import StrEnum
from pathlib import Path

import rules
from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]  # the livingwell package
# Where code asks for a permission by keyword: the access helpers' `perm=`.
_PERMISSION_KEYWORDS = {"perm"}
_TEMPLATE_CAN = re.compile(r"""\bcan\(\s*[^,()]+,\s*["']([^"']+)["']""")


def _enums() -> dict[str, type[StrEnum]]:
    """Return {app label: its Permission} for every project app whose rules.py has one."""
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("livingwell.") or not (Path(config.path) / "rules.py").exists():
            continue
        enum = getattr(importlib.import_module(f"{config.name}.rules"), "Permission", None)
        if enum is not None:
            found[config.label] = enum
    return found


def _members() -> set[str]:
    return {str(member) for enum in _enums().values() for member in enum}


def _python_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]


def _calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_every_enum_is_its_apps_own_and_names_only_its_apps_permissions():
    enums = _enums()
    assert {"access", "people", "network", "support", "outcomes", "pathway"} <= set(enums)
    for label, enum in enums.items():
        assert issubclass(enum, StrEnum), label
        assert enum.__module__ == f"livingwell.{label}.rules", label
        strays = [str(member) for member in enum if not str(member).startswith(f"{label}.")]
        assert strays == [], f"{label}.rules.Permission names another app's permissions"


def test_the_registry_holds_exactly_the_enums_members():
    registered = {str(name) for name in rules.permissions.permissions}
    assert registered == _members()


def test_each_app_registers_only_its_own_permissions_in_its_own_rules():
    wrong = []
    for path in _python_files():
        for call in _calls(path):
            if _name(call) != "add_perm":
                continue
            where = path.relative_to(ROOT).parts
            first = call.args[0] if call.args else None
            own = isinstance(first, ast.Attribute) and getattr(first.value, "id", None) == "Permission"
            if not (own and len(where) == 2 and where[1] == "rules.py"):
                wrong.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert wrong == [], "register a permission as a member of the app's Permission, in its rules.py"


def test_python_asks_for_permissions_by_enum_member_never_by_string():
    strings = []
    for path in _python_files():
        if "tests" in path.parts:
            continue
        for call in _calls(path):
            asked = [kw.value for kw in call.keywords if kw.arg in _PERMISSION_KEYWORDS]
            if _name(call) == "can" and len(call.args) >= 2:
                asked.append(call.args[1])
            strings += [
                f"{path.relative_to(ROOT)}:{call.lineno}"
                for value in asked
                if isinstance(value, ast.Constant) and isinstance(value.value, str)
            ]
    assert strings == []


def test_every_permission_a_template_asks_for_is_a_member_of_some_apps_enum():
    asked = {
        (path.relative_to(ROOT), name)
        for path in ROOT.rglob("*.jinja")
        for name in _TEMPLATE_CAN.findall(path.read_text())
    }
    assert asked, "the templates ask can(...) for permissions; this pattern no longer finds them"
    members = _members()
    assert sorted(str(p) + ": " + name for p, name in asked if name not in members) == []
