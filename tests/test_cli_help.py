"""Every command's --help reads well in an 80-column terminal."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from batchcalls_fuzz.cli import app

COMMANDS = [command.name or "" for command in typer.main.get_command(app).commands.values()]


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80"}, color=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_80_columns(command: str) -> None:
    text = _help(*filter(None, [command]))
    too_long = [line for line in text.splitlines() if len(line) > 80]
    assert not too_long


@pytest.mark.parametrize("command", COMMANDS)
def test_examples_stand_whole_on_their_lines(command: str) -> None:
    written = typer.main.get_command(app).commands[command].help or ""
    examples = [line.strip() for line in written.splitlines() if "batchcalls-fuzz " in line]
    assert examples, f"{command} --help shows no example"
    shown = {line.strip() for line in _help(command).splitlines()}
    assert set(examples) <= shown


def test_the_command_list_is_not_truncated() -> None:
    listing = _help().split("Commands:")[1]
    assert "..." not in listing
    assert set(COMMANDS) <= {line.split()[0] for line in listing.splitlines() if line.strip()}
