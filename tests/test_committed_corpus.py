"""The seed corpus committed in corpora/: every file is what its manifest label says."""

from __future__ import annotations

import re
from pathlib import Path

from batchcalls_fuzz.export.dictionary import render
from batchcalls_fuzz.export.validate import check_manifest
from batchcalls_fuzz.strategies import bundled_oracle, bundled_schema

CORPORA = Path(__file__).parent.parent / "corpora"


def test_every_committed_file_matches_its_label() -> None:
    files = [p for p in (CORPORA / "seeds").rglob("*") if p.is_file()]
    assert len(files) >= 300 and all(len(p.name) == 40 for p in files)
    assert {p.parent.name for p in files} == {"valid", "invalid", "malformed"}
    assert list(check_manifest(bundled_oracle(), CORPORA)) == []


def test_the_committed_dictionary_is_current() -> None:
    assert (CORPORA / "batchcalls.dict").read_text() == render(bundled_schema().root)


def test_readme_counts_the_committed_inputs() -> None:
    readme = (CORPORA.parent / "README.md").read_text()
    quoted = re.search(r"holds a committed seed corpus \((\d+) inputs", readme)
    listed = (CORPORA / ".batchcalls" / "manifest.jsonl").read_text().splitlines()
    assert quoted is not None and int(quoted.group(1)) == len(listed)
