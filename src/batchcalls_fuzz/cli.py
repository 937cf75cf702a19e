"""The ``batchcalls-fuzz`` command.

Bad input of any kind ends with one line on stderr, ``batchcalls-fuzz: error: ...``, and exit
code 2; output goes to stdout so that it pipes.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, NoReturn

import typer

from .errors import BatchCallsFuzzError

PROGRAM = "batchcalls-fuzz"

app = typer.Typer(
    name=PROGRAM,
    help="Valid, invalid and malformed HubSpot BatchCallsResponse payloads for tests and fuzzers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


class DialectChoice(str, Enum):
    jsonschema = "jsonschema"
    structure = "structure"


@app.callback()
def root() -> None:
    """Valid, invalid and malformed HubSpot BatchCallsResponse payloads for tests and fuzzers."""


def fail(message: str) -> NoReturn:
    typer.echo(f"{PROGRAM}: error: {message}", err=True)
    raise SystemExit(2)


class ProfileChoice(str, Enum):
    schema = "schema"
    realistic = "realistic"
    adversarial = "adversarial"


class KindChoice(str, Enum):
    valid = "valid"
    invalid = "invalid"
    malformed = "malformed"


@app.command()
def sample(
    count: Annotated[int, typer.Option(min=0, help="How many documents to write.")] = 3,
    seed: Annotated[int, typer.Option(help="Same seed, same output, byte for byte.")] = 0,
    kind: Annotated[KindChoice, typer.Option(help="What to write.")] = KindChoice.valid,
    dialect: Annotated[
        DialectChoice, typer.Option(help="Which bundled schema the documents come from.")
    ] = DialectChoice.jsonschema,
    profile: Annotated[
        ProfileChoice,
        typer.Option(help="schema: the whole valid space; realistic: HubSpot-like; adversarial."),
    ] = ProfileChoice.schema,
    rule: Annotated[
        list[str] | None,
        typer.Option(help="With --kind invalid: only this rule (repeatable), e.g. required."),
    ] = None,
    pointer: Annotated[
        list[str] | None,
        typer.Option(help="With --kind invalid: only places matching, e.g. /results/*/id."),
    ] = None,
    labels: Annotated[
        bool,
        typer.Option(help="Wrap each line as {label, document} (malformed: base64 payload)."),
    ] = False,
    pretty: Annotated[bool, typer.Option(help="Indent each document (not JSON Lines).")] = False,
) -> None:
    """Write COUNT documents to stdout, one per line (JSON Lines).

    Without --labels each line is exactly what a consumer would receive; malformed payloads
    are written raw, one per line, so they may span lines (use the corpus export for files).

    Examples:

      batchcalls-fuzz sample --count 1000 --seed 7 > sample.jsonl

      batchcalls-fuzz sample --kind invalid --rule format.date-time --labels --count 5
    """
    from . import sampling

    if kind is not KindChoice.invalid and (rule or pointer):
        fail("--rule and --pointer go with --kind invalid")
    items = sampling.draw(
        kind.value,
        seed,
        count,
        dialect=dialect.value,
        profile=profile.value,
        rules=rule,
        pointers=pointer,
    )
    out = sys.stdout.buffer
    for item in items:
        out.write(sampling.line(item, labels=labels, pretty=pretty) + b"\n")
    out.flush()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every usage or input error into one line and exit 2."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name=PROGRAM, standalone_mode=False)
    except BatchCallsFuzzError as error:
        fail(str(error))
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of ours. Point stdout at devnull so
        # that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None
    except OSError as error:
        fail(f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""))
    except (KeyboardInterrupt, typer.Abort):
        typer.echo(f"{PROGRAM}: interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as error:
        # Usage errors of typer's command layer (click's, or its vendored copy) carry these.
        if not hasattr(error, "format_message") or not hasattr(error, "exit_code"):
            raise
        if type(error).__name__ == "NoArgsIsHelpError":
            typer.echo(error.format_message())
            raise SystemExit(0) from None
        fail(" ".join(str(error.format_message()).split()))
    raise SystemExit(code if isinstance(code, int) else 0)
