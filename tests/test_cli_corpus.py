"""``corpus``, ``dict``, ``validate``, ``diff``, ``stats``: the fuzzing side of the CLI."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batchcalls_fuzz.cli import app
from batchcalls_fuzz.export.dictionary import render
from batchcalls_fuzz.strategies import bundled_schema

COMMAND = [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=300, check=False
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_same_tree_and_jobs_do_not_change_it(tmp_path: Path) -> None:
    args = ("--count", "60", "--seed", "3", "--coverage")
    assert run("corpus", tmp_path / "a", *args).returncode == 0
    assert run("corpus", tmp_path / "b", *args).returncode == 0
    assert run("corpus", tmp_path / "c", *args, "--jobs", "2").returncode == 0
    whole = tree(tmp_path / "a")
    assert whole == tree(tmp_path / "b") == tree(tmp_path / "c")
    assert {name.split("/")[1] for name in whole if name.startswith("seeds/")} == {
        "valid", "invalid", "malformed"
    }  # fmt: skip
    assert {name for name in whole if not name.startswith("seeds/")} == {
        ".batchcalls/manifest.jsonl"
    }  # fmt: skip
    for name, payload in whole.items():
        if name.startswith("seeds/"):
            assert name.endswith(hashlib.sha1(payload).hexdigest())


def test_shards_merged_by_copying_equal_the_whole(tmp_path: Path) -> None:
    assert run("corpus", tmp_path / "whole", "--count", "41").returncode == 0
    for part in ("1/3", "2/3", "3/3"):
        assert run("corpus", tmp_path / "merged", "--count", "41", "--shard", part).returncode == 0
    whole, merged = tree(tmp_path / "whole"), tree(tmp_path / "merged")
    inputs = {k: v for k, v in whole.items() if k.startswith("seeds/")}
    assert inputs == {k: v for k, v in merged.items() if k.startswith("seeds/")}
    lines = sorted(
        line
        for k, v in merged.items()
        if k.startswith(".batchcalls/manifest")
        for line in v.splitlines()
    )
    assert lines == sorted(whole[".batchcalls/manifest.jsonl"].splitlines())


def test_a_corpus_passes_its_own_labels_and_a_false_label_is_caught(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert (
        run("corpus", out, "--count", "40", "--coverage", "--profile", "realistic").returncode == 0
    )
    assert run("validate", out, "--expect-labels").returncode == 0
    manifest = out / ".batchcalls" / "manifest.jsonl"
    records = [json.loads(line) for line in manifest.read_text().splitlines()]
    victim = next(r for r in records if r["kind"] == "invalid")
    victim["label"]["pointer"] = "/nowhere"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = run("validate", out, "--expect-labels")
    assert result.returncode == 1 and victim["file"] in result.stdout


def test_validate_reports_pointer_and_rule_and_exits_1(tmp_path: Path) -> None:
    good = {"status": "COMPLETE", "results": [], "startedAt": "2024-01-15T10:30:00Z",
            "completedAt": "2024-01-15T10:30:00Z"}  # fmt: skip
    bad = {**good, "startedAt": "2024-13-01T00:00:00Z"}
    lines = tmp_path / "docs.jsonl"
    lines.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    result = run("validate", lines)
    assert result.returncode == 1
    assert f"{lines}:2: jsonschema /startedAt format" in result.stdout
    assert ":1:" not in result.stdout
    (tmp_path / "good.json").write_text(json.dumps(good))
    assert run("validate", tmp_path / "good.json").returncode == 0


def test_other_files_in_the_folder_are_left_alone_and_clean_removes_only_ours(
    tmp_path: Path,
) -> None:
    out = tmp_path / "c"
    (out / "seeds" / "valid").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "seeds" / "valid" / "hand-written.json").write_text("{}")
    assert run("corpus", out, "--count", "10").returncode == 0
    assert run("corpus", out, "--count", "10", "--seed", "9", "--clean").returncode == 0
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "seeds" / "valid" / "hand-written.json").read_text() == "{}"
    manifest_file = out / ".batchcalls" / "manifest.jsonl"
    manifest = [json.loads(line) for line in manifest_file.read_text().splitlines()]
    assert {r["seed"] for r in manifest} == {9}
    listed = {r["file"] for r in manifest}
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if len(p.name) == 40}
    assert listed == on_disk


def test_a_second_run_adds_to_the_manifest_and_deletes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "10").returncode == 0
    first = tree(out)
    assert run("corpus", out, "--count", "10", "--seed", "1").returncode == 0
    second = tree(out)
    assert all(second[name] == payload for name, payload in first.items() if "seeds/" in name)
    manifest = ".batchcalls/manifest.jsonl"
    assert second[manifest].startswith(first[manifest]) and second[manifest] != first[manifest]


def test_zip_and_jsonl_formats(tmp_path: Path) -> None:
    assert (
        run("corpus", tmp_path, "--count", "15", "--format", "zip", "--name", "p").returncode == 0
    )
    with zipfile.ZipFile(tmp_path / "p_seed_corpus.zip") as archive:
        names = archive.namelist()
        assert all(hashlib.sha1(archive.read(n)).hexdigest() == n for n in names)
    assert (tmp_path / ".batchcalls" / "p_seed_corpus.manifest.jsonl").exists()
    again = run("corpus", tmp_path, "--count", "15", "--format", "zip", "--name", "p")
    assert again.returncode == 0
    other = run(
        "corpus", tmp_path, "--count", "15", "--format", "zip", "--name", "p", "--seed", "2"
    )
    assert other.returncode == 2 and "other content" in other.stderr
    assert run("corpus", tmp_path / "j", "--count", "5", "--format", "jsonl").returncode == 0
    lines = (tmp_path / "j" / "invalid.jsonl").read_text().splitlines()
    assert len(lines) == 5 and all("document" in json.loads(line) for line in lines)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--count", "-1"], "--count"),
        (["--shard", "3/2"], "between 1 and N"),
        (["--shard", "half"], "K/N"),
        (["--jobs", "0"], "--jobs"),
        (["--format", "tar"], "--format"),
        (["--kind", "weird"], "--kind"),
    ],
)
def test_bad_corpus_input_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], fragment: str
) -> None:
    result = run("corpus", tmp_path / "c", *args)
    assert result.returncode == 2
    assert result.stderr.startswith("batchcalls-fuzz: error: ") and fragment in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").rglob("*"))


def test_an_unwritable_place_and_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    result = run("corpus", "/proc/batchcalls-corpus", "--count", "1")
    assert result.returncode == 2 and "cannot create" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("corpus", blocker, "--count", "1")
    assert result.returncode == 2 and "not a folder" in result.stderr
    assert blocker.read_text() == "x"
    (tmp_path / "c" / "seeds").mkdir(parents=True)
    (tmp_path / "c" / "seeds" / "valid").write_text("in the way")
    result = run("corpus", tmp_path / "c", "--count", "1")
    assert result.returncode == 2 and "not a folder" in result.stderr


@pytest.mark.parametrize(
    ("stop", "jobs"), [(signal.SIGINT, "1"), (signal.SIGTERM, "1"), (signal.SIGINT, "2")]
)
def test_an_interrupted_export_leaves_no_partial_file_and_says_how_far(
    tmp_path: Path, stop: signal.Signals, jobs: str
) -> None:
    out = tmp_path / "c"
    process = subprocess.Popen(
        [*COMMAND, "corpus", str(out), "--count", "100000", "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("seeds/valid/*"))) < 50:
        time.sleep(0.05)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert re.search(r"interrupted: \d+ inputs: \d+ written", stderr)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    manifest = out / ".batchcalls" / "manifest.jsonl"
    listed = {json.loads(line)["file"] for line in manifest.read_text().splitlines()}
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if len(p.name) == 40}
    assert listed == on_disk and len(on_disk) >= 50
    for name in on_disk:
        assert hashlib.sha1((out / name).read_bytes()).hexdigest() == Path(name).name


def _parse_dictionary(text: str) -> list[bytes]:
    """libFuzzer/AFL dictionary grammar: ``name="value"`` or ``"value"``, ``#`` comments,
    blank lines; in the value ``\\\\``, ``\\"`` and ``\\xNN`` escapes, else printable ASCII
    (libFuzzer docs, "Dictionaries"; AFL++ dictionaries/README.md)."""
    values = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        found = re.fullmatch(
            r'([A-Za-z0-9_]*)(?:@\d+)?="((?:[^"\\]|\\\\|\\"|\\x[0-9A-Fa-f]{2})*)"', line
        )
        assert found, line
        raw = found.group(2)
        value = bytearray()
        i = 0
        while i < len(raw):
            if raw[i] == "\\":
                if raw[i + 1] == "x":
                    value.append(int(raw[i + 2 : i + 4], 16))
                    i += 4
                    continue
                value.append(ord(raw[i + 1]))
                i += 2
                continue
            assert 0x20 <= ord(raw[i]) < 0x7F
            value.append(ord(raw[i]))
            i += 1
        values.append(bytes(value))
    return values


def test_the_dictionary_parses_and_holds_keys_enums_and_date_time_pieces() -> None:
    result = run("dict")
    values = _parse_dictionary(result.stdout)
    assert b'"status"' in values and b'"createdAt"' in values and b'"COMPLETE"' in values
    assert b"T" in values and b"Z" in values and b"{" in values
    edges = [b"1e400", b"-0", b"9223372036854775808", b"18446744073709551616", b"23:59:60",
             b"+23:59", b"-00:00", b"t", b"z"]  # fmt: skip
    assert all(edge in values for edge in edges)
    assert len(values) == len(set(values))
    assert result.stdout == render(bundled_schema().root)


def test_libfuzzer_reads_the_dictionary(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    dictionary = tmp_path / "batchcalls.dict"
    dictionary.write_text(run("dict").stdout)
    harness = tmp_path / "harness.py"
    harness.write_text(
        "import sys, atheris\n"
        "def test(data):\n    pass\n"
        "atheris.Setup(sys.argv, test)\natheris.Fuzz()\n"
    )
    result = subprocess.run(
        [sys.executable, str(harness), f"-dict={dictionary}", "-runs=10"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    entries = len(_parse_dictionary(dictionary.read_text()))
    assert f"Dictionary: {entries} entries" in result.stderr, result.stderr


def test_atheris_unicode_inputs_read_back_as_the_documents(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run("corpus", out, "--count", "30", "--atheris-unicode").returncode == 0
    assert run("validate", out, "--expect-labels").returncode == 0
    atheris = pytest.importorskip("atheris")
    manifest = out / ".batchcalls" / "manifest.jsonl"
    records = [json.loads(line) for line in manifest.read_text().splitlines()]
    for record in records:
        payload = (out / record["file"]).read_bytes()
        text = atheris.FuzzedDataProvider(payload).ConsumeUnicode(len(payload))
        if record["kind"] != "malformed":
            assert json.loads(text) is not None
        else:
            assert text.encode("utf-8", "surrogatepass") == _plain(record, out)


def _plain(record: dict[str, object], out: Path) -> bytes:
    from batchcalls_fuzz.export.validate import _from_atheris

    return _from_atheris((out / str(record["file"])).read_bytes())


def test_diff_finds_the_known_disagreements() -> None:
    result = CliRunner().invoke(app, ["diff", "--examples", "200"])
    assert result.exit_code == 0
    for fragment in ("2016-12-31T23:59:60Z", "2024-01-15t10:30:00z", "$uses", "2024-13-45"):
        assert fragment in result.output


def test_stats_shows_rules_places_enum_values_and_optional_members(tmp_path: Path) -> None:
    assert run("corpus", tmp_path, "--count", "30", "--coverage").returncode == 0
    result = CliRunner().invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 0
    for fragment in ("format.date-time", "/results/*/createdAt", '"CANCELED"', "absent", "median"):
        assert fragment in result.output


@pytest.mark.parametrize("command", ["sample", "corpus", "dict", "validate", "diff", "stats"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = run("corpus", tmp_path, "--count", "20")
    assert result.stderr.strip().endswith("already there") and "━" not in result.stderr
