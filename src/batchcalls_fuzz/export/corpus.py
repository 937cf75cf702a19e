"""Seed corpora for coverage-guided fuzzers: one export, from the spec to files in place.

The rule for every format: the export completes, or it leaves the folder as it was plus
complete, listed files (see ``manifest``); files are named by the SHA-1 of their bytes
(libFuzzer's convention), so an existing file is only ever "overwritten" by identical bytes;
nothing is deleted but what ``--clean`` may remove, or this tool's own leftovers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .layout import KINDS, CorpusError, check_name, check_no_links
from .manifest import check_manifests, clean_folder, locked, remove_journals, settle
from .minimize import minimize as minimal_set
from .spec import (
    ATHERIS_ASCII,
    ATHERIS_UTF32,
    CorpusSpec,
    Entry,
    Shard,
    atheris_payload,
    check,
    chunks,
    coverage_entries,
    make_chunk,
)
from .workers import in_parallel
from .writers import (
    DirectoryWriter,
    JsonlWriter,
    SeedPlacer,
    Writer,
    ZipWriter,
    clean_single_file,
    file_mode,
)

__all__ = [
    "ATHERIS_ASCII",
    "ATHERIS_UTF32",
    "FORMATS",
    "KINDS",
    "CorpusError",
    "CorpusSpec",
    "Entry",
    "Report",
    "Shard",
    "atheris_payload",
    "entries",
    "write_corpus",
]

FORMATS = ("dir", "zip", "jsonl")


@dataclass
class Report:
    written: int = 0
    existing: int = 0
    skipped: int = 0
    seen: int = 0
    dropped: int = 0
    """Inputs that ``--minimize`` left out."""
    recovered: int = 0
    """Inputs an earlier export left on disk unlisted (killed, or out of space), listed now."""

    def __str__(self) -> str:
        return (
            f"{self.seen} inputs: {self.written} written, {self.existing} already there"
            + (
                f", {self.skipped} left out (no atheris text, or over --max-bytes)"
                if self.skipped
                else ""
            )
            + (f", {self.dropped} not needed for coverage (--minimize)" if self.dropped else "")
            + (
                f"; {self.recovered} left unlisted by an earlier export, listed now"
                if self.recovered
                else ""
            )
        )


_PLACERS: dict[tuple[int, Path, str], SeedPlacer] = {}


def _write_chunk(
    out: Path, mode: int, manifest: str, spec: CorpusSpec, kind: str, indices: Sequence[int]
) -> list[tuple[str, bool] | None]:
    """Worker side of a parallel folder export: make the chunk's entries and put them in
    place, journalled; the parent lists them."""
    # Keyed by process too: a worker must never take a placer (and journal) of its parent.
    key = (os.getpid(), out, manifest)
    if key not in _PLACERS:
        _PLACERS[key] = SeedPlacer(out, manifest, mode)
    return _PLACERS[key].put(make_chunk(spec, kind, indices))


def entries(spec: CorpusSpec, jobs: int = 1, stop: Sequence[int] = ()) -> Iterator[Entry | None]:
    """Every entry of the corpus, in a fixed order whatever ``jobs`` is; None for an item left
    out. Once ``stop`` is not empty, parallel work submits nothing more."""
    if jobs < 1:
        raise CorpusError(f"jobs must be >= 1, got {jobs}")
    if jobs == 1:
        for kind, indices in chunks(spec):
            yield from make_chunk(spec, kind, indices)
    else:
        yield from in_parallel(spec, jobs, make_chunk, stop)
    yield from coverage_entries(spec)


def _minimized(spec: CorpusSpec, jobs: int, stop: Sequence[int], report: Report) -> list[Any]:
    made = list(entries(spec, jobs, stop))
    inputs = [e for e in made if e is not None]
    kept = minimal_set(spec.schema.root, inputs)
    report.dropped = len(inputs) - len(kept)
    return [*kept, *(None for e in made if e is None)]


def _inputs(
    out: Path, spec: CorpusSpec, fmt: str, jobs: int, stop: Sequence[int]
) -> Iterator[Entry | tuple[str, bool] | None]:
    if fmt == "dir" and jobs > 1:
        manifest = f"manifest{spec.shard.suffix}.jsonl"
        task = partial(_write_chunk, out, file_mode(), manifest)
        yield from in_parallel(spec, jobs, task, stop)
        yield from coverage_entries(spec)
    else:
        yield from entries(spec, jobs, stop)


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[list[int]]:
    """Within the block, Ctrl-C and SIGTERM only append to the yielded list, so the writer can
    stop between two inputs (never inside a write) and say how far it got."""
    stop: list[int] = []
    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, lambda signum, frame: stop.append(signum))
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _prepare_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CorpusError(f"cannot create {out}: {error.strerror}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise CorpusError(f"cannot write into {out}: permission denied")


def _writer(out: Path, spec: CorpusSpec, fmt: str, name: str, mode: int) -> Writer:
    if fmt == "dir":
        return DirectoryWriter(out, spec, mode)
    if fmt == "zip":
        return ZipWriter(out, spec, mode, name)
    return JsonlWriter(out, spec, mode)


def write_corpus(
    out: Path,
    spec: CorpusSpec,
    *,
    fmt: str = "dir",
    name: str = "batchcalls",
    jobs: int = 1,
    clean: bool = False,
    minimize: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Write the corpus of ``spec`` under ``out`` (inputs in ``out/seeds/<kind>/``, manifests
    in ``out/.batchcalls/``). Leftovers of an earlier export that was killed or ran out of
    space are listed or removed first. On Ctrl-C or SIGTERM, what was written so far stays,
    listed, and KeyboardInterrupt is raised with the report in ``args[1]``; on any error
    (a full disk) the folder is as it was plus complete, listed files."""
    if fmt not in FORMATS:
        raise CorpusError(f"format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if jobs < 1:
        raise CorpusError(f"jobs must be >= 1, got {jobs}")
    check_name(name)
    check(spec)
    _prepare_folder(out)
    check_no_links(out)
    mode = file_mode()
    report = Report()
    with deferred_interrupts() as stop, locked(out):
        check_manifests(out)
        report.recovered, _ = settle(out)
        if clean and fmt == "dir":
            clean_folder(out)
        elif clean:
            clean_single_file(out, spec, fmt, name)
        writer = _writer(out, spec, fmt, name, mode)
        completed = False
        try:
            source = (
                _minimized(spec, jobs, stop, report)
                if minimize
                else _inputs(out, spec, fmt, jobs, stop)
            )
            for entry in source:
                report.seen += 1
                if entry is None:
                    report.skipped += 1
                elif writer.write(entry):
                    report.written += 1
                else:
                    report.existing += 1
                if progress is not None:
                    progress(1)
                if stop and jobs == 1:
                    break
            if not stop:
                writer.finish()
                completed = True
        finally:
            writer.close()
            if completed:
                # Every line that a worker journalled is listed and every file is whole: no
                # journal to read back, no folder to search for temporary files.
                remove_journals(out)
            else:
                settle(out)
    if stop:
        raise KeyboardInterrupt("interrupted", report)
    return report
