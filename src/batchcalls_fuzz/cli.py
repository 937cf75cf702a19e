"""The ``batchcalls-fuzz`` command.

Bad input of any kind ends with one line on stderr, ``batchcalls-fuzz: error: ...``, and exit
code 2; output goes to stdout so that it pipes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from .errors import BatchCallsFuzzError

if TYPE_CHECKING:
    from .derive.profile import Profile
    from .judge.oracle import Oracle
    from .schema import Schema

PROGRAM = "batchcalls-fuzz"

app = typer.Typer(
    name=PROGRAM,
    help="Valid, invalid and malformed HubSpot BatchCallsResponse payloads for tests and fuzzers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
)


class DialectChoice(str, Enum):
    jsonschema = "jsonschema"
    structure = "structure"


SchemaOption = Annotated[
    Path | None,
    typer.Option(
        "--schema",
        help="A JSON Schema 2020-12 or JSON Structure file to use instead of the bundled "
        "BatchCallsResponse (dialect read from $schema).",
        dir_okay=False,
    ),
]


def _schema(path: Path | None, dialect: DialectChoice) -> Schema:
    """The user's schema where --schema names one, else the bundled one of ``dialect``."""
    if path is not None:
        from .schema import load_schema

        return load_schema(path)
    from .strategies import bundled_schema

    return bundled_schema(dialect.value)


def _profile(name: str, schema: Schema) -> Profile:
    from .strategies import resolve_profile

    return resolve_profile(name, schema.root)


def _oracle(paths: Sequence[Path]) -> Oracle:
    """An oracle for the user's schema files, or for the bundled schema in both dialects."""
    from .judge.oracle import Oracle

    if not paths:
        from .strategies import bundled_oracle

        return bundled_oracle()
    schemas = {
        schema.dialect: schema for schema in (_schema(p, DialectChoice.jsonschema) for p in paths)
    }
    if len(schemas) < len(paths):
        fail("give at most one --schema of each dialect")
    return Oracle({dialect: schema.document for dialect, schema in schemas.items()})


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
    schema: SchemaOption = None,
    jobs: Annotated[int, typer.Option(min=1, help="Worker processes (same output).")] = 1,
    show_source: Annotated[
        bool,
        typer.Option(help="Print the Python source of the compiled generator and stop."),
    ] = False,
) -> None:
    """Write COUNT documents to stdout, one per line (JSON Lines).

    Without --labels each line is exactly what a consumer would receive; malformed payloads
    are written raw, one per line, so they may span lines (use the corpus export for files).

    Examples:

      batchcalls-fuzz sample --count 1000 --seed 7 > sample.jsonl

      batchcalls-fuzz sample --kind invalid --rule format.date-time --labels --count 5
    """
    from .derive import sampling

    if kind is not KindChoice.invalid and (rule or pointer):
        fail("--rule and --pointer go with --kind invalid")
    model = _schema(schema, dialect)
    if show_source:
        typer.echo(sampling.source(model.root, _profile(profile.value, model)), nl=False)
        return
    out = sys.stdout.buffer
    for chunk in sampling.lines(
        kind.value,
        seed,
        count,
        model.root,
        dialect=model.dialect,
        profile=_profile(profile.value, model),
        rules=rule,
        pointers=pointer,
        labels=labels,
        pretty=pretty,
        jobs=jobs,
    ):
        out.write(chunk)
    out.flush()


class FormatChoice(str, Enum):
    dir = "dir"
    zip = "zip"
    jsonl = "jsonl"


def _terminate_as_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command()
def corpus(
    out: Annotated[Path, typer.Argument(help="Folder to write the corpus into.")],
    count: Annotated[int, typer.Option(min=0, help="Inputs of each kind.")] = 100,
    seed: Annotated[int, typer.Option(help="Same seed, same corpus.")] = 0,
    kind: Annotated[
        list[KindChoice] | None, typer.Option(help="Kinds to write (repeatable; default all).")
    ] = None,
    profile: Annotated[ProfileChoice, typer.Option(help="Profile of the documents.")] = (
        ProfileChoice.schema
    ),
    dialect: Annotated[DialectChoice, typer.Option(help="Bundled schema.")] = (
        DialectChoice.jsonschema
    ),
    format: Annotated[
        FormatChoice,
        typer.Option(help="dir: a folder per kind; zip: NAME_seed_corpus.zip; jsonl: per kind."),
    ] = FormatChoice.dir,
    name: Annotated[str, typer.Option(help="Fuzzer name for --format zip.")] = "batchcalls",
    coverage: Annotated[bool, typer.Option(help="Add the deterministic coverage set.")] = False,
    atheris_unicode: Annotated[
        bool,
        typer.Option(help="Write inputs for atheris harnesses that read ConsumeUnicode."),
    ] = False,
    jobs: Annotated[int, typer.Option(min=1, help="Worker processes (same output).")] = 1,
    shard: Annotated[str, typer.Option(help="K/N: write only part K of N.")] = "1/1",
    clean: Annotated[
        bool, typer.Option(help="First remove what an earlier export wrote here.")
    ] = False,
    schema: SchemaOption = None,
) -> None:
    """Write a seed corpus for libFuzzer, AFL++, atheris or OSS-Fuzz.

    Files are named by the SHA-1 of their bytes; manifest.jsonl maps each to its label.

    Examples:

      batchcalls-fuzz corpus corpus/ --count 1000 --jobs 2

      batchcalls-fuzz corpus out/ --format zip --name calls_parser --coverage
    """
    import signal

    from rich.progress import Progress

    from .export.corpus import CorpusSpec, Shard, write_corpus
    from .strategies import resolve_profile

    model = _schema(schema, dialect)
    _profile(profile.value, model)  # a bad profile fails here, before any file is written
    spec = CorpusSpec(
        count=count,
        schema=model,
        seed=seed,
        kinds=tuple(k.value for k in kind) if kind else ("valid", "invalid", "malformed"),
        profile=profile.value,
        profiles=resolve_profile,
        shard=Shard.parse(shard),
        coverage=coverage,
        atheris_unicode=atheris_unicode,
    )
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    show = sys.stderr.isatty()
    with Progress(console=_stderr_console(), disable=not show, transient=True) as progress:
        task = progress.add_task("writing corpus", total=spec.total)
        try:
            report = write_corpus(
                out,
                spec,
                fmt=format.value,
                name=name,
                jobs=jobs,
                clean=clean,
                progress=lambda n: progress.advance(task, n),
            )
        except KeyboardInterrupt as interrupt:
            done = interrupt.args[1] if len(interrupt.args) > 1 else None
            typer.echo(
                f"{PROGRAM}: interrupted: {done or 'nothing written'}; "
                "the manifest lists what was written",
                err=True,
            )
            raise SystemExit(130) from None
    typer.echo(f"{out}: {report}", err=True)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@app.command("dict")
