"""Exports that never lose, leak or half-write anything: clean, full disks, signals, orphans,
paths, schemas that reach out or never finish, one-line errors."""

from __future__ import annotations

import errno
import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from batchcalls_fuzz import Oracle, load_schema
from batchcalls_fuzz.errors import SchemaError
from batchcalls_fuzz.export.corpus import CorpusSpec, write_corpus
from batchcalls_fuzz.export.manifest import records
from batchcalls_fuzz.export.stats import features
from batchcalls_fuzz.strategies import bundled_schema

COMMAND = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]
SCRIPT = Path(sys.executable).parent / "batchcalls-fuzz"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=300, check=False
    )


def listed(out: Path) -> set[str]:
    found: set[str] = set()
    for manifest in (out / ".batchcalls").glob("manifest*.jsonl"):
        text = manifest.read_text()
        assert not text or text.endswith("\n"), "half a manifest line"
        found |= {json.loads(line)["file"] for line in text.splitlines()}
    return found


def on_disk(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in (out / "seeds").rglob("*") if p.is_file()}


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith("journal-")]


def assert_complete_and_listed(out: Path) -> None:
    assert leftovers(out) == []
    assert listed(out) == on_disk(out)
    for name in on_disk(out):
        assert hashlib.sha1((out / name).read_bytes()).hexdigest() == Path(name).name


