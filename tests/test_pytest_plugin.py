"""The pytest plugin, tried the way a consumer project meets it: through pytester."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batchcalls_fuzz import ConsumerContractError, fuzz_consumer
from helpers import errors_of


def test_options_are_one_group_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["batchcalls-fuzz: BatchCallsResponse test data:"])
    for option in ("seed", "max-examples", "profile", "dialect", "corpus", "phases", "report"):
        result.stdout.fnmatch_lines([f"*--batchcalls-{option}*"])


def test_the_marker_is_registered_for_strict_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.batchcalls_corpus(*"])


def _documents_of(pytester: pytest.Pytester, *args: str) -> list[object]:
    out = pytester.path / "out.jsonl"
    pytester.makepyfile(
        f"""
        import json

        def test_one(batchcalls_response):
            with open({str(out)!r}, "a") as f:
                f.write(json.dumps(batchcalls_response) + "\\n")

        def test_two(batchcalls_response):
            with open({str(out)!r}, "a") as f:
                f.write(json.dumps(batchcalls_response) + "\\n")
        """
    )
    pytester.runpytest(*args).assert_outcomes(passed=2)
    documents = [json.loads(line) for line in out.read_text().splitlines()]
    out.unlink()
    return documents


def test_batchcalls_response_is_valid_and_fixed_per_test_id_and_seed(
    pytester: pytest.Pytester,
) -> None:
    first = _documents_of(pytester)
    assert first == _documents_of(pytester)
    assert first[0] != first[1]
    assert _documents_of(pytester, "--batchcalls-seed", "5") != first
    assert all(errors_of(d) == [] for d in first)
    realistic = _documents_of(pytester, "--batchcalls-profile", "realistic")
    assert all(r["properties"]["hs_object_id"] == r["id"] for d in realistic for r in d["results"])


def test_batchcalls_invalid_carries_its_label(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from batchcalls_fuzz.strategies import bundled_oracle

        def test_invalid(batchcalls_invalid):
            label = batchcalls_invalid.violation
            assert label.rule and label.message
            verdicts = bundled_oracle().check(batchcalls_invalid.document)
            assert any(not v.valid for v in verdicts.values())
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)


def test_batchcalls_strategies_follow_the_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from hypothesis import given, settings

        def test_strategies(batchcalls_strategies):
            assert batchcalls_strategies.dialect == "structure"

            @settings(max_examples=20)
            @given(batchcalls_strategies.valid_responses())
            def check(document):
                for result in document["results"]:
                    assert result["properties"]["hs_object_id"] == result["id"]

            check()
        """
    )
    result = pytester.runpytest(
        "--batchcalls-profile", "realistic", "--batchcalls-dialect", "structure"
    )
    result.assert_outcomes(passed=1)


def test_the_corpus_marker_runs_once_per_file_with_readable_ids(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.batchcalls_corpus(kinds=("invalid",))
        def test_each(batchcalls_case):
            assert batchcalls_case.kind == "invalid"
            assert batchcalls_case.label["rule"]
        """
    )
    result = pytester.runpytest("-v", "--strict-markers")
    bundled = Path(__file__).parent.parent / "corpora" / ".batchcalls" / "manifest.jsonl"
    invalid = {
        json.loads(line)["file"]
        for line in bundled.read_text().splitlines()
        if json.loads(line)["kind"] == "invalid"
    }
    result.assert_outcomes(passed=len(invalid))
    result.stdout.fnmatch_lines(["*test_each?invalid-required-/results/*/id-*PASSED*"])


def test_the_corpus_marker_takes_a_path_and_the_option(pytester: pytest.Pytester) -> None:
    from batchcalls_fuzz.export.corpus import CorpusSpec, write_corpus
    from batchcalls_fuzz.strategies import bundled_schema

    corpus = pytester.path / "corpus"
    write_corpus(corpus, CorpusSpec(count=3, schema=bundled_schema(), seed=1))
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.batchcalls_corpus(path={str(corpus)!r}, kinds=("valid", "malformed"))
        def test_path(batchcalls_case):
            assert batchcalls_case.kind in ("valid", "malformed")

        @pytest.mark.batchcalls_corpus
        def test_option(batchcalls_case):
            pass
        """
    )
    result = pytester.runpytest("-v", "--batchcalls-corpus", str(corpus))
    result.assert_outcomes(passed=6 + 9)
    result.stdout.fnmatch_lines(["*test_path?valid-*PASSED*", "*test_path?malformed-*PASSED*"])


CHECKED = """
from batchcalls_fuzz.strategies import bundled_oracle


def problems(body):
    return bundled_oracle().check(body, ["jsonschema"])["jsonschema"].errors
"""

