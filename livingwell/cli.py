"""The `livingwell` command: Django management commands plus pure commands that need no database.

Pure commands (statistics, pathway model) run without Django settings so that an analyst can use
them on a CSV or a scenario file from any machine; everything else is handed to Django's
management utility, exactly as `manage.py` would.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence

# name -> "module:function"; each function takes argv (without the command name) and returns an
# exit code. Imported lazily so that `livingwell runserver` never pays for SciPy or SimPy.
PURE_COMMANDS: dict[str, str] = {
    "spc": "livingwell.statistics.spc.cli:main",
    "funnel": "livingwell.statistics.funnel.cli:main",
    "pathway": "livingwell.pathway.cli:main",
    "synthetic-extracts": "livingwell.demo.extracts_write:main",
    "redact": "livingwell.lib.redaction:main",
}


def _load(target: str) -> Callable[[Sequence[str]], int]:
    module_name, _, function_name = target.partition(":")
    module = importlib.import_module(module_name)
    command: Callable[[Sequence[str]], int] = getattr(module, function_name)
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """Run a pure command, or a Django management command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in PURE_COMMANDS:
        return _load(PURE_COMMANDS[args[0]])(args[1:])
    if args and "-" in args[0] and not args[0].startswith("-"):
        # `livingwell seed-demo` reads better than seed_demo; Django's names use underscores.
        args[0] = args[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livingwell.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["livingwell", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
