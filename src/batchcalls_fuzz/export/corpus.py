"""Seed corpora for coverage-guided fuzzers: what goes in, and how it is written safely.

Input ``i`` of kind ``k`` for seed ``s`` depends only on ``(s, k, i)``, so a corpus is the
same whether it is made in one process, in ``jobs`` processes, or in shards on different
machines and merged by copying.

Writing never loses anything: each file goes to a temporary name and is renamed into place;
files are named by the SHA-1 of their bytes (libFuzzer's convention), so an existing file is
only ever "overwritten" by identical bytes; nothing is deleted unless ``clean`` is asked for;
an interrupted export leaves no partial file and a manifest of what it did write.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import signal
import tempfile
import threading
import zipfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..derive import bulk, sampling
from ..derive.coverage import coverage_cases
from ..derive.invalid import Invalid
from ..derive.malformed import Malformed
from ..derive.profile import ProfileResolver, schema_profile_only
from ..errors import BatchCallsFuzzError
from ..schema.ir import Schema
from ..serialize import to_json

KINDS = ("valid", "invalid", "malformed")
FORMATS = ("dir", "zip", "jsonl")
ATHERIS_ASCII = b"\x01"
"""atheris' ConsumeUnicode reads its first byte as a spec: an odd byte selects pure ASCII,
each later byte masked to 7 bits (src/native/fuzzed_data_provider.cc, ConsumeUnicodeImpl)."""
ATHERIS_UTF32 = b"\x00"
"""An even spec byte with bit 1 clear selects 32-bit code points (little-endian)."""
_CHUNK = 64
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class CorpusError(BatchCallsFuzzError):
    """A corpus cannot be written (or read) as asked."""


@dataclass(frozen=True)
class Shard:
    number: int  # 1-based
    total: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            number, total = (int(part) for part in text.split("/"))
        except ValueError:
            raise CorpusError(f"shard {text!r} is not K/N (e.g. 1/4)") from None
        if not 1 <= number <= total:
            raise CorpusError(f"shard {text!r}: K must be between 1 and N")
        return cls(number, total)

    def indices(self, count: int) -> range:
        return range(self.number - 1, count, self.total)

    @property
    def suffix(self) -> str:
        return "" if self.total == 1 else f"-{self.number}-of-{self.total}"


@dataclass(frozen=True)
class CorpusSpec:
    count: int
    schema: Schema
    seed: int = 0
    kinds: tuple[str, ...] = KINDS
    profile: str = "schema"
    profiles: ProfileResolver = schema_profile_only
    """Turns ``profile`` into a ``Profile`` for the schema (a module-level function, so that
    worker processes can be handed it)."""
    shard: Shard = field(default_factory=lambda: Shard(1, 1))
    coverage: bool = False
    atheris_unicode: bool = False

    def __post_init__(self) -> None:
        if self.count < 0:
            raise CorpusError(f"count must be >= 0, got {self.count}")
        unknown = set(self.kinds) - set(KINDS)
        if unknown or not self.kinds:
            raise CorpusError(f"kinds must be among {', '.join(KINDS)}, got {self.kinds}")

    @property
    def dialect(self) -> str:
        return self.schema.dialect

    @property
    def total(self) -> int:
        return len(self.kinds) * len(self.shard.indices(self.count))


@dataclass(frozen=True)
class Entry:
    """One corpus input: its bytes and its manifest record."""

    kind: str
    payload: bytes
    record: dict[str, Any]

    @property
    def name(self) -> str:
        return hashlib.sha1(self.payload).hexdigest()


def atheris_payload(item: Any) -> bytes | None:
    """The bytes whose ``ConsumeUnicode`` reading is exactly the item's text, or None where no
    text can stand for it (bytes that are not UTF-8)."""
    if isinstance(item, Malformed):
        try:
            text = item.payload.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return None
    else:
        document = item.document if isinstance(item, Invalid) else item
        text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    if text.isascii():
        return ATHERIS_ASCII + text.encode("ascii")
    return ATHERIS_UTF32 + text.encode("utf-32-le", "surrogatepass")


_GENERATORS: dict[tuple[Any, ...], Callable[..., Any]] = {}


def _generator(spec: CorpusSpec, kind: str) -> Callable[..., Any]:
    key = (spec.schema.fingerprint, spec.profiles, spec.profile, kind)
    if key not in _GENERATORS:
        profile = spec.profiles(spec.profile, spec.schema.root)
        _GENERATORS[key] = sampling.generator(kind, spec.schema.root, spec.dialect, profile)
    return _GENERATORS[key]


def _entry(spec: CorpusSpec, kind: str, item: Any, extra: dict[str, Any]) -> Entry | None:
    payload = atheris_payload(item) if spec.atheris_unicode else sampling.payload(item)
    if payload is None:
        return None
    record = {
        "kind": kind,
        "label": sampling.label(item),
        "seed": spec.seed,
        "profile": spec.profile,
        "dialect": spec.dialect,
        **extra,
    }
    if spec.atheris_unicode:
        record["encoding"] = "atheris-unicode"
    return Entry(kind, payload, record)


def make_chunk(spec: CorpusSpec, kind: str, indices: Sequence[int]) -> list[Entry | None]:
    """The entries for some indices of one kind (run in a worker process with ``jobs``);
    None for an item that has no form in the chosen encoding."""
    make = _generator(spec, kind)
    return [
        _entry(spec, kind, bulk.draw_at(make, f"{spec.seed}:{kind}", index), {"index": index})
        for index in indices
    ]


def _ignore_interrupts() -> None:
    # Workers leave Ctrl-C and SIGTERM to the parent, which stops cleanly and says how far
    # it got; a worker ends when the parent shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _chunks(spec: CorpusSpec) -> list[tuple[str, list[int]]]:
    indices = list(spec.shard.indices(spec.count))
    return [
        (kind, indices[start : start + _CHUNK])
        for kind in spec.kinds
        for start in range(0, len(indices), _CHUNK)
    ]


def _coverage_entries(spec: CorpusSpec) -> Iterator[Entry | None]:
    for case in coverage_cases(spec.schema.root, spec.dialect):
        kind = "valid" if case.violation is None else "invalid"
        if kind not in spec.kinds:
            continue
        item: Any = case.document
        if case.violation is not None:
            item = Invalid(case.document, case.violation, None)
        yield _entry(spec, kind, item, {"coverage": case.name})


@dataclass(frozen=True)
class Written:
    """An entry a worker process already wrote into the folder (parallel folder exports)."""

    file: str
    record: dict[str, Any]
    fresh: bool


def write_chunk(out: Path, spec: CorpusSpec, kind: str, indices: Sequence[int]) -> list[Any]:
    """Worker side of a parallel folder export: make the chunk's entries and write them."""
    return [
        None
        if entry is None
        else Written(f"{kind}/{entry.name}", entry.record, put(out / kind / entry.name, entry))
        for entry in make_chunk(spec, kind, indices)
    ]


