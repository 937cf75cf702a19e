"""What an export leaves behind and holds: no lock file after it, no appending to a manifest
that is not ours, memory that does not grow with the lines it appends."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from batchcalls_fuzz.export.corpus import CorpusError, CorpusSpec, write_corpus
from batchcalls_fuzz.export.manifest import ManifestAppender, locked
from batchcalls_fuzz.strategies import bundled_schema

COMMAND = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=300, check=False
    )


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha1(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_an_export_removes_the_lock_it_created(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "3").returncode == 0
    assert sorted(p.name for p in (out / ".batchcalls").iterdir()) == ["manifest.jsonl"]
    (out / ".batchcalls" / "manifest.jsonl").write_text("{}\n")
    failed = run("corpus", out, "--count", "3")
    assert failed.returncode == 2 and not (out / ".batchcalls" / "lock").exists()


def test_a_lock_file_that_was_there_stays_and_a_held_lock_still_refuses(tmp_path: Path) -> None:
    out = tmp_path / "c"
    (out / ".batchcalls").mkdir(parents=True)
    (out / ".batchcalls" / "lock").write_text("")
    write_corpus(out, CorpusSpec(count=2, schema=bundled_schema(), kinds=("valid",)))
    assert (out / ".batchcalls" / "lock").exists()
    with locked(out), pytest.raises(CorpusError, match="another export"):
        write_corpus(out, CorpusSpec(count=2, schema=bundled_schema(), kinds=("valid",)))
    write_corpus(out, CorpusSpec(count=2, schema=bundled_schema(), kinds=("valid",)))


def test_a_lock_removed_by_the_export_that_held_it_is_not_taken_twice(tmp_path: Path) -> None:
    out = tmp_path
    with locked(out):
        assert (out / ".batchcalls" / "lock").exists()
        with pytest.raises(CorpusError, match="another export"), locked(out):
            pass
    assert not (out / ".batchcalls" / "lock").exists()
    with locked(out), pytest.raises(CorpusError, match="another export"), locked(out):
        pass


@pytest.mark.parametrize("target", ["nowhere", "elsewhere/lock"])
def test_a_lock_that_is_a_symbolic_link_is_refused_at_once(tmp_path: Path, target: str) -> None:
    out = tmp_path / "c"
    (out / ".batchcalls").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "lock").write_text("")
    (out / ".batchcalls" / "lock").symlink_to(tmp_path / target)
    result = run("corpus", out, "--count", "2")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot write into" in result.stderr
    assert not (out / "seeds").exists() or not any((out / "seeds").rglob("*"))
    assert (tmp_path / "elsewhere" / "lock").read_text() == ""


def test_a_manifest_with_a_line_that_is_not_ours_is_refused_and_nothing_changes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "3").returncode == 0
    manifest = out / ".batchcalls" / "manifest.jsonl"
    manifest.write_text(manifest.read_text() + "my notes about this corpus\n")
    before = snapshot(out)
    result = run("corpus", out, "--count", "3", "--seed", "9")
    assert result.returncode == 2
    assert result.stderr.startswith("batchcalls-fuzz: error: ") and result.stderr.count("\n") == 1
    assert "manifest.jsonl:10" in result.stderr
    assert snapshot(out) == before
    with pytest.raises(CorpusError, match="not a manifest record"):
        write_corpus(out, CorpusSpec(count=3, schema=bundled_schema(), seed=9))
    assert snapshot(out) == before


def test_a_half_line_left_by_a_crash_is_cut_not_refused(tmp_path: Path) -> None:
    out = tmp_path / "c"
    spec = CorpusSpec(count=3, schema=bundled_schema(), kinds=("valid",))
    write_corpus(out, spec)
    manifest = out / ".batchcalls" / "manifest.jsonl"
    whole = manifest.read_text()
    manifest.write_text(whole + '{"file": "seeds/va')
    report = write_corpus(out, spec)
    assert report.existing == 3 and manifest.read_text() == whole


def test_appending_holds_no_appended_line_in_memory(tmp_path: Path) -> None:
    appender = ManifestAppender(tmp_path / "manifest.jsonl")
    lines = [f'{{"file": "seeds/valid/{i:040x}", "kind": "valid", "n": {i}}}' for i in range(4000)]
    tracemalloc.start()
    try:
        start = tracemalloc.take_snapshot()
        for line in lines:
            appender.add(line)
        grown = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(start, "filename"))
    finally:
        tracemalloc.stop()
        appender.close()
    assert grown < 64 * 1024, f"{grown} bytes held for 4000 appended lines"
    again = ManifestAppender(tmp_path / "manifest.jsonl")
    try:
        assert not again.add(lines[7]) and again.add("another line")
    finally:
        again.close()
    assert (tmp_path / "manifest.jsonl").read_text().count("\n") == 4001


def test_lines_appended_at_once_skip_those_held_and_all_go_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text("a\nb\n")
    appender = ManifestAppender(path)
    try:
        assert appender.add_many(["b", "c", "d"]) == 2
        monkeypatch.setattr(os, "write", lambda handle, data: len(data) // 2)
        with pytest.raises(OSError, match="No space"):
            appender.add_many(["e", "f"])
    finally:
        appender.close()
    assert path.read_text() == "a\nb\nc\nd\n"


def test_a_rerun_lists_each_input_once(tmp_path: Path) -> None:
    out = tmp_path / "c"
    spec = CorpusSpec(count=4, schema=bundled_schema())
    write_corpus(out, spec)
    manifest = out / ".batchcalls" / "manifest.jsonl"
    first = manifest.read_text()
    write_corpus(out, spec)
    assert manifest.read_text() == first


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_completed_export_reads_no_file_or_journal_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # Reading back every journalled file (or the workers' journals) at the end cost memory
    # and time with each input.
    from batchcalls_fuzz.export import manifest

    read: list[Path] = []
    real_sha1, real_journalled = manifest.sha1_of, manifest._journalled
    monkeypatch.setattr(manifest, "sha1_of", lambda path: read.append(path) or real_sha1(path))
    monkeypatch.setattr(
        manifest, "_journalled", lambda out, path: read.append(path) or real_journalled(out, path)
    )
    out = tmp_path / "c"
    report = write_corpus(out, CorpusSpec(count=80, schema=bundled_schema()), jobs=jobs)
    assert report.written > 200 and read == []
    assert sorted(p.name for p in (out / ".batchcalls").iterdir()) == ["manifest.jsonl"]


def test_a_journal_left_by_a_killed_export_is_still_listed(tmp_path: Path) -> None:
    out = tmp_path / "c"
    spec = CorpusSpec(count=3, schema=bundled_schema(), kinds=("valid",))
    write_corpus(out, spec)
    manifest = out / ".batchcalls" / "manifest.jsonl"
    lines = manifest.read_text().splitlines(keepends=True)
    journal = out / ".batchcalls" / "journal-1.jsonl"
    journal.write_text(
        "".join(
            json.dumps({"manifest": "manifest.jsonl", "line": line.rstrip("\n")}) + "\n"
            for line in lines[1:]
        )
        + '{"manifest": "manif'
    )
    manifest.write_text(lines[0])
    report = write_corpus(out, CorpusSpec(count=0, schema=bundled_schema(), kinds=("valid",)))
    assert report.recovered == len(lines) - 1 == 2
    assert "2 left unlisted by an earlier export, listed now" in str(report)
    assert sorted(manifest.read_text().splitlines()) == sorted(line.rstrip("\n") for line in lines)
    assert not journal.exists()
