"""How documents become bytes: one JSON text per line, UTF-8, byte-identical for equal input."""

from __future__ import annotations

import json

from .schema.ir import JSON

# Characters that str.splitlines() and some JSON Lines readers treat as line ends; inside a JSON
# string they may always be written as escapes, so a document stays on one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def to_json(document: JSON, *, pretty: bool = False) -> str:
    """Compact JSON (or indented with ``pretty``), keys in document order, UTF-8 characters."""
    if pretty:
        return json.dumps(document, ensure_ascii=False, indent=2)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escape)
    return text


def to_bytes(document: JSON) -> bytes:
    # Lone surrogates cannot occur in generated text; "surrogatepass" keeps user overrides safe.
    return to_json(document).encode("utf-8", "surrogatepass")