def put(path: Path, entry: Entry) -> bool:
    """Write an entry's file unless it is there; False where it was. Other content under the
    same name is an error, never overwritten."""
    if not path.exists():
        _write_atomically(path, entry.payload)
        return True
    if hashlib.sha1(path.read_bytes()).hexdigest() != entry.name:
        raise CorpusError(f"{path} exists with other content; not touched (use --clean)")
    return False


def entries(
    spec: CorpusSpec, jobs: int = 1, out: Path | None = None, stop: Sequence[int] = ()
) -> Iterator[Any]:
    """Every entry of the corpus, in a fixed order whatever ``jobs`` is: ``Entry`` objects, or
    with ``out`` and ``jobs > 1`` the ``Written`` records of worker processes that write the
    folder themselves; None for an item with no form in the chosen encoding. Once ``stop``
    is not empty, parallel work submits nothing more and yields what is already running."""
    if jobs < 1:
        raise CorpusError(f"jobs must be >= 1, got {jobs}")
    if jobs == 1:
        for kind, indices in _chunks(spec):
            yield from make_chunk(spec, kind, indices)
    elif out is not None:
        yield from _in_parallel(spec, jobs, partial(write_chunk, out), stop)
    else:
        yield from _in_parallel(spec, jobs, make_chunk, stop)
    if spec.coverage and spec.shard.number == 1:
        yield from _coverage_entries(spec)