def dictionary(
    dialect: Annotated[DialectChoice, typer.Option(help="Bundled schema.")] = (
        DialectChoice.jsonschema
    ),
    schema: SchemaOption = None,
) -> None:
    """Write a libFuzzer / AFL++ dictionary (-dict= / -x) derived from the schema.

    Example: batchcalls-fuzz dict > batchcalls.dict
    """
    from .export.dictionary import render

    sys.stdout.write(render(_schema(schema, dialect).root))


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or .jsonl files.")],
    dialect: Annotated[
        list[DialectChoice] | None, typer.Option(help="Validators to use (default both).")
    ] = None,
    expect_labels: Annotated[
        bool, typer.Option(help="Check each corpus file against its manifest label.")
    ] = False,
    schema: Annotated[
        list[Path] | None,
        typer.Option(
            "--schema",
            help="Schema files to validate against, at most one per dialect (default: the "
            "bundled BatchCallsResponse in both).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Check documents with the oracle; exit 1 if any is invalid (or mislabelled).

    Examples:

      batchcalls-fuzz validate sample.jsonl

      batchcalls-fuzz validate corpus/ --expect-labels
    """
    from .export.validate import check_documents, check_manifest

    oracle = _oracle(schema or [])
    if expect_labels:
        failures = [f for path in paths for f in check_manifest(oracle, path)]
    else:
        dialects = [d.value for d in dialect] if dialect else None
        failures = list(check_documents(oracle, paths, dialects))
    for failure in failures:
        typer.echo(str(failure))
    if failures:
        raise SystemExit(1)


@app.command()
def diff(
    examples: Annotated[int, typer.Option(min=0, help="Hypothesis search budget.")] = 2000,
    schema: Annotated[
        list[Path] | None,
        typer.Option(
            "--schema",
            help="The same schema in both dialects: two files (default: the bundled ones).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Find documents on which the two dialects' validators disagree; print the shortest of
    each kind with each side's verdict (and this package's reading of RFC 3339).

    Example: batchcalls-fuzz diff --examples 5000
    """
    from rich.console import Console

    from .judge.disagreements import probe_base, search

    oracle = _oracle(schema or [])
    if len(oracle.dialects) != 2:
        fail("diff compares two dialects: give one --schema of each")
    first = schema[0] if schema else None
    base = probe_base(_schema(first, DialectChoice.jsonschema).root)
    rows = [
        (
            case.where,
            case.value,
            *("accepts" if case.verdicts[d] else "rejects" for d in ("jsonschema", "structure")),
            "-" if case.rfc3339 is None else ("valid" if case.rfc3339 else "invalid"),
        )
        for case in search(oracle, base, examples)
    ]
    columns = ("place", "value", "jsonschema", "structure", "RFC 3339")
    Console(width=120).print(_table("Where the validators disagree", columns, rows))


@app.command()
def stats(
    path: Annotated[Path, typer.Argument(help="A corpus folder written by `corpus`.")],
) -> None:
    """Show what a corpus covers: rules by place, defects, enum values, optional members,
    sizes.

    Example: batchcalls-fuzz stats corpora/
    """
    from rich.console import Console

    from .export.stats import collect, size_summary
    from .strategies import bundled_schema

    if not path.is_dir():
        fail(f"{path} is not a folder")
    found = collect(path, bundled_schema().root)
    console = Console(width=120)
    console.print(
        _table(
            f"{path}: inputs",
            ("kind", "count", "bytes"),
            [
                (name, str(number), size_summary(found.sizes.get(name, [])))
                for name, number in sorted(found.kinds.items())
            ],
        )
    )
    console.print(
        _table(
            "invalid: rule x place",
            ("rule", "pointer pattern", "count"),
            [(rule, place, str(n)) for (rule, place), n in sorted(found.rules.items())],
        )
    )
    console.print(
        _table(
            "malformed: defects",
            ("defect", "count"),
            [(defect, str(n)) for defect, n in sorted(found.defects.items())],
        )
    )
    presence = [
        (place, "present" if present else "absent", str(n))
        for (place, present), n in sorted(found.optional.items())
    ]
    console.print(
        _table(
            "valid: enum values and optional members",
            ("place", "value / presence", "count"),
            [(place, value, str(n)) for (place, value), n in sorted(found.enum_values.items())]
            + presence,
        )
    )


def _table(title: str, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    return table


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
