"""The console script's first code: from here on, Ctrl-C or SIGTERM is one line and exit 130.

A module outside the package, so that nothing of the package (``batchcalls_fuzz/__init__`` and
what it imports) runs before the handlers. What runs before this module, the interpreter's
start-up and ``site`` (with its ``.pth`` files), is out of any package's reach: a Ctrl-C there
ends with Python's own KeyboardInterrupt traceback.
"""

from __future__ import annotations

import os
import signal


def _quit(signum: int, frame: object) -> None:
    # While the command is still loading nothing has been written: end at once. (No typing
    # import here: each import before the handlers widens the window they close.)
    os.write(2, b"batchcalls-fuzz: interrupted\n")
    os._exit(130)


signal.signal(signal.SIGINT, _quit)
signal.signal(signal.SIGTERM, _quit)


def main() -> None:
    from batchcalls_fuzz.entry import main as run

    run()