def _in_parallel(
    spec: CorpusSpec, jobs: int, task: Callable[..., list[Any]], stop: Sequence[int]
) -> Iterator[Any]:
    """Chunks run by ``jobs`` processes, results in chunk order; once ``stop`` is set, nothing
    more is submitted and the chunks already running are finished and yielded, so that what
    workers wrote is always reported."""
    context = get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_interrupts) as pool:
        pending: deque[Future[list[Any]]] = deque()
        for kind, indices in _chunks(spec):
            if stop:
                break
            pending.append(pool.submit(task, spec, kind, indices))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        for future in pending:
            if stop:
                future.cancel()
        for future in pending:
            if not future.cancelled():
                yield from future.result()


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


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` through a temporary file in the same folder and a rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class _Manifest:
    """Manifest lines, streamed to a temporary file and merged with an existing manifest."""

    def __init__(self, path: Path) -> None:
        self.path = path
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self._temporary = Path(name)
        self._out = os.fdopen(handle, "w", encoding="utf-8")

    def add(self, record: dict[str, Any], file: str) -> None:
        self._out.write(to_json({"file": file, **record}) + "\n")

    def commit(self) -> None:
        """Existing lines first, then new lines that are not already there. Streams: memory
        grows with an existing manifest only, never with the export."""
        self._out.close()
        if not self.path.exists():
            os.replace(self._temporary, self.path)
            return
        with open(self.path, encoding="utf-8") as old:
            existing = {line.rstrip("\n") for line in old}
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        added = 0
        with os.fdopen(handle, "w", encoding="utf-8") as merged:
            with open(self.path, encoding="utf-8") as old:
                merged.writelines(old)
            with open(self._temporary, encoding="utf-8") as new:
                for line in new:
                    if line.rstrip("\n") not in existing:
                        merged.write(line)
                        added += 1
        self._temporary.unlink()
        if added:
            os.replace(name, self.path)
        else:
            os.unlink(name)

    def abort(self) -> None:
        self._out.close()
        with contextlib.suppress(OSError):
            self._temporary.unlink()


@dataclass
class Report:
    written: int = 0
    existing: int = 0
    skipped: int = 0
    seen: int = 0

    def __str__(self) -> str:
        return f"{self.seen} inputs: {self.written} written, {self.existing} already there" + (
            f", {self.skipped} with no atheris text" if self.skipped else ""
        )


def _prepare_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CorpusError(f"cannot create {out}: {error.strerror}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise CorpusError(f"cannot write into {out}: permission denied")


def _clean(out: Path, spec: CorpusSpec, fmt: str, name: str) -> None:
    """Remove what this command would write (and only that): kind folders, manifests."""
    if fmt == "dir":
        for kind in KINDS:
            folder = out / kind
            if folder.is_dir():
                for file in folder.iterdir():
                    if file.is_file() and len(file.name) == 40:
                        file.unlink()
        for manifest in out.glob("manifest*.jsonl"):
            manifest.unlink()
    elif fmt == "zip":
        for path in (out / f"{name}_seed_corpus.zip", out / f"{name}_seed_corpus.manifest.jsonl"):
            path.unlink(missing_ok=True)
    else:
        for kind in KINDS:
            (out / f"{kind}.jsonl").unlink(missing_ok=True)


def write_corpus(
    out: Path,
    spec: CorpusSpec,
    *,
    fmt: str = "dir",
    name: str = "batchcalls",
    jobs: int = 1,
    clean: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Write the corpus of ``spec`` under ``out``. On KeyboardInterrupt, what was written so
    far stays, with its manifest, and no partial file; the interrupt is raised again with the
    report in ``args[1]``."""
    if fmt not in FORMATS:
        raise CorpusError(f"format {fmt!r}; choose one of {', '.join(FORMATS)}")
    _prepare_folder(out)
    if clean:
        _clean(out, spec, fmt, name)
    report = Report()
    writers: dict[str, type[_Writer]] = {
        "dir": _DirectoryWriter,
        "zip": _ZipWriter,
        "jsonl": _JsonlWriter,
    }
    writer = writers[fmt](out, spec, name)
    try:
        with deferred_interrupts() as stop:
            for entry in entries(spec, jobs, out if fmt == "dir" else None, stop):
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
            if stop:
                raise KeyboardInterrupt
    except KeyboardInterrupt as interrupt:
        writer.finish(complete=False)
        raise KeyboardInterrupt(str(interrupt), report) from None
    except BaseException:
        writer.finish(complete=False)
        raise
    writer.finish(complete=True)
    return report


class _Writer:
    def __init__(self, out: Path, spec: CorpusSpec, name: str) -> None:
        raise NotImplementedError

    def write(self, entry: Any) -> bool:
        """Add an entry; False where an identical input was already there."""
        raise NotImplementedError

    def finish(self, complete: bool) -> None:
        """Settle the output: in place when complete, no partial file when not."""
        raise NotImplementedError


class _DirectoryWriter(_Writer):
    def __init__(self, out: Path, spec: CorpusSpec, name: str) -> None:
        self.out = out
        for kind in spec.kinds:
            folder = out / kind
            if folder.exists() and not folder.is_dir():
                raise CorpusError(f"{folder} exists and is not a folder")
            folder.mkdir(exist_ok=True)
        self.manifest = _Manifest(out / f"manifest{spec.shard.suffix}.jsonl")

    def write(self, entry: Entry | Written) -> bool:
        if isinstance(entry, Written):  # a worker wrote it already
            self.manifest.add(entry.record, entry.file)
            return entry.fresh
        fresh = put(self.out / entry.kind / entry.name, entry)
        self.manifest.add(entry.record, f"{entry.kind}/{entry.name}")
        return fresh

    def finish(self, complete: bool) -> None:
        self.manifest.commit()


class _SingleFileWriter(_Writer):
    """Writers of one file (zip, JSON Lines): built under a temporary name, then renamed;
    an existing file is replaced only by identical bytes unless cleaned first."""

    def _claim(self, path: Path) -> tuple[Path, Any]:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        return Path(name), os.fdopen(handle, "wb")

    def _settle(self, temporary: Path, path: Path, complete: bool) -> None:
        if not complete:
            temporary.unlink(missing_ok=True)
            return
        if path.exists() and path.read_bytes() != temporary.read_bytes():
            temporary.unlink()
            raise CorpusError(f"{path} exists with other content; not touched (use --clean)")
        os.replace(temporary, path)


class _ZipWriter(_SingleFileWriter):
    def __init__(self, out: Path, spec: CorpusSpec, name: str) -> None:
        self.path = out / f"{name}_seed_corpus{spec.shard.suffix}.zip"
        self.temporary, handle = self._claim(self.path)
        self.zip = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED)
        self.names: set[str] = set()
        self.manifest = _Manifest(out / f"{name}_seed_corpus.manifest{spec.shard.suffix}.jsonl")

    def write(self, entry: Entry) -> bool:
        fresh = entry.name not in self.names
        if fresh:
            info = zipfile.ZipInfo(entry.name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            self.zip.writestr(info, entry.payload)
            self.names.add(entry.name)
        self.manifest.add(entry.record, entry.name)
        return fresh

    def finish(self, complete: bool) -> None:
        self.zip.close()
        self._settle(self.temporary, self.path, complete)
        if complete:
            self.manifest.commit()
        else:
            self.manifest.abort()


class _JsonlWriter(_SingleFileWriter):
    def __init__(self, out: Path, spec: CorpusSpec, name: str) -> None:
        paths = {kind: out / f"{kind}{spec.shard.suffix}.jsonl" for kind in spec.kinds}
        self.files = {kind: (path, *self._claim(path)) for kind, path in paths.items()}

    def write(self, entry: Entry) -> bool:
        _, _, handle = self.files[entry.kind]
        record = dict(entry.record)
        if entry.kind == "malformed" or entry.record.get("encoding"):
            record["payload_base64"] = base64.b64encode(entry.payload).decode("ascii")
        else:
            record["document"] = json.loads(entry.payload)
        handle.write(to_json(record).encode("utf-8", "surrogatepass") + b"\n")
        return True

    def finish(self, complete: bool) -> None:
        for path, temporary, handle in self.files.values():
            handle.close()
            self._settle(temporary, path, complete)