def error_line(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("batchcalls-fuzz: error: ") and fragment in result.stderr
    assert result.stderr.count("\n") == 1


# --clean ---------------------------------------------------------------------------------


def test_clean_removes_only_listed_files_whose_bytes_match_their_name(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "5").returncode == 0
    valid = out / "seeds" / "valid"
    notes = valid / "IMPORTANT-user-notes-do-not-delete-1.txt"
    assert len(notes.name) == 40
    notes.write_text("mine")
    unlisted = valid / hashlib.sha1(b"{}").hexdigest()
    unlisted.write_bytes(b"{}")
    changed = sorted(p for p in (out / "seeds" / "invalid").iterdir())[0]
    changed.write_bytes(b"edited by hand")
    (out / "manifest-mine.jsonl").write_text("{}\n")
    assert run("corpus", out, "--count", "5", "--seed", "4", "--clean").returncode == 0
    assert notes.read_text() == "mine" and unlisted.read_bytes() == b"{}"
    assert changed.read_bytes() == b"edited by hand"
    assert (out / "manifest-mine.jsonl").read_text() == "{}\n"
    seeds = {json.loads(line)["seed"] for line in (out / ".batchcalls/manifest.jsonl").open()}
    assert seeds == {4}


def test_clean_of_json_lines_leaves_other_kinds_alone(tmp_path: Path) -> None:
    assert run("corpus", tmp_path, "--count", "3", "--format", "jsonl").returncode == 0
    mine = tmp_path / "invalid.jsonl"
    mine.write_text("my own lines\n")
    again = run("corpus", tmp_path, "--count", "3", "--seed", "1", "--format", "jsonl",
                "--kind", "valid", "--clean")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert mine.read_text() == "my own lines\n"


def test_a_zip_over_another_zip_leaves_no_temporary_file(tmp_path: Path) -> None:
    args = ("--count", "5", "--format", "zip", "--name", "p")
    assert run("corpus", tmp_path, *args).returncode == 0
    manifest = (tmp_path / ".batchcalls" / "p_seed_corpus.manifest.jsonl").read_bytes()
    error_line(run("corpus", tmp_path, *args, "--seed", "2"), "other content")
    assert leftovers(tmp_path) == []
    assert (tmp_path / ".batchcalls" / "p_seed_corpus.manifest.jsonl").read_bytes() == manifest
    with zipfile.ZipFile(tmp_path / "p_seed_corpus.zip") as archive:
        assert archive.testzip() is None


# full disks --------------------------------------------------------------------------------


@pytest.fixture
def disk_of(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A disk under a folder that takes ``budget`` bytes, then answers ENOSPC to every write."""

    def install(folder: Path, budget: int) -> None:
        left = [budget]
        real_write, real_fdopen = os.write, os.fdopen

        def inside(fd: int) -> bool:
            try:
                return os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder))
            except OSError:
                return False

        def spend(fd: int, size: int) -> None:
            if inside(fd):
                if left[0] < size:
                    raise OSError(errno.ENOSPC, "No space left on device")
                left[0] -= size

        def write(fd: int, data: bytes) -> int:
            spend(fd, len(data))
            return real_write(fd, data)

        class Full:
            def __init__(self, stream: Any) -> None:
                self._stream = stream

            def write(self, data: bytes) -> int:
                spend(self._stream.fileno(), len(data))
                return int(self._stream.write(data))

            def __getattr__(self, name: str) -> Any:
                return getattr(self._stream, name)

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                self._stream.close()

        monkeypatch.setattr(os, "write", write)
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))

    yield install


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")
@pytest.mark.parametrize("budget", [0, 2_000, 30_000, 120_000])
def test_out_of_space_anywhere_leaves_only_complete_listed_files(
    tmp_path: Path, disk_of: Any, budget: int
) -> None:
    out = tmp_path / "c"
    out.mkdir()
    spec = CorpusSpec(count=40, schema=bundled_schema())
    disk_of(out, budget)
    with pytest.raises(OSError, match="No space"):
        write_corpus(out, spec)
    assert_complete_and_listed(out)


def test_a_real_full_filesystem(tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        first = run("corpus", disk, "--count", "2000")
        error_line(first, "No space left")
        assert_complete_and_listed(disk)
        assert len(on_disk(disk)) > 10
        error_line(run("corpus", disk, "--count", "2000", "--seed", "1"), "No space left")
        assert_complete_and_listed(disk)
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# signals and orphans ------------------------------------------------------------------------


def _started(out: Path, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [*COMMAND, "corpus", str(out), "--count", "1000000000000000000", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("seeds/*/*"))) < 100:
        time.sleep(0.05)
    return process


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_workers_end_and_a_rerun_lists_what_is_on_disk(tmp_path: Path) -> None:
    out = tmp_path / "c"
    process = _started(out, "--jobs", "2")
    workers = _children(process.pid)
    assert len(workers) == 2
    process.kill()
    process.communicate(timeout=30)  # the workers hold the pipes: this returns once they end
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    rerun = run("corpus", out, "--count", "3")
    assert rerun.returncode == 0, rerun.stderr
    assert_complete_and_listed(out)
    assert len(on_disk(out)) >= 100
    assert run("validate", out, "--expect-labels").returncode == 0
    assert run("corpus", out, "--count", "0", "--clean").returncode == 0
    assert on_disk(out) == set() and listed(out) == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_of_one_process_and_a_rerun_lists_what_is_on_disk(tmp_path: Path) -> None:
    # Files whose lines wait to be appended to the manifest at once are in the journal.
    out = tmp_path / "c"
    process = _started(out)
    process.kill()
    process.communicate(timeout=30)
    rerun = run("corpus", out, "--count", "0")
    assert rerun.returncode == 0, rerun.stderr
    assert_complete_and_listed(out)
    assert len(on_disk(out)) >= 100


@pytest.mark.parametrize(("stop", "jobs"), [(signal.SIGINT, "1"), (signal.SIGTERM, "2")])
def test_an_interrupted_second_export_lists_everything_it_wrote(
    tmp_path: Path, stop: signal.Signals, jobs: str
) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "20").returncode == 0
    process = _started(out, "--seed", "1", "--jobs", jobs)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted: " in stderr and " written" in stderr and "nothing" not in stderr
    assert_complete_and_listed(out)


@pytest.mark.parametrize("wait", [0.5, 1.5])
def test_ctrl_c_while_the_command_loads_is_one_line(tmp_path: Path, wait: float) -> None:
    if not SCRIPT.exists():
        pytest.skip("the console script is not installed")
    process = subprocess.Popen([str(SCRIPT), "corpus", str(tmp_path / "c"), "--count", "100000"],
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    time.sleep(wait)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.startswith("batchcalls-fuzz: interrupted") and stderr.count("\n") == 1


# schemas that reach out -------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"type": "string"}')

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/s.json", hits
    server.shutdown()


def test_the_oracle_never_fetches_a_reference(
    listener: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, hits = listener
    secret = tmp_path / "secret.json"
    secret.write_text('{"type": "string", "description": "TOP-SECRET"}')
    for ref in (url, secret.as_uri(), "other.json"):
        document = {"$schema": DRAFT, "type": "object", "properties": {"a": {"$ref": ref}}}
        with pytest.raises(SchemaError, match="refused") as caught:
            Oracle({"jsonschema": document}).check({"a": 1})
        assert "TOP-SECRET" not in str(caught.value)
        with pytest.raises(SchemaError):
            load_schema(document)
    structure = {"$schema": "https://json-structure.org/meta/extended/v0/#", "$id": "x",
                 "name": "x", "type": "object", "properties": {"a": {"type": "string"}},
                 "$import": url}  # fmt: skip
    with pytest.raises(SchemaError, match="refused"):
        Oracle({"structure": structure}).check({"a": "b"})
    assert hits == []


def test_a_local_reference_still_resolves_under_an_id(listener: tuple[str, list[str]]) -> None:
    url, hits = listener
    document = {"$schema": DRAFT, "$id": url, "$defs": {"s": {"type": "string"}},
                "type": "object", "properties": {"a": {"$ref": "#/$defs/s"}}}  # fmt: skip
    oracle = Oracle({"jsonschema": document})
    assert oracle.is_valid({"a": "x"}) and not oracle.is_valid({"a": 1})
    assert hits == []


# schemas that never finish ----------------------------------------------------------------


def _nested(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"x": schema}}
    return schema


@pytest.mark.parametrize(
    ("schema", "fragment"),
    [
        ({"type": "string", "pattern": "^a{1000000000}$", "maxLength": 5}, "at least"),
        ({"type": "string", "pattern": r"^(\w+\s?)+$", "maxLength": 3}, "generated strings"),
        ({"type": "string", "pattern": "^(a|aa)+$", "minLength": 40}, "cannot meet"),
        (_nested(300), "deeper than"),
        (_nested(70), "deeper than 64"),
    ],
)
def test_a_schema_that_would_not_finish_is_refused_at_load(
    schema: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(SchemaError, match=fragment):
        load_schema({"$schema": DRAFT, **schema})


def test_a_pattern_within_reach_still_loads_and_generates() -> None:
    from batchcalls_fuzz.derive import sampling

    model = load_schema({"$schema": DRAFT, "type": "object", "required": ["a"],
                         "properties": {"a": {"type": "string", "pattern": "^[a-z]+$",
                                              "maxLength": 3}}})  # fmt: skip
    for document in sampling.draw("valid", 0, 50, model.root, dialect="jsonschema"):
        assert 1 <= len(document["a"]) <= 3


# paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize("file", ["../../../etc/os-release", "/etc/os-release", "seeds/../x"])
def test_manifest_paths_stay_inside_the_folder(tmp_path: Path, file: str) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "2").returncode == 0
    with (out / ".batchcalls" / "manifest.jsonl").open("a") as manifest:
        manifest.write(json.dumps({"file": file, "kind": "valid", "label": None}) + "\n")
    error_line(run("validate", out, "--expect-labels"), "not a corpus file")
    error_line(run("stats", out), "not a corpus file")


@pytest.mark.parametrize("name", ["../x", "/tmp/x", ".hidden", "a/b"])
def test_a_name_is_never_a_path(tmp_path: Path, name: str) -> None:
    out = tmp_path / "deep" / "c"
    error_line(run("corpus", out, "--format", "zip", "--name", name, "--count", "1"), "name")
    assert [p for p in tmp_path.rglob("*.zip")] == []


# one line and exit 2 ----------------------------------------------------------------------


def test_bad_manifests_and_listed_files_are_one_line(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "2", "--kind", "valid").returncode == 0
    manifest = out / ".batchcalls" / "manifest.jsonl"
    good = manifest.read_text()
    manifest.write_text(good + "not json\n")
    error_line(run("validate", out, "--expect-labels"), "manifest.jsonl:3: not a JSON line")
    error_line(run("stats", out), "not a JSON line")
    missing = {"file": "seeds/valid/" + "0" * 40, "kind": "valid", "label": None}
    manifest.write_text(good + json.dumps(missing) + "\n")
    error_line(run("stats", out), "listed but missing")
    text = b"not json"
    name = hashlib.sha1(text).hexdigest()
    (out / "seeds" / "valid" / name).write_bytes(text)
    manifest.write_text(good + json.dumps({**missing, "file": f"seeds/valid/{name}"}) + "\n")
    error_line(run("stats", out), "not JSON")


def test_diff_with_no_examples_and_sample_with_stdout_closed() -> None:
    error_line(run("diff", "--examples", "0"), "--examples")
    closed = subprocess.run([*COMMAND, "sample"], stdout=subprocess.DEVNULL, capture_output=False,
                            stderr=subprocess.PIPE, text=True, timeout=120,
                            preexec_fn=lambda: os.close(1), check=False)  # fmt: skip
    error_line(closed, "stdout is closed")


def test_a_huge_count_writes_at_once_and_stops_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "c"
    process = _started(out)
    assert len(on_disk(out)) >= 100
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted: " in stderr
    assert_complete_and_listed(out)


# small ones, and what fuzzers get ---------------------------------------------------------


def test_files_are_as_readable_as_the_umask_says(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        assert run("corpus", tmp_path / "c", "--count", "2").returncode == 0
        assert run("corpus", tmp_path / "z", "--count", "2", "--format", "zip").returncode == 0
    finally:
        os.umask(previous)
    files = [p for p in (tmp_path / "c" / "seeds").rglob("*") if p.is_file()]
    files += [tmp_path / "c" / ".batchcalls" / "manifest.jsonl"]
    files += [tmp_path / "z" / "batchcalls_seed_corpus.zip"]
    assert {p.stat().st_mode & 0o777 for p in files} == {0o644}


def test_validate_checks_each_file_against_its_sha1_name(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "2", "--kind", "valid").returncode == 0
    victim = sorted((out / "seeds" / "valid").iterdir())[0]
    victim.write_text(json.dumps(json.loads(victim.read_bytes()), indent=1))
    result = run("validate", out, "--expect-labels")
    assert result.returncode == 1 and "SHA-1" in result.stdout and victim.name in result.stdout


def test_the_fuzzer_folder_holds_inputs_only_and_max_bytes_caps_them(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "30", "--max-bytes", "1500").returncode == 0
    sizes = [p.stat().st_size for p in (out / "seeds").rglob("*") if p.is_file()]
    assert sizes and max(sizes) <= 1500
    assert all(len(p.name) == 40 for p in (out / "seeds").rglob("*") if p.is_file())
    assert_complete_and_listed(out)


def _features(out: Path) -> tuple[set[tuple[str, ...]], int]:
    root = bundled_schema().root
    found: set[tuple[str, ...]] = set()
    count = 0
    for _, record in records(out / ".batchcalls" / "manifest.jsonl"):
        payload = (out / record["file"]).read_bytes()
        found |= set(features(root, record["kind"], record["label"], payload))
        count += 1
    return found, count


def test_minimize_keeps_every_feature_with_fewer_files(tmp_path: Path) -> None:
    args = ("--count", "40", "--coverage")
    assert run("corpus", tmp_path / "full", *args).returncode == 0
    assert run("corpus", tmp_path / "small", *args, "--minimize", "--jobs", "2").returncode == 0
    full, full_count = _features(tmp_path / "full")
    small, small_count = _features(tmp_path / "small")
    assert small == full and small_count < full_count
    assert on_disk(tmp_path / "small") <= on_disk(tmp_path / "full")
