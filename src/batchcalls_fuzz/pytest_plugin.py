"""The pytest plugin (entry point ``pytest11``): fixtures, a corpus marker and options.

Importing it costs nothing noticeable: it imports only pytest, and loads schemas, Hypothesis
strategies and corpora when a fixture or the marker is used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Captures the interpreter's recursion limit now, before any test runs under Hypothesis'
# raised one: consumers are called under it.
from batchcalls_fuzz.consumer import conditions as _conditions  # noqa: F401

CORPUS_MARKER = "batchcalls_corpus"
STATISTICS = "batchcalls-fuzz statistics"
KINDS = ("valid", "invalid", "malformed")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("batchcalls", "batchcalls-fuzz: BatchCallsResponse test data")
    group.addoption(
        "--batchcalls-seed",
        type=int,
        default=None,
        help="Seed of the batchcalls fixtures (default 0) and of fuzz_consumer's generate "
        "phase (default: random, printed with a failure).",
    )
    group.addoption(
        "--batchcalls-max-examples",
        type=int,
        default=200,
        help="Examples per batchcalls_fuzz_consumer run (default 200).",
    )
    group.addoption(
        "--batchcalls-profile",
        default="schema",
        choices=("schema", "realistic", "adversarial"),
        help="Profile of generated documents (default schema).",
    )
    group.addoption(
        "--batchcalls-dialect",
        default="jsonschema",
        choices=("jsonschema", "structure"),
        help="Bundled schema to generate from (default jsonschema).",
    )
    group.addoption(
        "--batchcalls-corpus",
        default=None,
        help="Corpus folder for @pytest.mark.batchcalls_corpus without a path.",
    )
    group.addoption(
        "--batchcalls-phases",
        default=None,
        help="fuzz_consumer's phases, comma-separated: explicit, coverage, generate (default all).",
    )
    group.addoption(
        "--batchcalls-report",
        action="store_true",
        help="fuzz_consumer runs every phase to the end and reports every distinct breach.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{CORPUS_MARKER}(path=None, kinds=('valid', 'invalid', 'malformed')): run the test "
        "once per file of a batchcalls-fuzz corpus; the `batchcalls_case` fixture holds it.",
    )


@dataclass(frozen=True)
class CorpusCase:
    """One corpus input: its kind, bytes, manifest label and file."""

    kind: str
    payload: bytes
    label: dict[str, Any] | None
    path: Path

    @property
    def document(self) -> Any:
        return json.loads(self.payload)

    @property
    def id(self) -> str:
        short = self.path.name[:8]
        if self.kind == "invalid" and self.label:
            return f"invalid-{self.label['rule']}-{self.label['pointer']}-{short}"
        if self.kind == "malformed" and self.label:
            return f"malformed-{self.label['defect']}-{short}"
        return f"valid-{short}"


def _bundled_corpus() -> Path:
    from importlib import resources

    return Path(str(resources.files("batchcalls_fuzz.corpora")))


def load_corpus(folder: Path, kinds: tuple[str, ...] = KINDS) -> list[CorpusCase]:
    """The cases of a corpus folder written by ``batchcalls-fuzz corpus``, from its manifests."""
    from .export.layout import CorpusError, listed_path
    from .export.manifest import manifests, records

    found = manifests(folder)
    if not found:
        raise pytest.UsageError(f"{CORPUS_MARKER}: no corpus manifest in {folder}")
    cases: dict[str, CorpusCase] = {}
    try:
        for manifest in found:
            for where, record in records(manifest):
                if record["kind"] in kinds and record.get("encoding") is None:
                    path = listed_path(folder, record["file"], where)
                    cases.setdefault(
                        record["file"],
                        CorpusCase(record["kind"], path.read_bytes(), record.get("label"), path),
                    )
    except (CorpusError, OSError) as error:
        raise pytest.UsageError(f"{CORPUS_MARKER}: {folder}: {error}") from None
    return list(cases.values())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marker = metafunc.definition.get_closest_marker(CORPUS_MARKER)
    if marker is None:
        return
    if "batchcalls_case" not in metafunc.fixturenames:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid}: @{CORPUS_MARKER} needs the `batchcalls_case` fixture"
        )
    path = marker.kwargs.get("path", marker.args[0] if marker.args else None)
    kinds = tuple(marker.kwargs.get("kinds", KINDS))
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise pytest.UsageError(f"{CORPUS_MARKER}: unknown kinds {sorted(unknown)}")
    option = metafunc.config.getoption("--batchcalls-corpus")
    folder = Path(path) if path else Path(option) if option else _bundled_corpus()
    cases = load_corpus(folder, kinds)
    metafunc.parametrize("batchcalls_case", cases, ids=[c.id for c in cases])


@pytest.fixture
def batchcalls_case(request: pytest.FixtureRequest) -> CorpusCase:
    """The corpus input of this run of a ``@pytest.mark.batchcalls_corpus`` test."""
    if not hasattr(request, "param"):
        raise pytest.UsageError(f"batchcalls_case goes with @pytest.mark.{CORPUS_MARKER}")
    case: CorpusCase = request.param
    return case


def _options(config: pytest.Config) -> dict[str, Any]:
    return {
        "seed": config.getoption("--batchcalls-seed"),
        "profile": config.getoption("--batchcalls-profile"),
        "dialect": config.getoption("--batchcalls-dialect"),
        "max_examples": config.getoption("--batchcalls-max-examples"),
    }


def _fuzz_options(config: pytest.Config) -> dict[str, Any]:
    """fuzz_consumer's options from the command line: only those given, bar the defaults of
    the other fixtures."""
    options = _options(config)
    phases = config.getoption("--batchcalls-phases")
    if phases is not None:
        options["phases"] = [p.strip() for p in phases.split(",") if p.strip()]
    if config.getoption("--batchcalls-report"):
        options["report"] = True
    return options


def _one(request: pytest.FixtureRequest, kind: str) -> Any:
    from batchcalls_fuzz.derive import bulk, sampling
    from batchcalls_fuzz.strategies import bundled_schema, resolve_profile

    options = _options(request.config)
    root = bundled_schema(options["dialect"]).root
    profile = resolve_profile(options["profile"], root)
    make = sampling.generator(kind, root, options["dialect"], profile)
    # Per test id and seed, whichever worker (xdist) runs it.
    seed = options["seed"] or 0
    key = hashlib.sha256(f"{seed}:{request.node.nodeid}".encode()).hexdigest()
    return bulk.draw_at(make, key, 0)


@pytest.fixture
def batchcalls_response(request: pytest.FixtureRequest) -> Any:
    """One valid BatchCallsResponse document, the same for the same test id and seed."""
    return _one(request, "valid")


@pytest.fixture
def batchcalls_invalid(request: pytest.FixtureRequest) -> Any:
    """One ``Invalid`` (``.document``, ``.violation``), the same for the same test id and seed."""
    return _one(request, "invalid")


class BatchCallsStrategies:
    """The strategy functions, with the dialect and profile of the command line as defaults."""

    def __init__(self, dialect: str, profile: str) -> None:
        self.dialect = dialect
        self.profile = profile

    def valid_responses(self, **kwargs: Any) -> Any:
        from batchcalls_fuzz.strategies import valid_responses

        kwargs.setdefault("profile", self.profile)
        return valid_responses(kwargs.pop("dialect", self.dialect), **kwargs)

    def invalid_responses(self, **kwargs: Any) -> Any:
        from batchcalls_fuzz.strategies import invalid_responses

        kwargs.setdefault("profile", self.profile)
        return invalid_responses(kwargs.pop("dialect", self.dialect), **kwargs)

    def malformed_payloads(self, **kwargs: Any) -> Any:
        from batchcalls_fuzz.strategies import malformed_payloads

        return malformed_payloads(kwargs.pop("dialect", self.dialect), **kwargs)


@pytest.fixture
def batchcalls_strategies(request: pytest.FixtureRequest) -> BatchCallsStrategies:
    """Strategy functions configured by --batchcalls-dialect and --batchcalls-profile."""
    options = _options(request.config)
    return BatchCallsStrategies(options["dialect"], options["profile"])


@pytest.fixture
def batchcalls_fuzz_consumer(request: pytest.FixtureRequest) -> Any:
    """``fuzz_consumer`` with the seed, examples, profile, dialect, phases and report of the
    command line."""
    from batchcalls_fuzz import fuzz_consumer

    options = _fuzz_options(request.config)

    def fuzz(consumer: Any, **kwargs: Any) -> Any:
        from batchcalls_fuzz.consumer import fuzz as machinery

        for name, value in options.items():
            kwargs.setdefault(name, value)
        try:
            return fuzz_consumer(consumer, **kwargs)
        finally:
            request.node.user_properties.append((STATISTICS, machinery.LAST_RUN.describe()))

    return fuzz


@pytest.fixture
def batchcalls_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A mock of HubSpot's calls batch endpoint on a free loopback port, for this test:
    ``.url`` (base URL), ``.served`` (log records of the answers so far), ``.queue(...)``
    (``queue(kind="invalid", rule="required")``, ``queue(fault="429")``), ``.log`` (the
    JSON Lines file). Seed, profile and dialect come from the command line."""
    from batchcalls_fuzz.consumer.http.endpoint import Endpoint
    from batchcalls_fuzz.consumer.http.plan import ResponsePlan
    from batchcalls_fuzz.server import RunningServer
    from batchcalls_fuzz.strategies import bundled_schema, resolve_profile

    options = _options(request.config)
    schema = bundled_schema(options["dialect"])
    plan = ResponsePlan(
        schema, profile=resolve_profile(options["profile"], schema.root), seed=options["seed"] or 0
    )
    log = tmp_path / "batchcalls-server.jsonl"
    with (
        log.open("a", encoding="utf-8") as sink,
        RunningServer(Endpoint(plan, sink), drip_seconds=5.0, log=log) as running,
    ):
        yield running


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """With --hypothesis-show-statistics: what each fuzz_consumer run generated (Hypothesis
    itself reports the statistics of ``@given`` tests only)."""
    if not config.getoption("--hypothesis-show-statistics", default=False):
        return
    found = [
        (report.nodeid, text)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, text in getattr(report, "user_properties", ())
        if name == STATISTICS
    ]
    if not found:
        return
    terminalreporter.section("batchcalls-fuzz statistics (fuzz_consumer runs)")
    for nodeid, text in found:
        terminalreporter.write_line(f"{nodeid}:")
        terminalreporter.write_line(text)
