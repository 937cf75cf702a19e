"""Manifests, the journal that makes them survive a crash, recovery, and ``--clean``.

The rule: an export completes, or it leaves the folder as it was plus complete, listed files.
Every process that puts an input in place first appends its manifest line to its own journal
(``.batchcalls/journal-<pid>.jsonl``), then links or renames the file into place; the parent
appends the line to the manifest (a few dozen at once). Under the folder's lock, any journal
still there belongs to an export that ended (killed, or out of space): ``settle`` lists each
of its files that is on disk with the right bytes, or, where the manifest cannot grow,
removes those files again. An export that completes removes its journals unread.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..serialize import to_json
from .layout import KINDS, SEEDS, STATE, CorpusError, is_temporary, listed_path

JOURNAL_PREFIX = "journal-"
LOCK = "lock"
OUTPUTS = "outputs.jsonl"
"""Single-file outputs (zip, JSON Lines) with their SHA-1, so that ``--clean`` knows them."""


def state_folder(out: Path) -> Path:
    return out / STATE


def manifests(folder: Path) -> list[Path]:
    """The folder-corpus manifests of an export folder."""
    state = state_folder(folder)
    return sorted(p for p in state.glob("manifest*.jsonl") if p.is_file())


def records(manifest: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, record) for each line; a CorpusError for a line that is not a JSON record."""
    with open(manifest, encoding="utf-8", errors="surrogateescape") as lines:
        for number, line in enumerate(lines, 1):
            where = f"{manifest.name}:{number}"
            try:
                record = json.loads(line)
            except ValueError:
                raise CorpusError(f"{where}: not a JSON line") from None
            if not isinstance(record, dict) or "file" not in record or "kind" not in record:
                raise CorpusError(f"{where}: not a manifest record (file, kind, label)")
            yield where, record


def check_manifests(out: Path) -> None:
    """A CorpusError, before anything is changed, where a manifest holds a whole line that is
    not a manifest record: an export would append to it as if it were one of ours. A last
    line with no newline is a crash's leftover that the export cuts off."""
    for manifest in manifests(out):
        with open(manifest, "rb") as lines:
            for number, line in enumerate(lines, 1):
                if not line.endswith(b"\n"):
                    break
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if not isinstance(record, dict) or "file" not in record or "kind" not in record:
                    raise CorpusError(
                        f"{manifest.relative_to(out)}:{number}: not a manifest record; nothing "
                        "written (remove the line, or export into another folder)"
                    )


def sha1_of(path: Path) -> str | None:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def locked(out: Path) -> Iterator[Path]:
    """Hold the export folder's lock (one export at a time) and yield its state folder. The
    lock file goes when the export ends, if this export created it."""
    state = state_folder(out)
    try:
        state.mkdir(exist_ok=True)
    except OSError as error:
        raise CorpusError(f"cannot write into {out}: {error.strerror}") from None
    handle, created = _lock(out, state / LOCK)
    try:
        yield state
    finally:
        if created:
            # Removed while still held: an export that opens it after this makes a new file
            # and its own lock, and one that opened this one first sees it gone (_lock).
            with contextlib.suppress(OSError):
                (state / LOCK).unlink()
        os.close(handle)


LOCK_ATTEMPTS = 5
"""How often to open the lock again when another export removed it meanwhile."""


