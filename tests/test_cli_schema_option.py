"""``--schema PATH``: every command works on a schema of the user's, not only the bundled one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batchcalls_fuzz.cli import main
from batchcalls_fuzz.judge.labels import label_problems
from batchcalls_fuzz.judge.oracle import Oracle
from helpers import SECOND_SCHEMA

ORACLE = Oracle({"jsonschema": SECOND_SCHEMA})


def run(capsys: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, str]:
    capsys.readouterr()
    try:
        main(list(args))
    except SystemExit as exit:
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err.decode()


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "orders.schema.json"
    path.write_text(json.dumps(SECOND_SCHEMA))
    return path


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32))
def test_sample_draws_valid_documents_of_the_given_schema(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path_factory: pytest.TempPathFactory, seed: int
) -> None:
    path = tmp_path_factory.mktemp("schema") / "orders.json"
    path.write_text(json.dumps(SECOND_SCHEMA))
    code, out, err = run(
        capsysbinary, "sample", "--schema", str(path), "--count", "20", "--seed", str(seed)
    )
    assert code == 0, err
    documents = [json.loads(line) for line in out.splitlines()]
    assert len(documents) == 20
    assert all(ORACLE.is_valid(document) for document in documents)
    assert all("orders" in document for document in documents)


def test_sample_invalid_documents_break_the_labelled_rule(
    capsysbinary: pytest.CaptureFixture[bytes], schema_file: Path
) -> None:
    args = (
        "sample",
        "--schema",
        str(schema_file),
        "--kind",
        "invalid",
        "--labels",
        "--count",
        "60",
    )
    code, out, err = run(capsysbinary, *args)
    assert code == 0, err
    for line in out.splitlines():
        record = json.loads(line)
        assert label_problems(ORACLE, record["document"], record["label"]) == []


def test_dict_derives_from_the_given_schema(
    capsysbinary: pytest.CaptureFixture[bytes], schema_file: Path
) -> None:
    code, out, _ = run(capsysbinary, "dict", "--schema", str(schema_file))
    assert code == 0
    assert b"key_sku=" in out and b"key_orders=" in out and b"key_results=" not in out


def test_validate_judges_by_the_given_schema(
    capsysbinary: pytest.CaptureFixture[bytes], schema_file: Path, tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps({"orders": [{"sku": "ABC-12", "quantity": 3, "kind": "order"}]}))
    bad.write_text(json.dumps({"orders": []}))
    assert run(capsysbinary, "validate", "--schema", str(schema_file), str(good))[0] == 0
    assert run(capsysbinary, "validate", "--schema", str(schema_file), str(bad))[0] == 1
    # The bundled schema would reject the good one: the option is what made it pass.
    assert run(capsysbinary, "validate", str(good))[0] == 1


def test_a_corpus_of_the_given_schema_validates_against_its_labels(
    capsysbinary: pytest.CaptureFixture[bytes], schema_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "corpus"
    code, _, err = run(
        capsysbinary, "corpus", str(out), "--schema", str(schema_file), "--count", "10"
    )
    assert code == 0, err
    code, listing, err = run(
        capsysbinary, "validate", str(out), "--expect-labels", "--schema", str(schema_file)
    )
    assert code == 0, listing


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not valid JSON"),
        (
            json.dumps({"$schema": SECOND_SCHEMA["$schema"], "type": "object", "frob": 1}),
            "frob",
        ),
    ],
)
def test_a_bad_schema_file_is_one_line_and_exit_2(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    for command in (["sample"], ["dict"], ["corpus", str(tmp_path / "out")]):
        code, out, err = run(capsysbinary, *command, "--schema", str(path))
        assert code == 2 and out == b""
        assert (
            err.count("\n") == 1 and err.startswith("batchcalls-fuzz: error:") and fragment in err
        )
    assert not (tmp_path / "out").exists()


def test_a_profile_that_does_not_fit_the_schema_is_refused(
    capsysbinary: pytest.CaptureFixture[bytes], schema_file: Path
) -> None:
    code, _, err = run(
        capsysbinary, "sample", "--schema", str(schema_file), "--profile", "realistic"
    )
    assert code == 2 and "does not fit this schema" in err


def test_a_schema_that_accepts_everything_has_no_invalid_corpus_and_touches_nothing(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    path = tmp_path / "anything.json"
    path.write_text(json.dumps({"$schema": SECOND_SCHEMA["$schema"]}))
    out = tmp_path / "corpus"
    code, _, err = run(capsysbinary, "corpus", str(out), "--schema", str(path), "--count", "3")
    assert code == 2 and err.count("\n") == 1 and "no invalid one" in err, err
    assert not out.exists()
    code, _, err = run(
        capsysbinary, "corpus", str(out), "--schema", str(path), "--count", "3",
        "--kind", "valid", "--kind", "malformed",
    )  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in (out / "seeds").iterdir()) == ["malformed", "valid"]
