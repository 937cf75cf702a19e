"""Malformed payloads: serialised valid documents broken at and past the edges of JSON.

Each payload is labelled with its ``defect`` and its ``kind``:

- ``invalid-json``: not a JSON text (RFC 8259); ``json.loads`` rejects it;
- ``json-edge``: ``json.loads`` accepts it, though parsers disagree on it (duplicate keys,
  400-digit numbers, ``NaN``, a BOM, UTF-16, lone surrogates, nesting within Python's limit);
- ``parser-limit``: a JSON text that ``json.loads`` cannot read (nesting 10,000 deep).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ..schema.ir import JSON
from ..serialize import to_json
from .source import Source
from .valid import Generator

INVALID_JSON, JSON_EDGE, PARSER_LIMIT = "invalid-json", "json-edge", "parser-limit"


@dataclass(frozen=True)
class Malformed:
    payload: bytes
    defect: str
    kind: str

    def to_dict(self) -> dict[str, str]:
        return {"defect": self.defect, "kind": self.kind}


Break = Callable[[Source, str], bytes]


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _with_member(text: str, member: str) -> str:
    """``text`` (a JSON object) with ``member`` (``"k":v``) as its first member."""
    return "{" + member + ("}" if text == "{}" else "," + text[1:])


def _truncated(src: Source, text: str) -> bytes:
    cuts = [i + 1 for i, c in enumerate(text[:-1]) if c in '{}[],:"'] or [1]
    return _utf8(text[: src.choice(cuts)])


def _inside_string(src: Source, text: str) -> bytes:
    starts = [i + 2 for i in range(len(text) - 2) if text[i : i + 2] == ':"'] or [len(text) - 1]
    return _utf8(text[: src.choice(starts)])


def _raw_bytes_in_string(choices: tuple[bytes, ...]) -> Break:
    def insert(src: Source, text: str) -> bytes:
        raw = b'"note":"a' + src.choice(choices) + b'b"'
        return b"{" + raw + (b"}" if text == "{}" else b"," + _utf8(text[1:]))

    return insert


_invalid_utf8 = _raw_bytes_in_string((b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xf8\x88\x80\x80"))
# CESU-style surrogates: not UTF-8, yet Python's json.loads(bytes) decodes them.
_encoded_surrogate = _raw_bytes_in_string((b"\xed\xa0\x80", b"\xed\xbf\xbf"))


def _control_character(src: Source, text: str) -> bytes:
    char = chr(src.integer(0, 0x1F))
    return _utf8(_with_member(text, f'"note":"a{char}b"'))


def _trailing_comma(src: Source, text: str) -> bytes:
    return _utf8(text[:-1] + ",}")


def _trailing_garbage(src: Source, text: str) -> bytes:
    return _utf8(text + src.choice(("x", "}", " 1", "{}", "\x00", "]")))


def _single_quotes(src: Source, text: str) -> bytes:
    return _utf8(text.replace('"', "'"))


def _comment(src: Source, text: str) -> bytes:
    return _utf8(src.choice(("/* batch */", "// batch\n", "# batch\n")) + text)


def _invalid_escape(src: Source, text: str) -> bytes:
    return _utf8(_with_member(text, '"note":"\\' + src.choice("xq'a0") + '"'))


def _leading_zero(src: Source, text: str) -> bytes:
    return _utf8(_with_member(text, f'"numErrors":0{src.integer(0, 9)}'))


def _empty(src: Source, text: str) -> bytes:
    return b""


def _whitespace(src: Source, text: str) -> bytes:
    return _utf8("".join(src.choice(" \t\r\n") for _ in range(src.integer(1, 8))))


def _bom(src: Source, text: str) -> bytes:
    return b"\xef\xbb\xbf" + _utf8(text)


def _utf16(src: Source, text: str) -> bytes:
    return text.encode(src.choice(("utf-16", "utf-16-le", "utf-16-be")), "surrogatepass")


def _lone_surrogate(src: Source, text: str) -> bytes:
    escape = src.choice(("\\ud800", "\\udfff", "\\udbff", "\\ud83d"))
    return _utf8(_with_member(text, f'"note":"a{escape}b"'))


def _nan(src: Source, text: str) -> bytes:
    return _utf8(_with_member(text, f'"numErrors":{src.choice(("NaN", "Infinity", "-Infinity"))}'))


def _huge_digits(src: Source, text: str) -> bytes:
    digits = "9" * 400 if src.boolean() else "1" + "0" * 399
    return _utf8(_with_member(text, f'"numErrors":{digits}'))


def _huge_exponent(src: Source, text: str) -> bytes:
    return _utf8(_with_member(text, f'"numErrors":{src.choice(("1e400", "-1e400", "1e-400"))}'))


def _duplicate_key(src: Source, text: str) -> bytes:
    first = json.loads(text)
    if first:
        key = next(iter(first))
        member = f"{json.dumps(key)}:{json.dumps(['duplicate', first[key]])}"
    else:
        member = '"status":"A","status":"B"'
    return _utf8(text[:-1] + ("," if text != "{}" else "") + member + "}")


def _nesting(depth: int) -> Break:
    def nest(src: Source, text: str) -> bytes:
        opener, closer = ("[", "]") if src.boolean() else ('{"a":', "}")
        return _utf8(_with_member(text, f'"links":{opener * depth}0{closer * depth}'))

    return nest


DEFECTS: tuple[tuple[str, str, Break], ...] = (
    ("truncated", INVALID_JSON, _truncated),
    ("unterminated-string", INVALID_JSON, _inside_string),
    ("invalid-utf8", INVALID_JSON, _invalid_utf8),
    ("control-character", INVALID_JSON, _control_character),
    ("trailing-comma", INVALID_JSON, _trailing_comma),
    ("trailing-garbage", INVALID_JSON, _trailing_garbage),
    ("single-quotes", INVALID_JSON, _single_quotes),
    ("comment", INVALID_JSON, _comment),
    ("invalid-escape", INVALID_JSON, _invalid_escape),
    ("leading-zero", INVALID_JSON, _leading_zero),
    ("empty", INVALID_JSON, _empty),
    ("whitespace-only", INVALID_JSON, _whitespace),
    ("utf8-bom", JSON_EDGE, _bom),
    ("utf16", JSON_EDGE, _utf16),
    ("lone-surrogate", JSON_EDGE, _lone_surrogate),
    ("utf8-encoded-surrogate", JSON_EDGE, _encoded_surrogate),
    ("nan-infinity", JSON_EDGE, _nan),
    ("400-digit-number", JSON_EDGE, _huge_digits),
    ("huge-exponent", JSON_EDGE, _huge_exponent),
    ("duplicate-key", JSON_EDGE, _duplicate_key),
    ("deep-nesting-500", JSON_EDGE, _nesting(500)),
    ("deep-nesting-10000", PARSER_LIMIT, _nesting(10_000)),
)
DEFECT_NAMES = tuple(name for name, _, _ in DEFECTS)


def huge_string_defect(size: int) -> tuple[str, str, Break]:
    def huge(src: Source, text: str) -> bytes:
        return _utf8(_with_member(text, '"note":"' + "x" * size + '"'))

    return (f"string-of-{size}-bytes", JSON_EDGE, huge)


def malformed_generator(
    valid: Generator, defects: tuple[tuple[str, str, Break], ...] = DEFECTS
) -> Callable[[Source], Malformed]:
    def generate(src: Source) -> Malformed:
        name, kind, brk = src.choice(defects)
        document: JSON = valid(src)
        return Malformed(brk(src, to_json(document)), name, kind)

    return generate