def _lock(out: Path, path: Path) -> tuple[int, bool]:
    """An open, flock-ed handle on ``path``, the file that is there now (an export that ended
    may have removed the one opened), and whether it was created here. A lock that is a
    symbolic link is refused: it is not one this tool made."""
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(LOCK_ATTEMPTS):
        try:
            try:
                handle, created = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o666), True
            except FileExistsError:
                handle, created = os.open(path, flags), False
        except FileNotFoundError:
            if not path.parent.is_dir():
                raise CorpusError(f"cannot write into {out}: {path.parent} is gone") from None
            continue  # removed between the two opens: try again
        except OSError as error:
            raise CorpusError(f"cannot write into {out}: {path}: {error.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            raise CorpusError(f"another export is writing into {out}") from None
        try:
            current = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            current = None
        opened = os.fstat(handle)
        if current is not None and (current.st_ino, current.st_dev) == (
            opened.st_ino,
            opened.st_dev,
        ):
            return handle, created
        os.close(handle)
    raise CorpusError(f"another export keeps replacing the lock of {out}")


class Journal:
    """One process's record of the inputs it puts in place, written before they appear."""

    def __init__(self, out: Path, manifest: str) -> None:
        self.path = state_folder(out) / f"{JOURNAL_PREFIX}{os.getpid()}.jsonl"
        self.manifest = manifest
        self._handle = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
        self.size = _cut_to_last_line(self._handle)
        self._failed: OSError | None = None

    def add(self, line: str) -> None:
        self.add_many([line])

    def add_many(self, lines: list[str]) -> None:
        """Journal the lines in one write. On failure the journal is cut back to its last
        whole line, and every later call fails the same way: a line joined to half of one
        would not be read back, and its input would be on disk unlisted."""
        if self._failed is not None:
            raise self._failed
        if not lines:
            return
        data = "".join(to_json({"manifest": self.manifest, "line": line}) + "\n" for line in lines)
        encoded = data.encode("utf-8")
        try:
            if os.write(self._handle, encoded) != len(encoded):
                raise OSError(28, "No space left on device", str(self.path))
        except OSError as error:
            self._failed = error
            os.ftruncate(self._handle, self.size)
            raise
        self.size += len(encoded)

    def close(self) -> None:
        os.close(self._handle)


class ManifestAppender:
    """Appends lines to a manifest, none that it held when opened (each line of one export is
    new: it names an index or a coverage case); on failure the manifest is cut back to its
    last whole line, so that it never holds half a line. Memory grows with the manifest it
    opened, never with the lines it appends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
        self.size = _cut_to_last_line(self._handle)
        with open(path, "rb") as old:
            self._listed = {_digest(line.rstrip(b"\n")) for line in old}

    def __contains__(self, line: str) -> bool:
        return _digest(line.encode("utf-8", "surrogateescape")) in self._listed

    def add(self, line: str) -> bool:
        """Append the line unless the manifest held it when opened; whether it was appended."""
        return self.add_many([line]) == 1

    def add_many(self, lines: list[str]) -> int:
        """Append, in one write, the lines that the manifest did not hold when opened; how
        many were appended."""
        new = [line for line in lines if line not in self]
        if not new:
            return 0
        data = "".join(line + "\n" for line in new).encode("utf-8", "surrogateescape")
        try:
            if os.write(self._handle, data) != len(data):
                raise OSError(28, "No space left on device", str(self.path))
        except BaseException:
            os.ftruncate(self._handle, self.size)
            raise
        self.size += len(data)
        return len(new)

    def close(self) -> None:
        os.close(self._handle)


def _digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


def _cut_to_last_line(handle: int) -> int:
    size = os.fstat(handle).st_size
    if size == 0:
        return 0
    tail = os.pread(handle, min(size, 1 << 16), max(0, size - (1 << 16)))
    if tail.endswith(b"\n"):
        return size
    cut = tail.rfind(b"\n")
    keep = size - len(tail) + cut + 1 if cut >= 0 else (0 if size <= len(tail) else size)
    os.ftruncate(handle, keep)
    return keep


def settle(out: Path) -> tuple[int, int]:
    """Leftovers of exports that ended, removed or listed (call under ``locked``): temporary
    files go; each journalled input on disk with the right bytes is listed, or removed where
    its manifest cannot take the line. Returns (listed, removed)."""
    state = state_folder(out)
    for folder in (out, state, *(out / SEEDS / kind for kind in KINDS)):
        if folder.is_dir():
            for path in folder.iterdir():
                if is_temporary(path):
                    path.unlink(missing_ok=True)
    listed = removed = 0
    for journal in sorted(state.glob(f"{JOURNAL_PREFIX}*.jsonl")):
        appenders: dict[str, ManifestAppender] = {}
        try:
            for manifest, line, path in _journalled(out, journal):
                if manifest not in appenders:
                    appenders[manifest] = ManifestAppender(state / manifest)
                # Listed already (the usual case: the export listed it): no need to read it.
                if line in appenders[manifest] or sha1_of(path) != path.name:
                    continue
                try:
                    listed += appenders[manifest].add(line)
                except OSError:
                    path.unlink(missing_ok=True)
                    removed += 1
        finally:
            for appender in appenders.values():
                appender.close()
        journal.unlink()
    return listed, removed


def remove_journals(out: Path) -> None:
    """Remove the journals of an export that completed (call under ``locked``): each of
    their lines is listed."""
    for journal in state_folder(out).glob(f"{JOURNAL_PREFIX}*.jsonl"):
        journal.unlink(missing_ok=True)


def _journalled(out: Path, journal: Path) -> Iterator[tuple[str, str, Path]]:
    """(manifest, line, file) for each whole journal line, read as it goes."""
    with open(journal, "rb") as lines:
        for raw in lines:
            try:
                entry = json.loads(raw)
                record = json.loads(entry["line"])
                manifest = str(entry["manifest"])
                path = listed_path(out, record["file"], journal.name)
            except (ValueError, KeyError, TypeError, CorpusError):
                continue  # a line cut short by the crash: its file was never renamed in
            if manifest.startswith("manifest"):
                yield manifest, entry["line"], path


def clean_folder(out: Path) -> None:
    """Remove the inputs that this tool's manifests list and whose bytes match their SHA-1
    name, then the manifests: nothing else."""
    for manifest in manifests(out):
        for where, record in records(manifest):
            path = listed_path(out, record["file"], where)
            if sha1_of(path) == path.name:
                path.unlink()
        manifest.unlink()


def register_output(out: Path, file: str, sha1: str) -> None:
    """Note a single-file output (before it is renamed into place)."""
    with open(state_folder(out) / OUTPUTS, "a", encoding="utf-8") as registry:
        registry.write(to_json({"file": file, "sha1": sha1}) + "\n")


def clean_outputs(out: Path, files: list[str]) -> None:
    """Remove those of ``files`` that this tool registered and whose bytes are as registered."""
    registry = state_folder(out) / OUTPUTS
    if not registry.exists():
        return
    known: set[tuple[str, str]] = set()
    for line in registry.read_text("utf-8").splitlines():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            entry = json.loads(line)
            known.add((str(entry["file"]), str(entry["sha1"])))
    for file in files:
        path = out / file
        if (file, sha1_of(path) or "") in known:
            path.unlink()
