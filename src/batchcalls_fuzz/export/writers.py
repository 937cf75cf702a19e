"""Writers of the three output formats. Every file appears whole (an input linked in or
renamed into place, a single-file output renamed), readable as the umask allows; nothing is
overwritten with other bytes."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ..serialize import to_json
from .layout import SEEDS, TEMPORARY_PREFIX, TEMPORARY_SUFFIX, CorpusError, seed_file
from .manifest import (
    Journal,
    ManifestAppender,
    clean_outputs,
    register_output,
    state_folder,
)
from .place import Folder
from .spec import CorpusSpec, Entry

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LISTED_AT_ONCE = 64
"""Manifest lines appended in one write."""


def file_mode() -> int:
    """What ``open`` would give a new file: 0o666 less the umask (mkstemp gives 0o600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary(folder: Path) -> tuple[int, Path]:
    handle, name = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
    return handle, Path(name)


def manifest_line(file: str, record: dict[str, Any]) -> str:
    return to_json({"file": file, **record})


class SeedPlacer:
    """Puts one process's inputs in place under ``OUT/seeds/<kind>/``, each journalled before
    it appears; an existing file with other content is an error, never overwritten."""

    def __init__(self, out: Path, manifest: str, mode: int, unnamed: bool = True) -> None:
        self.out, self.mode, self.unnamed = out, mode, unnamed
        self.journal = Journal(out, manifest)
        self._folders: dict[str, Folder] = {}

    def _folder(self, kind: str) -> Folder:
        if kind not in self._folders:
            self._folders[kind] = Folder(self.out / SEEDS / kind, self.mode, self.unnamed)
        return self._folders[kind]

    def _same(self, folder: Folder, name: str) -> None:
        try:
            same = hashlib.sha1(folder.read(name)).hexdigest() == name
        except OSError:  # a dangling link, a folder, a file we may not read
            same = False
        if not same:
            path = folder.path / name
            raise CorpusError(f"{path} exists with other content; not touched (use --clean)")

    def put(self, entries: Sequence[Entry | None]) -> list[tuple[str, bool] | None]:
        """(manifest line, whether the file is new) for each entry, None for None. The lines
        of the files to create go to the journal in one write before the first one appears:
        a journalled file that never appeared is skipped by ``settle``."""
        results: list[tuple[str, bool] | None] = []
        planned: list[tuple[int, Folder, str, bytes, str]] = []
        taken: set[tuple[str, str]] = set()
        for entry in entries:
            if entry is None:
                results.append(None)
                continue
            name = entry.name  # a SHA-1 of the payload each time it is read
            line = manifest_line(seed_file(entry.kind, name), entry.record)
            folder = self._folder(entry.kind)
            if (entry.kind, name) in taken:
                results.append((line, False))
            elif folder.holds(name):
                self._same(folder, name)
                results.append((line, False))
            else:
                taken.add((entry.kind, name))
                planned.append((len(results), folder, name, entry.payload, line))
                results.append((line, True))
        self.journal.add_many([line for *_, line in planned])
        for at, folder, name, payload, line in planned:
            if not folder.create(name, payload):
                # Put there meanwhile by another worker of this export.
                self._same(folder, name)
                results[at] = (line, False)
        return results

    def close(self) -> None:
        self.journal.close()
        for folder in self._folders.values():
            folder.close()
        self._folders.clear()


class Writer:
    """Takes entries one by one; ``finish`` settles the output when the export completes."""

    def write(self, entry: Entry | tuple[str, bool]) -> bool:
        """Add an entry (or a line a worker already put in place); False where an identical
        input was already there."""
        raise NotImplementedError

    def finish(self) -> None:
        """Put the output in place (single-file formats); not called when the export fails."""

    def close(self) -> None:
        """Release what the writer holds; temporary files go."""


class DirectoryWriter(Writer):
    def __init__(self, out: Path, spec: CorpusSpec, mode: int) -> None:
        self.out, self.mode = out, mode
        for kind in spec.kinds:
            folder = out / SEEDS / kind
            for level in (out / SEEDS, folder):
                if level.exists() and not level.is_dir():
                    raise CorpusError(f"{level} exists and is not a folder")
            folder.mkdir(parents=True, exist_ok=True)
        name = f"manifest{spec.shard.suffix}.jsonl"
        self.manifest = ManifestAppender(state_folder(out) / name)
        self.placer = SeedPlacer(out, name, mode)
        self._unlisted: list[str] = []
        """Lines of inputs in place, to append to the manifest at once; each one is in a
        journal, which ``settle`` lists if the export is killed before they are appended."""
        self._listing = False

    def write(self, entry: Entry | tuple[str, bool]) -> bool:
        self._listing = True
        placed = entry if isinstance(entry, tuple) else self.placer.put([entry])[0]
        assert placed is not None
        line, fresh = placed
        self._unlisted.append(line)
        if len(self._unlisted) >= LISTED_AT_ONCE:
            self._list()
        self._listing = False
        return fresh

    def _list(self) -> None:
        self.manifest.add_many(self._unlisted)
        self._unlisted = []

    def finish(self) -> None:
        self._list()

    def close(self) -> None:
        if not self._listing:
            # An export that stopped lists what it wrote; where the manifest cannot grow,
            # the journal stays and ``settle`` removes those files.
            with contextlib.suppress(OSError):
                self._list()
        self.manifest.close()
        self.placer.close()
        if not self._listing and not self._unlisted:
            # Every journalled input is listed: the journal has nothing left to recover, and
            # reading it back would cost time and memory with every input.
            self.placer.journal.path.unlink(missing_ok=True)


class _SingleFileWriter(Writer):
    """A file built under a temporary name, registered, then renamed into place; an existing
    file is replaced only by identical bytes unless cleaned first."""

    def __init__(self, out: Path, mode: int) -> None:
        self.out, self.mode = out, mode
        self._open: list[tuple[Path, Path, IO[bytes]]] = []

    def _claim(self, path: Path) -> IO[bytes]:
        handle, temporary = _temporary(path.parent)
        stream = os.fdopen(handle, "w+b")
        os.fchmod(handle, self.mode)
        self._open.append((path, temporary, stream))
        return stream

    def _settle(self) -> None:
        for path, temporary, stream in self._open:
            stream.flush()
            stream.seek(0)
            digest = hashlib.sha1(stream.read()).hexdigest()
            stream.close()
            if path.exists() and hashlib.sha1(path.read_bytes()).hexdigest() != digest:
                raise CorpusError(f"{path} exists with other content; not touched (use --clean)")
            register_output(self.out, path.name, digest)
            os.replace(temporary, path)
        self._open = []

    def close(self) -> None:
        for _, temporary, stream in self._open:
            stream.close()
            temporary.unlink(missing_ok=True)
        self._open = []


class ZipWriter(_SingleFileWriter):
    def __init__(self, out: Path, spec: CorpusSpec, mode: int, name: str) -> None:
        super().__init__(out, mode)
        self.path = out / f"{name}_seed_corpus{spec.shard.suffix}.zip"
        self.manifest_path = (
            state_folder(out) / f"{name}_seed_corpus.manifest{spec.shard.suffix}.jsonl"
        )
        self.zip = zipfile.ZipFile(self._claim(self.path), "w", zipfile.ZIP_DEFLATED)
        self.names: set[str] = set()
        # The manifest goes to a temporary file as the zip grows, not into memory.
        handle, self._manifest_temporary = _temporary(self.manifest_path.parent)
        self._manifest = os.fdopen(handle, "wb")
        os.fchmod(handle, self.mode)

    def write(self, entry: Entry | tuple[str, bool]) -> bool:
        assert isinstance(entry, Entry)
        fresh = entry.name not in self.names
        if fresh:
            info = zipfile.ZipInfo(entry.name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            self.zip.writestr(info, entry.payload)
            self.names.add(entry.name)
        line = manifest_line(entry.name, entry.record) + "\n"
        self._manifest.write(line.encode("utf-8", "surrogatepass"))
        return fresh

    def finish(self) -> None:
        self.zip.close()
        self._manifest.close()
        self._settle()
        os.replace(self._manifest_temporary, self.manifest_path)

    def close(self) -> None:
        self.zip.close()
        self._manifest.close()
        self._manifest_temporary.unlink(missing_ok=True)
        super().close()


class JsonlWriter(_SingleFileWriter):
    def __init__(self, out: Path, spec: CorpusSpec, mode: int) -> None:
        super().__init__(out, mode)
        self.streams = {kind: self._claim(out / f"{kind}{spec.shard.suffix}.jsonl")
                        for kind in spec.kinds}  # fmt: skip

    def write(self, entry: Entry | tuple[str, bool]) -> bool:
        assert isinstance(entry, Entry)
        record = dict(entry.record)
        if entry.kind == "malformed" or entry.record.get("encoding"):
            record["payload_base64"] = base64.b64encode(entry.payload).decode("ascii")
        else:
            record["document"] = json.loads(entry.payload)
        self.streams[entry.kind].write(to_json(record).encode("utf-8", "surrogatepass") + b"\n")
        return True

    def finish(self) -> None:
        self._settle()


def single_file_outputs(spec: CorpusSpec, fmt: str, name: str) -> list[str]:
    """The files a zip or JSON Lines export writes at the top of the output folder."""
    if fmt == "zip":
        return [f"{name}_seed_corpus{spec.shard.suffix}.zip"]
    return [f"{kind}{spec.shard.suffix}.jsonl" for kind in spec.kinds]


def clean_single_file(out: Path, spec: CorpusSpec, fmt: str, name: str) -> None:
    clean_outputs(out, single_file_outputs(spec, fmt, name))
    if fmt == "zip":
        state_folder(out).joinpath(f"{name}_seed_corpus.manifest{spec.shard.suffix}.jsonl").unlink(
            missing_ok=True
        )
