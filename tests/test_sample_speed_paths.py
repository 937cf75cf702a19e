"""The bulk path's speed features keep their promises: ``--jobs`` changes nothing in the
output, the compiled generator's source prints, and the bulk path and ``--help`` load neither
Hypothesis nor the validators (nor rich's markdown)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from batchcalls_fuzz.derive import RandomSource, compiled, parallel, sampling
from batchcalls_fuzz.derive.invalid import json_copy
from batchcalls_fuzz.derive.valid import Limits
from batchcalls_fuzz.errors import BatchCallsFuzzError
from batchcalls_fuzz.strategies import bundled_schema, resolve_profile

HEAVY = ("hypothesis", "jsonschema", "json_structure", "referencing", "rich.markdown", "pygments")

LOADED_AFTER = """
import sys
from batchcalls_fuzz.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.flush()
print("\\nLOADED", *sorted(m for m in sys.modules if m.split(".")[0] in {roots}), file=sys.stderr)
"""


def loaded_modules(*args: str) -> set[str]:
    roots = {name.split(".")[0] for name in HEAVY}
    script = LOADED_AFTER.format(roots=sorted(roots))
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, timeout=120, check=True
    )
    report = result.stderr.decode().rsplit("LOADED", 1)[1].split()
    return set(report)


@pytest.mark.parametrize(
    "args",
    [
        ("sample", "--count", "1"),
        ("sample", "--count", "2", "--kind", "invalid", "--profile", "realistic"),
        ("sample", "--count", "2", "--kind", "malformed"),
        ("--help",),
        ("sample", "--help"),
    ],
)
def test_the_bulk_path_and_help_load_neither_hypothesis_nor_the_validators(
    args: tuple[str, ...],
) -> None:
    loaded = loaded_modules(*args)
    assert not {m for m in loaded if m in HEAVY or m.split(".")[0] in HEAVY[:4]}, loaded


@pytest.mark.parametrize("kind", ["valid", "invalid", "malformed"])
def test_jobs_change_nothing_in_the_output(kind: str) -> None:
    root = bundled_schema().root
    profile = resolve_profile("realistic", root)
    count = parallel.CHUNK * 2 + 7

    def output(jobs: int) -> bytes:
        return b"".join(
            sampling.lines(kind, 9, count, root, start=3, profile=profile, labels=True, jobs=jobs)
        )

    single = output(1)
    assert single.count(b"\n") == count
    assert output(2) == single
    assert output(3) == single


def test_jobs_must_be_at_least_one() -> None:
    with pytest.raises(BatchCallsFuzzError, match="jobs must be >= 1"):
        list(parallel.rendered(lambda i: b"", 0, 1, jobs=0))


def test_show_source_prints_the_compiled_generator() -> None:
    command = "from batchcalls_fuzz.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", command, "sample", "--show-source", "--profile", "realistic"],
        capture_output=True,
        timeout=120,
        check=True,
    )
    text = result.stdout.decode()
    assert text.startswith("def generate(src, r, rng, lc):")
    assert "# _override" in text  # the profile's generators, called from the emitted code
    compile(text, "shown", "exec")


@pytest.mark.parametrize("kind", ["valid", "invalid", "malformed"])
def test_warming_compiles_everything_an_item_can_draw_from(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What --jobs runs before forking: afterwards no worker compiles anything of its own.
    made = sampling.bulk_generator(kind, bundled_schema().root, limits=Limits(max_items=2))
    made.warm()

    def compiling(*args: object) -> None:
        raise AssertionError("compiled after warming")

    monkeypatch.setattr(compiled, "compile_bulk", compiling)
    for index in range(60):
        made.make(RandomSource(f"4:{index}"))


def test_a_json_copy_is_deep_and_equal() -> None:
    value = {"a": [1, {"b": None}], "c": "x", "d": 1.5, "e": True}
    copied = json_copy(value)
    assert copied == value
    assert copied is not value and copied["a"] is not value["a"]
    assert copied["a"][1] is not value["a"][1]
