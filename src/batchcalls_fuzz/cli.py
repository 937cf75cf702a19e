"""The ``batchcalls-fuzz`` command.

Bad input of any kind ends with one line on stderr, ``batchcalls-fuzz: error: ...``, and exit
code 2; output goes to stdout so that it pipes.
"""

# No ``from __future__ import annotations``: typer reads every command's annotations at each
# start, and evaluated ones cost it a fraction of what strings to evaluate do.

import functools
import os
import sys
import threading
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
        metavar="FILE",
        help="A JSON Schema 2020-12 or JSON Structure document to use instead of the "
        "bundled BatchCallsResponse.",
        dir_okay=False,
    ),
]


def _schema(path: Path | None, dialect: DialectChoice) -> "Schema":
    """The user's schema where --schema names one, else the bundled one of ``dialect``."""
    if path is not None:
        from .schema import load_schema

        return load_schema(path)
    from .strategies import bundled_schema

    return bundled_schema(dialect.value)


def _profile(name: str, schema: "Schema") -> "Profile":
    from .strategies import resolve_profile

    profile = resolve_profile(name, schema.root)
    missing = profile.missing_paths(schema.root)
    if missing:
        fail(f"the {name} profile does not fit this schema: it has no {', '.join(missing)}")
    return profile


def _oracle(paths: Sequence[Path]) -> "Oracle":
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


def _show_version(wanted: bool) -> None:
    if wanted:
        from . import __version__  # reads the installed metadata: only when asked

        typer.echo(f"{PROGRAM} {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_show_version,
            show_default=False,
            help="Print the version and stop.",
        ),
    ] = False,
) -> None:
    """Valid, invalid and malformed HubSpot BatchCallsResponse payloads for tests and fuzzers."""


def fail(message: str) -> NoReturn:
    typer.echo(f"{PROGRAM}: error: {message}", err=True)
    raise SystemExit(2)


class ProfileChoice(str, Enum):
    schema = "schema"
    realistic = "realistic"
    adversarial = "adversarial"


ProfileOption = Annotated[ProfileChoice, typer.Option(help="Profile of the documents.")]
DialectOption = Annotated[DialectChoice, typer.Option(help="Bundled schema.")]


class KindChoice(str, Enum):
    valid = "valid"
    invalid = "invalid"
    malformed = "malformed"


