"""Checks of the package's claims, shared by ``validate --expect-labels`` and the tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..derive.malformed import INVALID_JSON, JSON_EDGE, PARSER_LIMIT
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
    """What ``json.loads`` makes of bytes: invalid-json, json-edge (accepted), parser-limit."""
    try:
        json.loads(payload)
    except RecursionError:
        return PARSER_LIMIT
    except ValueError:
        return INVALID_JSON
    return JSON_EDGE
