"""The import contracts (pyproject.toml, [tool.importlinter]) hold today, and break on a forbidden import.

Each case copies the package's Python files, adds one import a contract forbids, and runs the
linter exactly as `make lint` does over the copy: it must fail, naming that contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first, so the linter finds the copy's `livingwell` before the installed one.
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "200"}
    return subprocess.run(  # noqa: S603 - our own linter, no shell, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _not_python(folder: str, names: list[str]) -> list[str]:
    """Leave out what the import graph never reads: templates, assets, data, caches."""
    skipped = []
    for name in names:
        is_dir = (Path(folder) / name).is_dir()
        if (is_dir and name in {"__pycache__", "static", "jinja2"}) or (
            not is_dir and not name.endswith(".py")
        ):
            skipped.append(name)
    return skipped


def _copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "livingwell", tmp_path / "livingwell", ignore=_not_python)
    return tmp_path


def _verdict(output: str, contract: str) -> str:
    """Return KEPT or BROKEN from the linter's summary line for the contract."""
    line = next(line for line in output.splitlines() if line.startswith(contract))
    return "BROKEN" if " BROKEN" in line else "KEPT"


def _add_import(root: Path, module: str, line: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_contracts_are_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 broken." in result.stdout


def test_a_copy_of_the_package_keeps_them_too(tmp_path):
    # So that a case below fails for the import it adds, not for the copying.
    result = _lint(_copy_of_the_package(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # A pure core reaching for Django.
        ("livingwell.statistics.spc.core", "import django", "The pure cores and lib import no Django"),
        # ... or for an app's module, even one with no Django in it.
        (
            "livingwell.lib.clocks",
            "from livingwell.urgent_help import URGENT_HELP",
            "The pure cores and lib import no app code",
        ),
        (
            "livingwell.outcomes.instruments.definitions",
            "from livingwell.outcomes import models",
            "The pure cores and lib import no app code",
        ),
        # One core may use another (the catalogue, the questionnaires' definitions), never its app.
        (
            "livingwell.analytics.kpis.engine",
            "from livingwell.outcomes import wording",
            "The pure cores and lib import no app code",
        ),
        # Below the front door, nothing may know it.
        (
            "livingwell.accounts.models",
            "from livingwell.access import codes",
            "People, accounts and audit never import access",
        ),
        # The network's codes came from access once; a lower layer importing a higher one.
        (
            "livingwell.network.models.introductions",
            "from livingwell.access.codes import IntroductionStatus",
            "The apps in their layers",
        ),
        # Support is below the network: only the one named rules import is let through.
        ("livingwell.support.services", "from livingwell.network import models", "The apps in their layers"),
    ],
)
def test_a_forbidden_import_fails_the_lint(tmp_path, module, line, broken):
    root = _copy_of_the_package(tmp_path)
    _add_import(root, module, line)
    result = _lint(root)
    assert result.returncode != 0
    assert _verdict(result.stdout, broken) == "BROKEN", result.stdout


def test_a_new_package_must_take_its_place_in_the_layers(tmp_path):
    root = _copy_of_the_package(tmp_path)
    (root / "livingwell" / "newapp").mkdir()
    (root / "livingwell" / "newapp" / "__init__.py").write_text("")
    result = _lint(root)
    assert result.returncode != 0
    assert _verdict(result.stdout, "The apps in their layers") == "BROKEN"
    assert "livingwell.newapp" in result.stdout
