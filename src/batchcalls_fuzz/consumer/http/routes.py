"""The routes the endpoint answers, what each takes, and HubSpot's answers to bad requests.

HubSpot's calls batch API: ``POST /crm/v3/objects/calls/batch/{read,create,update,upsert}``;
create answers 201, the others 200. A request that is not one of these gets HubSpot's error
body (``status``, ``message``, ``correlationId``, ``category``) with its status code.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from typing import Any

ROUTE_PREFIX = "/crm/v3/objects/calls/batch/"
SUCCESS_STATUS = {"read": 200, "create": 201, "update": 200, "upsert": 200}
ROUTES = tuple(SUCCESS_STATUS)
JSON_TYPE = "application/json;charset=utf-8"


@dataclass(frozen=True)
class BadRequest:
    """Why a request is refused, and how HubSpot says so."""

    status: int
    category: str
    message: str
    headers: tuple[tuple[str, str], ...] = ()


def route_of(path: str) -> str | None:
    """The batch operation a path names (query string ignored), or None."""
    bare = path.split("?", 1)[0].rstrip("/")
    if not bare.startswith(ROUTE_PREFIX):
        return None
    name = bare[len(ROUTE_PREFIX) :]
    return name if name in SUCCESS_STATUS else None


def check_request(method: str, path: str, body: bytes) -> str | BadRequest:
    """The route of a well-formed batch request, or why it is refused."""
    route = route_of(path)
    if route is None:
        return BadRequest(404, "OBJECT_NOT_FOUND", f"No route matches {path.split('?', 1)[0]}")
    if method != "POST":
        return BadRequest(
            405,
            "VALIDATION_ERROR",
            f"HTTP {method} is not supported by this route; use POST",
            (("Allow", "POST"),),
        )
    problem = input_problem(route, body)
    if problem is not None:
        return BadRequest(400, "VALIDATION_ERROR", problem)
    return route


def input_problem(route: str, body: bytes) -> str | None:
    """What makes ``body`` not the batch input of ``route``: read takes ``inputs`` of
    ``{"id"}``; create ``{"properties"}``; update and upsert both."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        return f"Invalid input JSON: {error}"
    if not isinstance(document, dict):
        return "Invalid input JSON: the body must be a JSON object"
    inputs = document.get("inputs")
    if not isinstance(inputs, list):
        return "Invalid input JSON: 'inputs' must be a list"
    for index, item in enumerate(inputs):
        if not isinstance(item, dict):
            return f"Invalid input JSON: inputs[{index}] must be an object"
        if route != "create" and not isinstance(item.get("id"), str):
            return f"Invalid input JSON: inputs[{index}].id must be a string"
        if route != "read" and not isinstance(item.get("properties"), dict):
            return f"Invalid input JSON: inputs[{index}].properties must be an object"
    return None


def correlation_id(seed: int, seq: int) -> str:
    """A UUID like HubSpot's, the same for the same seed and sequence number."""
    return str(
        uuid.UUID(int=random.Random(f"{seed}:{seq}:correlation").getrandbits(128), version=4)
    )


def error_body(category: str, message: str, seed: int, seq: int) -> bytes:
    body: dict[str, Any] = {
        "status": "error",
        "message": message,
        "correlationId": correlation_id(seed, seq),
        "category": category,
    }
    return json.dumps(body).encode("utf-8")
