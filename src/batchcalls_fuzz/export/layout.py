"""Where an export puts things, and the check that every path it reads or writes stays inside
the output folder.

``OUT/seeds/<kind>/<sha1>`` holds the inputs (the folder to hand a fuzzer: nothing else is in
it); ``OUT/.batchcalls/`` holds manifests, journals and the lock, outside what a fuzzer reads.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import BatchCallsFuzzError

KINDS = ("valid", "invalid", "malformed")
SEEDS = "seeds"
STATE = ".batchcalls"
TEMPORARY_PREFIX = ".batchcalls-tmp-"
TEMPORARY_SUFFIX = ".tmp"
_LISTED = re.compile(rf"{SEEDS}/({'|'.join(KINDS)})/[0-9a-f]{{40}}")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")


class CorpusError(BatchCallsFuzzError):
    """A corpus cannot be written (or read) as asked."""


def seed_file(kind: str, name: str) -> str:
    """The manifest's name for an input: relative to the output folder."""
    return f"{SEEDS}/{kind}/{name}"


def listed_path(folder: Path, file: object, where: str) -> Path:
    """The path of a file that a manifest lists; a CorpusError for anything but
    ``seeds/<kind>/<sha1>`` (no ``..``, no absolute path, no other folder)."""
    if not isinstance(file, str) or not _LISTED.fullmatch(file):
        raise CorpusError(f"{where}: {file!r} is not a corpus file (seeds/<kind>/<sha1>)")
    return folder / file


def check_name(name: str) -> str:
    """A fuzzer name for file names in the output folder: letters, digits, ``_ . -``."""
    if not _NAME.fullmatch(name) or ".." in name:
        raise CorpusError(
            f"name {name!r}: use letters, digits, '_', '.' and '-' (no path, no leading '.')"
        )
    return name


def is_temporary(path: Path) -> bool:
    return path.name.startswith(TEMPORARY_PREFIX) and path.name.endswith(TEMPORARY_SUFFIX)


def check_no_links(out: Path) -> None:
    """A CorpusError where a folder the export writes into (``seeds``, a kind's folder, the
    state folder) is a symbolic link: followed, it would put files outside the output folder
    (and ``--clean`` or a rerun would remove files there)."""
    for folder in (out / SEEDS, out / STATE, *(out / SEEDS / kind for kind in KINDS)):
        if folder.is_symlink():
            raise CorpusError(f"{folder} is a symbolic link; not followed")
