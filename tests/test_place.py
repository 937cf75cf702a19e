"""Putting a corpus input in place: unnamed and linked in (O_TMPFILE), or under a temporary name
and renamed where that is unsupported; whole files, never over other bytes, as the umask says,
nothing left behind on failure; journalled before they appear."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from batchcalls_fuzz.export import place
from batchcalls_fuzz.export.corpus import CorpusError, CorpusSpec, write_corpus
from batchcalls_fuzz.export.manifest import Journal
from batchcalls_fuzz.export.place import Folder
from batchcalls_fuzz.export.spec import Entry
from batchcalls_fuzz.export.writers import SeedPlacer, file_mode
from batchcalls_fuzz.strategies import bundled_schema

UNNAMED = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")
PATHS = [
    pytest.param(True, id="unnamed", marks=pytest.mark.skipif(not UNNAMED, reason="no O_TMPFILE")),
    pytest.param(False, id="renamed"),
]


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


@pytest.fixture
def umask() -> Iterator[int]:
    previous = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(previous)


@pytest.mark.parametrize("unnamed", PATHS)
@given(
    payloads=st.lists(st.binary(max_size=300), max_size=8),
    before=st.lists(st.tuples(st.integers(0, 7), st.booleans()), max_size=4),
)
def test_each_name_holds_its_bytes_and_nothing_is_overwritten(
    unnamed: bool, payloads: list[bytes], before: list[tuple[int, bool]]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder_path = Path(scratch)
        there: dict[str, bytes] = {}
        for at, same in before:
            if at < len(payloads):
                name = sha1(payloads[at])
                there.setdefault(name, payloads[at] if same else b"other" + payloads[at])
                (folder_path / name).write_bytes(there[name])
        folder = Folder(folder_path, 0o644, unnamed)
        try:
            for payload in payloads:
                name = sha1(payload)
                taken = name in there
                assert folder.holds(name) == taken
                assert folder.create(name, payload) == (not taken)
                there.setdefault(name, payload)
        finally:
            folder.close()
        assert {p.name: p.read_bytes() for p in folder_path.iterdir()} == there
        assert folder.unnamed == unnamed


@pytest.mark.parametrize("unnamed", PATHS)
def test_a_file_is_as_readable_as_the_umask_says(tmp_path: Path, unnamed: bool, umask: int) -> None:
    folder = Folder(tmp_path, file_mode(), unnamed)
    try:
        assert folder.create("a", b"{}")
    finally:
        folder.close()
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o666 & ~umask == 0o640


@pytest.mark.parametrize("unnamed", PATHS)
def test_a_failed_write_leaves_nothing(
    tmp_path: Path, unnamed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(handle: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    folder = Folder(tmp_path, 0o644, unnamed)
    monkeypatch.setattr(os, "write", full)
    try:
        with pytest.raises(OSError, match="No space"):
            folder.create("a", b"{}")
    finally:
        folder.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not UNNAMED, reason="no O_TMPFILE")
@pytest.mark.parametrize("answer", sorted(place.UNSUPPORTED))
def test_where_unnamed_files_are_unsupported_it_renames_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: int
) -> None:
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(answer, os.strerror(answer))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    folder = Folder(tmp_path, 0o644)
    try:
        assert folder.unnamed
        assert folder.create("a", b"1") and folder.create("b", b"2")
        assert not folder.unnamed
    finally:
        folder.close()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a": b"1", "b": b"2"}


@pytest.mark.skipif(not UNNAMED, reason="no O_TMPFILE")
@pytest.mark.parametrize("refusal", [errno.ENOENT, errno.EPERM, errno.EACCES, errno.EXDEV])
def test_where_proc_links_fail_it_writes_under_a_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: int
) -> None:
    # ENOENT: no /proc mounted; the others: a sandbox that refuses to link its entries.
    real_link, real_isdir = os.link, os.path.isdir

    def refused(source: Any, *args: Any, **kwargs: Any) -> None:
        if str(source).startswith("/proc/"):
            raise OSError(refusal, os.strerror(refusal), source)
        real_link(source, *args, **kwargs)

    monkeypatch.setattr(os, "link", refused)
    if refusal == errno.ENOENT:
        monkeypatch.setattr(os.path, "isdir", lambda p: p != "/proc/self/fd" and real_isdir(p))
    folder = Folder(tmp_path, 0o644)
    try:
        assert folder.create("a", b"1") and not folder.unnamed
    finally:
        folder.close()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"a": b"1"}


def _entries(kind: str, payloads: list[bytes]) -> list[Entry | None]:
    return [
        Entry(kind, p, {"kind": kind, "label": "x", "index": i}) for i, p in enumerate(payloads)
    ]


def _prepared(out: Path) -> None:
    for kind in ("valid", "invalid", "malformed"):
        (out / "seeds" / kind).mkdir(parents=True)
    (out / ".batchcalls").mkdir()


@pytest.mark.parametrize("unnamed", PATHS)
def test_a_chunk_is_journalled_before_its_files_and_a_rerun_lists_those_on_disk(
    tmp_path: Path, unnamed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    _prepared(tmp_path)
    placer = SeedPlacer(tmp_path, "manifest.jsonl", 0o644, unnamed)
    made: list[str] = []
    real_create = Folder.create

    def dies_at_the_third(self: Folder, name: str, data: bytes) -> bool:
        if len(made) == 2:
            raise OSError(errno.EIO, "killed here")
        made.append(name)
        return real_create(self, name, data)

    monkeypatch.setattr(Folder, "create", dies_at_the_third)
    payloads = [b"[1]", b"[2]", b"[3]", b"[4]"]
    with pytest.raises(OSError, match="killed"):
        placer.put(_entries("malformed", payloads))
    placer.close()
    journalled = placer.journal.path.read_text().splitlines()
    assert len(journalled) == 4  # all lines first, then the files
    assert sorted(p.name for p in (tmp_path / "seeds" / "malformed").iterdir()) == sorted(made)
    monkeypatch.undo()
    write_corpus(tmp_path, CorpusSpec(count=0, schema=bundled_schema()))
    manifest = (tmp_path / ".batchcalls" / "manifest.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["file"] for line in manifest) == sorted(
        f"seeds/malformed/{name}" for name in made
    )
    assert not placer.journal.path.exists()


@pytest.mark.parametrize("unnamed", PATHS)
def test_a_chunk_meeting_other_bytes_under_a_name_changes_nothing(
    tmp_path: Path, unnamed: bool
) -> None:
    _prepared(tmp_path)
    taken = tmp_path / "seeds" / "valid" / sha1(b"[2]")
    taken.write_bytes(b"mine")
    placer = SeedPlacer(tmp_path, "manifest.jsonl", 0o644, unnamed)
    try:
        with pytest.raises(CorpusError, match="other content"):
            placer.put(_entries("valid", [b"[1]", b"[2]"]))
    finally:
        placer.close()
    assert [p.name for p in taken.parent.iterdir()] == [taken.name]
    assert taken.read_bytes() == b"mine"


@pytest.mark.parametrize("other", ["link", "folder"])
def test_a_dangling_link_or_a_folder_under_a_name_is_other_content(
    tmp_path: Path, other: str
) -> None:
    _prepared(tmp_path)
    taken = tmp_path / "seeds" / "valid" / sha1(b"[1]")
    if other == "link":
        taken.symlink_to(tmp_path / "nowhere")
    else:
        taken.mkdir()
    placer = SeedPlacer(tmp_path, "manifest.jsonl", 0o644)
    try:
        with pytest.raises(CorpusError, match="other content"):
            placer.put(_entries("valid", [b"[1]"]))
    finally:
        placer.close()
    assert taken.is_symlink() or taken.is_dir()


def test_duplicates_in_a_chunk_are_one_file_and_one_new(tmp_path: Path) -> None:
    _prepared(tmp_path)
    placer = SeedPlacer(tmp_path, "manifest.jsonl", 0o644)
    try:
        placed = placer.put([None, *_entries("valid", [b"[1]", b"[1]", b"[2]"])])
    finally:
        placer.close()
    assert placed[0] is None
    assert [fresh for _, fresh in filter(None, placed)] == [True, False, True]
    assert len(list((tmp_path / "seeds" / "valid").iterdir())) == 2


def _export(out: Path, jobs: int) -> dict[str, bytes]:
    write_corpus(out, CorpusSpec(count=12, schema=bundled_schema()), jobs=jobs)
    files = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    files[".batchcalls/manifest.jsonl"] = b"".join(
        sorted((out / ".batchcalls" / "manifest.jsonl").read_bytes().splitlines(keepends=True))
    )
    return files


@pytest.mark.parametrize("jobs", [1, 2])
def test_both_ways_export_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    unnamed = _export(tmp_path / "unnamed", jobs)
    monkeypatch.setattr(place, "_UNNAMED", 0)
    renamed = _export(tmp_path / "renamed", jobs)
    assert renamed == unnamed and len(unnamed) > 30


def test_a_journal_cut_short_is_cut_back_to_whole_lines_and_takes_nothing_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Half a line left in a journal would join the next write's first line, and the input that
    # line names would be on disk, never listed.
    (tmp_path / ".batchcalls").mkdir()
    journal = Journal(tmp_path, "manifest.jsonl")
    try:
        journal.add_many(['{"file": "a"}'])
        whole = journal.path.read_bytes()
        real_write = os.write

        def short(handle: int, data: Any) -> int:
            return real_write(handle, bytes(data)[: len(data) // 2])

        monkeypatch.setattr(os, "write", short)
        with pytest.raises(OSError, match="No space"):
            journal.add_many(['{"file": "b"}', '{"file": "c"}'])
        monkeypatch.setattr(os, "write", real_write)
        assert journal.path.read_bytes() == whole
        with pytest.raises(OSError, match="No space"):
            journal.add_many(['{"file": "d"}'])
        assert journal.path.read_bytes() == whole
    finally:
        journal.close()


@pytest.mark.parametrize("linked", ["seeds", "seeds/valid", ".batchcalls"])
def test_a_folder_of_the_export_that_is_a_link_is_refused_and_nothing_lands_outside(
    tmp_path: Path, linked: str
) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    (out / linked).parent.mkdir(parents=True, exist_ok=True)
    (out / linked).symlink_to(outside)
    spec = CorpusSpec(count=3, schema=bundled_schema(), kinds=("valid",))
    with pytest.raises(CorpusError, match="symbolic link"):
        write_corpus(out, spec)
    assert list(outside.iterdir()) == []


def test_a_named_pipe_under_an_inputs_name_is_other_content_not_a_hang(tmp_path: Path) -> None:
    spec = CorpusSpec(count=1, schema=bundled_schema(), kinds=("valid",))
    write_corpus(tmp_path, spec)
    (existing,) = (tmp_path / "seeds" / "valid").iterdir()
    existing.unlink()
    os.mkfifo(existing)
    with pytest.raises(CorpusError, match="other content"):
        write_corpus(tmp_path, spec)
    assert stat.S_ISFIFO(existing.lstat().st_mode)


def test_a_link_to_identical_bytes_under_an_inputs_name_is_other_content(tmp_path: Path) -> None:
    spec = CorpusSpec(count=1, schema=bundled_schema(), kinds=("valid",))
    write_corpus(tmp_path, spec)
    (existing,) = (tmp_path / "seeds" / "valid").iterdir()
    copy = tmp_path / "copy"
    copy.write_bytes(existing.read_bytes())
    existing.unlink()
    existing.symlink_to(copy)
    with pytest.raises(CorpusError, match="other content"):
        write_corpus(tmp_path, spec)
    assert existing.is_symlink()


@pytest.mark.skipif(not UNNAMED, reason="no O_TMPFILE")
def test_a_full_disk_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def full(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(errno.ENOSPC, "No space left on device", path)
        return real_open(path, flags, *args, **kwargs)

    folder = Folder(tmp_path, 0o644)
    monkeypatch.setattr(os, "open", full)
    try:
        with pytest.raises(OSError) as raised:
            folder.create("a", b"1")
    finally:
        monkeypatch.undo()
        folder.close()
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(tmp_path)
