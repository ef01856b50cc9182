#!/usr/bin/env python
"""Django's command-line utility; `livingwell` is the same with the pure commands added."""

import sys

from livingwell.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