@app.command(short_help="Write documents to stdout as JSON Lines.")
def sample(
    count: Annotated[
        int, typer.Option(min=0, metavar="N", help="How many documents to write.")
    ] = 3,
    seed: Annotated[
        int, typer.Option(metavar="SEED", help="Same seed, same output, byte for byte.")
    ] = 0,
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
        typer.Option(
            metavar="RULE", help="With --kind invalid: only this rule (repeatable), e.g. required."
        ),
    ] = None,
    pointer: Annotated[
        list[str] | None,
        typer.Option(
            metavar="POINTER", help="With --kind invalid: only places matching, e.g. /results/*/id."
        ),
    ] = None,
    labels: Annotated[
        bool,
        typer.Option(
            "--labels",
            show_default=False,
            help="Wrap each line as {label, document} (malformed: base64 payload).",
        ),
    ] = False,
    pretty: Annotated[
        bool,
        typer.Option("--pretty", show_default=False, help="Indent each document (not JSON Lines)."),
    ] = False,
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

    \b
    batchcalls-fuzz sample --count 1000 --seed 7 > sample.jsonl
    batchcalls-fuzz sample --kind invalid --rule format.date-time --labels
    """
    from .derive import sampling

    if kind is not KindChoice.invalid and (rule or pointer):
        fail("--rule and --pointer go with --kind invalid")
    if sys.stdout is None:
        fail("stdout is closed")
    model = _schema(schema, dialect)
    if show_source:
        typer.echo(sampling.source(model.root, _profile(profile.value, model)), nl=False)
        return
    if profile is ProfileChoice.schema and schema is None and sys.stderr.isatty():
        typer.echo(
            f"{PROGRAM}: the schema profile: the whole valid space, hostile member names and "
            "values included, for fuzzing; --profile realistic --pretty shows HubSpot-like "
            "documents",
            err=True,
        )
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


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM outside an export's writing: typer turns a KeyboardInterrupt into a
    silent exit 130, this one reaches ``main``, which says so."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


@app.command(short_help="Write a seed corpus for fuzzers.")
def corpus(
    out: Annotated[
        Path,
        typer.Argument(metavar="OUT", help="Folder to write the corpus into.", show_default=False),
    ],
    count: Annotated[int, typer.Option(min=0, metavar="N", help="Inputs of each kind.")] = 100,
    seed: Annotated[int, typer.Option(metavar="SEED", help="Same seed, same corpus.")] = 0,
    kind: Annotated[
        list[KindChoice] | None,
        typer.Option(metavar="KIND", help="valid, invalid or malformed (repeatable; default all)."),
    ] = None,
    profile: ProfileOption = ProfileChoice.schema,
    dialect: DialectOption = DialectChoice.jsonschema,
    format: Annotated[
        FormatChoice,
        typer.Option(help="dir: a folder per kind; zip: NAME_seed_corpus.zip; jsonl: per kind."),
    ] = FormatChoice.dir,
    name: Annotated[
        str, typer.Option(metavar="NAME", help="Fuzzer name for --format zip.")
    ] = "batchcalls",
    coverage: Annotated[
        bool,
        typer.Option("--coverage", show_default=False, help="Add the deterministic coverage set."),
    ] = False,
    atheris_unicode: Annotated[
        bool,
        typer.Option(
            "--atheris-unicode",
            show_default=False,
            help="Write inputs for atheris harnesses that read ConsumeUnicode.",
        ),
    ] = False,
    jobs: Annotated[
        int, typer.Option(min=1, metavar="N", help="Worker processes (same output).")
    ] = 1,
    shard: Annotated[str, typer.Option(metavar="K/N", help="Write only part K of N.")] = "1/1",
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            show_default=False,
            help="First remove the files an earlier export listed (and not changed).",
        ),
    ] = False,
    schema: SchemaOption = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(min=1, metavar="N", help="Leave out inputs longer than this many bytes."),
    ] = None,
    minimize: Annotated[
        bool,
        typer.Option(
            "--minimize",
            show_default=False,
            help="Keep a small set covering every schema feature the full set covers.",
        ),
    ] = False,
) -> None:
    """Write a seed corpus for libFuzzer, AFL++, atheris or OSS-Fuzz.

    Inputs go to OUT/seeds/<kind>/, named by the SHA-1 of their bytes: hand OUT/seeds to the
    fuzzer. OUT/.batchcalls/manifest.jsonl maps each file to its label.

    Examples:

    \b
    batchcalls-fuzz corpus corpus/ --count 1000 --jobs 2
    batchcalls-fuzz corpus out/ --format zip --name calls_parser --coverage
    """

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
        max_bytes=max_bytes,
    )
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
                minimize=minimize,
                progress=lambda n: progress.advance(task, n),
            )
        except KeyboardInterrupt as interrupt:
            done = interrupt.args[1] if len(interrupt.args) > 1 else None
            typer.echo(
                f"{PROGRAM}: interrupted: {done or 'before writing began'}; "
                "the manifest lists what is on disk",
                err=True,
            )
            raise SystemExit(130) from None
    typer.echo(f"{out}: {report}", err=True)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@app.command("dict", short_help="Write a libFuzzer / AFL++ dictionary.")
def dictionary(
    dialect: DialectOption = DialectChoice.jsonschema,
    schema: SchemaOption = None,
) -> None:
    """Write a libFuzzer / AFL++ dictionary (-dict= / -x) derived from the schema.

    Example:

    \b
    batchcalls-fuzz dict > batchcalls.dict
    """
    from .export.dictionary import render

    if sys.stdout is None:
        fail("stdout is closed")
    sys.stdout.write(render(_schema(schema, dialect).root))


@app.command(short_help="Check documents (or a corpus's labels).")
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Files, folders or .jsonl files.", show_default=False),
    ],
    dialect: Annotated[
        list[DialectChoice] | None,
        typer.Option(metavar="DIALECT", help="jsonschema or structure (repeatable; default both)."),
    ] = None,
    expect_labels: Annotated[
        bool,
        typer.Option(
            "--expect-labels",
            show_default=False,
            help="Check each corpus file against its manifest label.",
        ),
    ] = False,
    schema: Annotated[
        list[Path] | None,
        typer.Option(
            "--schema",
            metavar="FILE",
            help="Schema files to validate against, at most one per dialect (default: the "
            "bundled BatchCallsResponse in both).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Check documents with the oracle; exit 1 if any is invalid (or mislabelled).

    Examples:

    \b
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


@app.command(short_help="Where the two dialects' validators disagree.")
def diff(
    examples: Annotated[
        int, typer.Option(min=1, metavar="N", help="Hypothesis search budget.")
    ] = 2000,
    schema: Annotated[
        list[Path] | None,
        typer.Option(
            "--schema",
            metavar="FILE",
            help="The same schema in both dialects: two files (default: the bundled ones).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Find documents on which the two dialects' validators disagree; print the shortest of
    each kind with each side's verdict (and this package's reading of RFC 3339).

    Example:

    \b
    batchcalls-fuzz diff --examples 5000
    """
    from rich.console import Console

    from .judge.disagreements import probe_base, search

    if sys.stdout is None:
        fail("stdout is closed")
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