BUGS = {
    "crashes on a valid document with empty results": (
        """
def consumer(body):
    if problems(body):
        raise ValueError("invalid")
    return body["results"][0]["id"]
""",
        'kinds=("valid", "invalid")',
        [
            "*consumer broke its contract: raised IndexError, not one of (ValueError)*",
            "*input: valid document*",
        ],
    ),
    "accepts an unknown status": (
        """
def consumer(body):
    if [e for e in problems(body) if e.keyword != "enum"]:
        raise ValueError("invalid")
    return body
""",
        'kinds=("invalid",)',
        [
            "*consumer broke its contract: invalid input was accepted silently*",
            "*input: invalid enum at /status*",
        ],
    ),
    "raises KeyError on a missing member": (
        """
def consumer(body):
    if not isinstance(body, dict):
        raise ValueError("not an object")
    when = (body["startedAt"], body["completedAt"])
    if problems(body):
        raise ValueError("invalid")
    return when
""",
        # The coverage phase removes every required member once: certain, at any budget.
        'kinds=("invalid",), max_examples=1',
        [
            "*consumer broke its contract: raised KeyError, not one of (ValueError)*",
            "*input: invalid required at /*",
        ],
    ),
}


@pytest.mark.parametrize("bug", BUGS)
def test_a_planted_bug_is_reported_in_one_readable_message(
    pytester: pytest.Pytester, bug: str
) -> None:
    source, arguments, lines = BUGS[bug]
    pytester.makepyfile(
        CHECKED
        + source
        + """
def test_consumer(batchcalls_fuzz_consumer):
    batchcalls_fuzz_consumer(consumer, ARGUMENTS)
""".replace("ARGUMENTS", arguments)
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(lines)


def test_a_hang_on_deep_nesting_is_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import json

        def consumer(text):
            if text.count("[") > 1000 or text.count("{") > 1000:
                while True:
                    pass
            return json.loads(text)

        def test_consumer(batchcalls_fuzz_consumer):
            batchcalls_fuzz_consumer(
                consumer,
                input="text",
                kinds=("malformed",),
                deadline=0.2,
                tolerate=("invalid-json", "json-edge"),
            )
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*no answer within 0.2 s (hang?)*", "*input: malformed deep-nesting-*"]
    )


def test_a_correct_consumer_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        CHECKED
        + """
def consumer(body):
    if problems(body):
        raise ValueError("invalid")
    return body


def test_consumer(batchcalls_fuzz_consumer):
    batchcalls_fuzz_consumer(consumer, kinds=("valid", "invalid"), max_examples=100)
"""
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_statistics_show_which_rules_and_defects_were_exercised(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        from hypothesis import given, settings
        from batchcalls_fuzz.strategies import invalid_responses, malformed_payloads

        @settings(max_examples=100)
        @given(invalid_responses())
        def test_invalid(invalid):
            pass

        @settings(max_examples=100)
        @given(malformed_payloads())
        def test_malformed(malformed):
            pass
        """
    )
    result = pytester.runpytest("--hypothesis-show-statistics")
    result.assert_outcomes(passed=2)
    # Which rules a hundred draws meet varies; that their events are shown does not.
    result.stdout.fnmatch_lines(["*invalid * (*)*", "*malformed *"])


@pytest.mark.parametrize(
    "kwargs",
    [{"input": "xml"}, {"rejects": "ValueError"}, {"max_examples": 0}, {"kinds": ("weird",)},
     {"kinds": ("malformed",)}, {"deadline": 0}],
)  # fmt: skip
def test_bad_fuzz_consumer_arguments_are_invalid_argument(kwargs: dict[str, object]) -> None:
    from hypothesis.errors import InvalidArgument

    with pytest.raises(InvalidArgument):
        fuzz_consumer(lambda body: body, **kwargs)  # type: ignore[arg-type]


def test_fuzz_consumer_takes_bytes_and_finds_a_crash() -> None:
    def consumer(data: bytes) -> object:
        return json.loads(data)["status"]  # TypeError on a list, KeyError on a missing status

    with pytest.raises(ConsumerContractError, match="consumer broke its contract"):
        fuzz_consumer(consumer, input="bytes", max_examples=300, seed=1)


def test_the_readme_example_runs_as_written_and_fails_as_described(
    pytester: pytest.Pytester,
) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Fuzz your consumer in five lines")[1]
    code = section.split("```python\n")[1].split("```")[0]
    pytester.makepyfile(code)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    after = section.split("```python\n")[1].split("```", 1)[1]
    quoted = after.split("```\n", 1)[1].split("```")[0].splitlines()
    result.stdout.fnmatch_lines([f"*{quoted[0]}*", f"*{quoted[1]}*", f"*{quoted[3]}*"])


def test_fixtures_are_the_same_under_xdist(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    alone = _documents_of(pytester, "-p", "no:xdist")
    spread = _documents_of(pytester, "-n", "2")
    assert sorted(map(json.dumps, alone)) == sorted(map(json.dumps, spread))
