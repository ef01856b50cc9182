"""The README's "The cores from Python" imports work, and load no Django: what an analyst's notebook sees."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _cores_block() -> str:
    section = README.read_text().split("## The cores from Python", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README's cores section has a python block"
    return match.group(1)


def test_the_readme_core_imports_run_without_django():
    program = _cores_block() + (
        "\nimport sys\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    # A fresh interpreter: the test process has Django loaded already.
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr
