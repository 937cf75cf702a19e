"""The console script: Ctrl-C while the command is still loading is one line and exit 130."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("batchcalls-fuzz: interrupted\n")
        raise SystemExit(130) from None
    run()
