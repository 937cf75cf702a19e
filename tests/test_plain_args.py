"""Plain command lines skip typer's coercion: whatever the plain reader reads, typer reads the
same way; what it does not read, typer does (with typer's messages); and ``sample --count 1``
starts without loading what it does not use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from batchcalls_fuzz.cli import app
from batchcalls_fuzz.plain_args import parse_plain

GROUP: Any = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)

VALUES = (
    *("0", "1", "3", "12", "007", "-1", "+1", " 1", "1_000", "1e3", "1.0", "１"),
    *("99999999999999999999", "0" * 30, "65535", "65536"),
    *("valid", "VALID", "invalid", "malformed", "jsonschema", "structure", "realistic"),
    *("schema", "adversarial", "zip", "json", "bytes", "required", "/results/*/id"),
    *("", "a b", "x=y", "=", "-", "--", "--help", "-h", "1/1"),
)


def typer_reads(command: Any, args: list[str]) -> dict[str, Any] | None:
    """The parameters typer passes the command's callback, or None when it refuses."""
    try:
        context = command.make_context(command.name, list(args))
    except Exception:
        return None
    return dict(context.params)


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[Any, list[str]]:
    command = GROUP.commands[draw(st.sampled_from(COMMANDS))]
    names = sorted(
        {name for param in command.params for name in (*param.opts, *param.secondary_opts)}
    )
    option = st.sampled_from([*names, "--bogus", "--help", "-h", "--"])
    value = st.sampled_from(VALUES)
    token = st.one_of(option, value, st.builds(lambda o, v: f"{o}={v}", option, value))
    return command, draw(st.lists(token, max_size=8))


@given(command_lines())
def test_what_the_plain_reader_reads_typer_reads_the_same_way(
    line: tuple[Any, list[str]],
) -> None:
    command, args = line
    plain = parse_plain(command, args)
    if plain is not None:
        assert typer_reads(command, args) == plain


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--count", "1"],
        ["--count=0", "--seed", "7", "--kind", "invalid", "--rule", "required", "--rule=type"],
        ["--profile", "realistic", "--pretty", "--labels", "--no-show-source", "--jobs", "2"],
        ["--pointer", "/results/*/id", "--dialect", "structure", "--show-source"],
    ],
)
def test_the_usual_sample_lines_are_plain(args: list[str]) -> None:
    command = GROUP.commands["sample"]
    plain = parse_plain(command, args)
    assert plain is not None
    assert plain == typer_reads(command, args)


@pytest.mark.parametrize(
    "args",
    [
        ["--count", "-1"],  # out of bounds: typer says so
        ["--count", "007"],
        ["--kind", "VALID"],
        ["--schema", "x.json"],  # paths are typer's to check
        ["--help"],
        ["--count"],
        ["--count", "1", "--count", "2"],
        ["--labels=yes"],
        ["extra"],
    ],
)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert parse_plain(GROUP.commands["sample"], args) is None


HEAVY = (
    "hypothesis",
    "jsonschema",
    "json_structure",
    "referencing",
    "pydantic",
    "pydantic_core",
    "rich",
    "concurrent.futures.process",
    "importlib.metadata",
)


def test_sample_count_1_loads_nothing_it_does_not_use() -> None:
    script = Path(sys.executable).with_name("batchcalls-fuzz")
    # The console script where the interpreter's environment has one; else what it runs.
    command = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from batchcalls_fuzz.entry import main; main()"]
    )
    result = subprocess.run(
        [*command, "sample", "--count", "1"],
        capture_output=True,
        timeout=120,
        check=True,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )
    loaded = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.decode().splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    assert "batchcalls_fuzz.derive.sampling" in loaded  # the report lists our imports too
    heavy = {name for name in loaded if name in HEAVY or name.split(".")[0] in HEAVY}
    assert heavy == set()
    assert result.stdout.count(b"\n") == 1


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = subprocess.run(
        [sys.executable, "-c", "from batchcalls_fuzz.cli import main; main()", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (
        0,
        f"batchcalls-fuzz {version('batchcalls-fuzz')}\n",
    )


def test_options_typer_reads_its_own_way_are_left_to_typer() -> None:
    odd = typer.Typer(add_completion=False)

    @odd.command()
    def shout(word: Annotated[str, typer.Option(parser=str.upper)] = "a") -> None:
        """Shout (typer parses the default too)."""

    @odd.command()
    def scale(
        level: Annotated[int, typer.Option(min=0, max=5, clamp=True)] = 0,
        ratio: float = 0.5,
    ) -> None:
        """Scale."""

    @odd.command()
    def repeat(times: int = 1) -> None:
        """Repeat."""

    group: Any = typer.main.get_command(odd)
    assert parse_plain(group.commands["shout"], []) is None
    for args in ([], ["--level", "1"], ["--ratio", "1"]):
        assert parse_plain(group.commands["scale"], args) is None
    repeat_command = group.commands["repeat"]
    assert parse_plain(repeat_command, ["--times", "2"]) == {"times": 2}
    assert typer_reads(repeat_command, ["--times", "2"]) == {"times": 2}
