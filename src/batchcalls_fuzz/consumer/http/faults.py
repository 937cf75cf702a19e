"""HTTP-level faults a client of the endpoint must survive, each made from a valid body."""

from __future__ import annotations

import gzip

from .answer import CUT, DRIP, WHOLE
from .routes import JSON_TYPE, error_body

FAULTS = (
    "429",
    "500",
    "502",
    "503",
    "cut",
    "drip",
    "content-type-wrong",
    "content-type-missing",
    "gzip",
    "gzip-corrupt",
    "empty-200",
)
LENIENT_FAULTS = frozenset({"content-type-wrong", "content-type-missing", "gzip"})
"""Faults whose body is still a whole valid document: a client may accept it."""

RETRY_AFTER_SECONDS = 1
_GATEWAY_PAGE = b"<html><body><h1>%d %s</h1></body></html>"

Faulty = tuple[int, tuple[tuple[str, str], ...], bytes, str]
"""Status, headers, body and delivery."""


def fault_response(fault: str, status: int, document: bytes, seed: int, seq: int) -> Faulty:
    """The answer carrying ``fault``; ``status`` is the route's success status and
    ``document`` a valid body for it."""
    json_type = (("Content-Type", JSON_TYPE),)
    if fault == "429":
        headers = (
            *json_type,
            ("Retry-After", str(RETRY_AFTER_SECONDS)),
            ("X-HubSpot-RateLimit-Max", "100"),
            ("X-HubSpot-RateLimit-Remaining", "0"),
            ("X-HubSpot-RateLimit-Interval-Milliseconds", "10000"),
        )
        message = "You have reached your ten_secondly_rolling limit."
        return 429, headers, error_body("RATE_LIMITS", message, seed, seq), WHOLE
    if fault == "500":
        body = error_body("INTERNAL_ERROR", "internal error", seed, seq)
        return 500, json_type, body, WHOLE
    if fault in ("502", "503"):
        code = int(fault)
        reason = b"Bad Gateway" if code == 502 else b"Service Unavailable"
        html = (("Content-Type", "text/html"),)
        return code, html, _GATEWAY_PAGE % (code, reason), WHOLE
    if fault == "cut":
        return status, json_type, document, CUT
    if fault == "drip":
        return status, json_type, document, DRIP
    if fault == "content-type-wrong":
        return status, (("Content-Type", "text/html;charset=utf-8"),), document, WHOLE
    if fault == "content-type-missing":
        return status, (), document, WHOLE
    if fault in ("gzip", "gzip-corrupt"):
        packed = gzip.compress(document, mtime=0)
        if fault == "gzip-corrupt":
            packed = _corrupted(packed)
        return status, (*json_type, ("Content-Encoding", "gzip")), packed, WHOLE
    if fault == "empty-200":
        return 200, json_type, b"", WHOLE
    raise ValueError(f"unknown fault {fault!r}")


def _corrupted(packed: bytes) -> bytes:
    """The gzip member with its compressed data inverted past the 10-byte header: the
    stream no longer inflates, or fails its CRC."""
    header, data = packed[:10], packed[10:]
    return header + bytes(b ^ 0xFF for b in data[: len(data) // 2]) + data[len(data) // 2 :]