@app.command(short_help="What a corpus covers.")
def stats(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER", help="A corpus folder written by `corpus`.", show_default=False
        ),
    ],
) -> None:
    """Show what a corpus covers: rules by place, defects, enum values, optional members,
    sizes.

    Example:

    \b
    batchcalls-fuzz stats corpora/
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


@app.command()
def serve(
    host: Annotated[
        str,
        typer.Option(
            metavar="HOST", help="Address to listen on (loopback unless you name another)."
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, metavar="PORT", help="Port; 0 picks a free one.")
    ] = 8000,
    seed: Annotated[
        int, typer.Option(metavar="SEED", help="Same seed, same answers to the same requests.")
    ] = 0,
    profile: ProfileOption = ProfileChoice.schema,
    dialect: DialectOption = DialectChoice.jsonschema,
    mix: Annotated[
        str,
        typer.Option(
            metavar="MIX", help="Share of each kind of answer, e.g. valid=6,invalid=2,fault=1."
        ),
    ] = "valid=6,invalid=2,malformed=1,fault=1",
    log: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Append each answer's label to this JSON Lines file.",
            dir_okay=False,
        ),
    ] = None,
    drip: Annotated[
        float,
        typer.Option(
            min=0.1, metavar="SECONDS", help="Seconds a dripped body trickles before it stops."
        ),
    ] = 30.0,
    schema: SchemaOption = None,
) -> None:
    """Serve a mock HubSpot calls batch endpoint.

    POST /crm/v3/objects/calls/batch/{read,create,update,upsert} is answered with valid,
    invalid and malformed bodies and HTTP faults, as --mix says.

    Each answer carries X-Batchcalls-Seq and X-Batchcalls-Label headers. Stop with Ctrl-C or
    SIGTERM (exit 0, with a line on stderr).

    Example:

    \b
    batchcalls-fuzz serve --port 0 --seed 7 --log answers.jsonl
    """
    from contextlib import nullcontext

    from .consumer.http.endpoint import Endpoint
    from .consumer.http.mix import Mix
    from .consumer.http.plan import ResponsePlan
    from .server import serve_until_signalled

    if not host.strip():
        fail("--host is empty: name an address (127.0.0.1 is the default)")
    chosen_mix = Mix.parse(mix)
    model = _schema(schema, dialect)
    plan = ResponsePlan(model, profile=_profile(profile.value, model), seed=seed, mix=chosen_mix)

    def announce(running: Any) -> None:
        where = f"; log: {log}" if log is not None else ""
        typer.echo(
            f"{PROGRAM}: serving {running.url} (seed {seed}, mix {chosen_mix}){where}", err=True
        )

    with open(log, "a", encoding="utf-8") if log is not None else nullcontext() as sink:
        endpoint = Endpoint(plan, sink)
        stopped_by = serve_until_signalled(endpoint, host, port, drip, announce)
    answers = len(endpoint.served)
    # Stopping is how a server ends: exit 0, with a line saying so and how much it served.
    typer.echo(
        f"{PROGRAM}: stopped by {stopped_by.name} after {answers} "
        f"answer{'' if answers == 1 else 's'}",
        err=True,
    )


class InputChoice(str, Enum):
    dict = "dict"
    text = "text"
    bytes = "bytes"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


@app.command(short_help="Report every contract breach of a consumer.")
def check(
    consumer: Annotated[
        str,
        typer.Argument(metavar="MODULE:FUNCTION", help="The consumer.", show_default=False),
    ],
    input: Annotated[
        InputChoice, typer.Option("--input", help="What the consumer takes.")
    ] = InputChoice.bytes,
    rejects: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TYPE",
            help="Exception type of a clean rejection (repeatable; default ValueError).",
        ),
    ] = None,
    phases: Annotated[
        list[str] | None,
        typer.Option(
            "--phases",
            metavar="PHASE",
            help="explicit, coverage, generate (repeatable, or comma-separated).",
        ),
    ] = None,
    tolerate: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME", help="A rule, rule:variant, defect, kind or disputed:case to tolerate."
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(metavar="SEED", help="Seed of the generate phase (default: random)."),
    ] = None,
    max_examples: Annotated[
        int, typer.Option(min=1, metavar="N", help="Inputs of the generate phase.")
    ] = 200,
    deadline: Annotated[
        float, typer.Option(min=0.001, metavar="SECONDS", help="Seconds per call at most.")
    ] = 2.0,
    dialect: Annotated[
        DialectChoice, typer.Option(help="Which bundled schema the inputs come from.")
    ] = DialectChoice.jsonschema,
    profile: Annotated[
        ProfileChoice, typer.Option(help="Profile of generated documents.")
    ] = ProfileChoice.schema,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="A table, or JSON.")
    ] = ReportFormat.table,
    schema: SchemaOption = None,
) -> None:
    """Run every phase against CONSUMER to the end and report each distinct contract breach.

    Exit code 1 when anything broke, 0 when nothing did.

    Example:

    \b
    batchcalls-fuzz check myapp:parse_batch --input bytes --rejects ValueError
    """
    from contextlib import redirect_stdout

    from hypothesis.errors import InvalidArgument

    from .consumer.fuzz import DEFAULT_TOLERATE, contract_report
    from .consumer.target import exception_types, load_consumer

    model = _schema(schema, dialect)
    chosen = [p for value in phases or [] for p in value.split(",") if p]
    # What the consumer prints goes to stderr, so that stdout holds the report alone.
    try:
        with redirect_stdout(sys.stderr):
            report = contract_report(
                load_consumer(consumer),
                input=input.value,
                rejects=exception_types(rejects or ["ValueError"]),
                tolerate=DEFAULT_TOLERATE if tolerate is None else tolerate,
                max_examples=max_examples,
                deadline=deadline,
                seed=seed,
                schema=model,
                profile=_profile(profile.value, model),
                **({"phases": chosen} if chosen else {}),
            )
    except InvalidArgument as error:
        fail(str(error))
    if format is ReportFormat.json:
        from .serialize import to_json

        typer.echo(to_json(report.to_dict(), pretty=True))
    else:
        from rich.console import Console

        console = Console()
        for table in report.tables():
            console.print(table)
    raise SystemExit(1 if report.broken else 0)


def _table(title: str, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    return table


def _caused_by_interrupt(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (Interrupted, KeyboardInterrupt)):
            return True
        seen = seen.__context__
    return False


COMPLETION_VARIABLE = f"_{PROGRAM}_COMPLETE".replace("-", "_").upper()


class ReaderGone(Exception):
    """stdout's reader went away (``| head``). Not an OSError: typer would end an EPIPE in
    exit 1 without a word, and the reader stopping is not an error of ours."""


def _reader_gone_aware(callback: Any) -> Any:
    @functools.wraps(callback)
    def run(**params: Any) -> Any:
        try:
            result = callback(**params)
            if sys.stdout is not None:  # here, not at the interpreter's exit, out of reach
                sys.stdout.flush()
        except BrokenPipeError as error:
            raise ReaderGone from error
        return result

    return run


def _run(command: Any, args: list[str]) -> Any:
    """Run a command line: one of the plain kind directly (see ``plain_args``), any other
    through typer's own reading."""
    if args and COMPLETION_VARIABLE not in os.environ:
        from .plain_args import parse_plain

        subcommand = command.commands.get(args[0])
        params = None if subcommand is None else parse_plain(subcommand, args[1:])
        if params is not None:
            command.callback()
            return subcommand.callback(**params)
    return command.main(args=args, prog_name=PROGRAM, standalone_mode=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every usage or input error into one line and exit 2."""
    import signal

    command: Any = typer.main.get_command(app)
    for subcommand in command.commands.values():
        subcommand.callback = _reader_gone_aware(subcommand.callback)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        code = _run(command, sys.argv[1:] if argv is None else argv)
    except BatchCallsFuzzError as error:
        fail(str(error))
    except (BrokenPipeError, ReaderGone):
        # The reader went away (``| head``): end quietly with 0, as with nothing left to
        # write, so that a pipeline under ``set -o pipefail`` succeeds. Point stdout at
        # devnull so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None
    except OSError as error:
        fail(f"{error.strerror or error}" + (f": {error.filename}" if error.filename else ""))
    except (Interrupted, KeyboardInterrupt, typer.Abort):
        typer.echo(f"{PROGRAM}: interrupted", err=True)
        raise SystemExit(130) from None
    except Exception as error:
        if _caused_by_interrupt(error):
            # The interrupt reached code (Hypothesis' engine) that failed while handling it.
            typer.echo(f"{PROGRAM}: interrupted", err=True)
            raise SystemExit(130) from None
        # Usage errors of typer's command layer (click's, or its vendored copy) carry these.
        if not hasattr(error, "format_message") or not hasattr(error, "exit_code"):
            raise
        if type(error).__name__ == "NoArgsIsHelpError":
            typer.echo(error.format_message())
            raise SystemExit(0) from None
        fail(" ".join(str(error.format_message()).split()))
    raise SystemExit(code if isinstance(code, int) else 0)
