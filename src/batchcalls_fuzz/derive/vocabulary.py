"""Values that stress consumers, shared by every generator and both back ends."""

from __future__ import annotations

STRESS_KEYS: tuple[str, ...] = (
    "",
    "__proto__",
    "constructor",
    "prototype",
    "hasOwnProperty",
    "toString",
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "$comment",
    "$anchor",
    "$extends",
    "$root",
    "$offers",
    "definitions",
    "null",
    "true",
    "0",
    "-1",
    " ",
    "key with spaces",
    "dotted.key",
    "slash/key",
    "tilde~key",
    "ключ",
    "キー",
    "مفتاح",
    "🔑",
    "e\u0301",
    "a\u0000b",
    "line\nbreak",
    "k" * 256,
)
"""Member names for open objects and maps. ``$uses`` is left out on purpose: the JSON Structure
SDK treats it as an add-in declaration in any object of an instance and rejects the document,
a disagreement that ``batchcalls-fuzz diff`` reports instead."""

RESERVED_KEYS = frozenset({"$uses"})
"""Names that no generated valid document uses as a member name (see STRESS_KEYS)."""

STRESS_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "null",
    "undefined",
    "\u0000",
    "\ufeff",
    "\u202eevil",
    "שלום",
    "مرحبا",
    "e\u0301\u0301\u0301",
    "😀👍🏽",
    "\U0001d11e",
    "<script>alert(1)</script>",
    "'; DROP TABLE calls; --",
    "%s%n",
    "\\u0000",
    "line\r\nbreak",
)

EDGE_INTEGERS: tuple[int, ...] = (
    0,
    -1,
    1,
    2**31 - 1,
    -(2**31),
    2**53,
    -(2**53),
    2**53 + 1,
    2**63 - 1,
    -(2**63),
    2**64,
)

EDGE_FLOATS: tuple[float, ...] = (
    0.0,
    -0.0,
    0.1,
    1e-300,
    5e-324,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    2.2250738585072014e-308,
)
