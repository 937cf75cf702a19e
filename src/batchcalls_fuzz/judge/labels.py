"""Checks of the package's claims, shared by ``validate --expect-labels`` and the tests."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from typing import Any

from ..derive.malformed import INVALID_JSON, JSON_EDGE, PARSER_LIMIT, PYTHON_MAX_DEPTH
from ..schema import pointer as jp
from ..schema.ir import JSON
from .oracle import Oracle


def label_problems(oracle: Oracle, document: JSON, label: Mapping[str, Any]) -> list[str]:
    """What is untrue about an invalid document's label (``Violation.to_dict()`` form): every
    dialect in ``rejected_by`` must reject it with every error at the labelled place (or the
    object holding it, for a missing or extra member); every other dialect must accept it."""
    places = {label["pointer"]}
    if label["rule"] in ("required", "additionalProperties"):
        places.add(jp.parent(label["pointer"]))
    problems = []
    for dialect, verdict in oracle.check(document).items():
        if dialect in label["rejected_by"]:
            if verdict.valid:
                problems.append(f"{dialect} accepts it")
            problems += [
                f"{dialect} error at {e.pointer or '/'} ({e.keyword}), not at {label['pointer']}"
                for e in verdict.errors
                if e.pointer not in places
            ]
        elif not verdict.valid:
            problems += [f"{dialect} rejects it: {e.message}" for e in verdict.errors]
    return problems


def python_json_kind(payload: bytes) -> str:
    """What Python's ``json`` module, held to RFC 8259, makes of bytes: ``invalid-json`` where
    they are not a JSON text (not UTF-8, ``NaN``/``Infinity``, any syntax error),
    ``parser-limit`` where they nest too deep for ``json.loads`` at Python's default recursion
    limit, else ``json-edge`` (a JSON text; a BOM is ignored, as RFC 8259 allows)."""
    body = payload[len(BOM) :] if payload.startswith(BOM) else payload
    try:
        text = body.decode("utf-8")  # strict: surrogates encoded in UTF-8 are not UTF-8
    except UnicodeDecodeError:
        return INVALID_JSON
    if nesting_depth(text) >= PYTHON_MAX_DEPTH:
        return PARSER_LIMIT
    return _parsed_kind(text)


def _parsed_kind(text: str) -> str:
    """Parsed in a thread of its own: the recursion depth counts per thread, so the verdict
    does not depend on how deep the caller's stack is."""
    verdict: list[str] = []

    def parse() -> None:
        try:
            json.loads(text, parse_constant=_not_json)
        except RecursionError:
            verdict.append(PARSER_LIMIT)
        except ValueError:
            verdict.append(INVALID_JSON)
        else:
            verdict.append(JSON_EDGE)

    worker = threading.Thread(target=parse)
    worker.start()
    worker.join()
    return verdict[0]


BOM = b"\xef\xbb\xbf"
_STRINGS_AND_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (brackets inside strings do not count)."""
    depth = deepest = 0
    for found in _STRINGS_AND_BRACKETS.finditer(text):
        token = found.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _not_json(constant: str) -> float:
    raise ValueError(f"{constant} is not a JSON number (RFC 8259)")
