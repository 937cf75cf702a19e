"""``batchcalls-fuzz validate``: documents on disk checked by the oracle, or a corpus checked
against its manifest."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..judge.labels import label_problems, python_json_kind
from ..judge.oracle import Oracle
from .layout import STATE, listed_path
from .manifest import manifests, records, sha1_of


@dataclass(frozen=True)
class Failure:
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def documents(paths: Sequence[Path]) -> Iterator[tuple[str, bytes]]:
    """(where, bytes) for each file, each file below a folder, each line of a .jsonl file."""
    for path in paths:
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(".")
                and STATE not in p.relative_to(path).parts
            )  # fmt: skip
        elif path.exists():
            files = [path]
        else:
            raise FileNotFoundError(2, "No such file or folder", str(path))
        for file in files:
            if file.suffix == ".jsonl":
                with open(file, "rb") as lines:
                    for number, line in enumerate(lines, 1):
                        if line.strip():
                            yield f"{file}:{number}", line.rstrip(b"\n")
            else:
                yield str(file), file.read_bytes()


def check_documents(
    oracle: Oracle, paths: Sequence[Path], dialects: Sequence[str] | None = None
) -> Iterator[Failure]:
    for where, payload in documents(paths):
        try:
            document = json.loads(payload)
        except (ValueError, RecursionError) as problem:
            yield Failure(where, f"not JSON ({type(problem).__name__}: {problem})")
            continue
        for dialect, verdict in oracle.check(document, dialects).items():
            for error in verdict.errors:
                yield Failure(
                    where, f"{dialect} {error.pointer or '/'} {error.keyword}: {error.message}"
                )


def check_manifest(oracle: Oracle, folder: Path) -> Iterator[Failure]:
    """Every file listed in the folder's manifests is there, has the bytes its SHA-1 name
    says, and is what its label says."""
    found = manifests(folder)
    if not found:
        raise FileNotFoundError(2, f"No manifest in {STATE}/ (not a corpus folder)", str(folder))
    for manifest in found:
        for line, record in records(manifest):
            where = f"{record['file']} ({line})"
            path = listed_path(folder, record["file"], line)
            if not path.exists():
                yield Failure(where, "listed in the manifest but missing")
                continue
            if sha1_of(path) != path.name:
                yield Failure(where, "its bytes do not match its SHA-1 name")
                continue
            yield from _check_record(oracle, where, record, path.read_bytes())


def _check_record(
    oracle: Oracle, where: str, record: dict[str, Any], payload: bytes
) -> Iterator[Failure]:
    kind, label = record["kind"], record.get("label") or {}
    if record.get("encoding") == "atheris-unicode":
        payload = _from_atheris(payload)
    if kind == "malformed":
        found = python_json_kind(payload)
        if found != label["kind"]:
            yield Failure(where, f"labelled {label['kind']}, json.loads says {found}")
        return
    try:
        document = json.loads(payload)
    except (ValueError, RecursionError):
        yield Failure(where, f"labelled {kind} but is not JSON")
        return
    if kind == "valid":
        for dialect, verdict in oracle.check(document).items():
            for error in verdict.errors:
                yield Failure(where, f"labelled valid; {dialect} {error.pointer}: {error.message}")
    else:
        for problem in label_problems(oracle, document, label):
            yield Failure(where, f"label {label['rule']} at {label['pointer']}: {problem}")


def _from_atheris(payload: bytes) -> bytes:
    spec, body = payload[:1], payload[1:]
    if spec[0] & 1:
        return bytes(b & 0x7F for b in body)
    return body.decode("utf-32-le", "surrogatepass").encode("utf-8", "surrogatepass")
