"""The console script: Ctrl-C or SIGTERM at any moment is one line and exit 130."""

from __future__ import annotations

import os
import signal
from typing import Any


def _quit(signum: int, frame: Any) -> None:
    # While the command is still loading nothing has been written: end at once.
    os.write(2, b"batchcalls-fuzz: interrupted\n")
    os._exit(130)


signal.signal(signal.SIGINT, _quit)
signal.signal(signal.SIGTERM, _quit)


def main() -> None:
    from .cli import main as run

    run()
