"""The compiled bulk back end: a schema model and a plan turned into Python source.

Like fastjsonschema for validation, the generator of valid documents is written out as Python
source with ``RandomSource``'s choices inlined (no method call, no closure per node), compiled
once per distinct source and cached. It makes the same draws in the same order as the
``Source`` interpreter (``valid.compile_valid``), which stays the reference: for a
``RandomSource`` both give the same document, byte for byte. Overrides, patterns, rare formats
and a profile's finishing pass are Python callables that the emitted code calls with the
source, so they draw from the same stream.

>>> from batchcalls_fuzz.schema import load_schema
>>> schema = load_schema({"$schema": "https://json-schema.org/draft/2020-12/schema",
...                       "type": "object", "required": ["on"],
...                       "properties": {"on": {"type": "boolean"}}})
>>> print(bulk_source(schema.root).splitlines()[0])
def generate(src, r, rng, lc):
"""

from __future__ import annotations

import datetime
import math
from types import CodeType
from typing import Any

from ...schema.ir import JSON, Node
from ..datetimes import offset_text
from ..source import ASCII_TABLE, FULL_TABLE, ONE_DRAW, ONE_DRAW_SCALE, RandomSource, Source
from ..valid import Generator, Plan, _copy, canonical_json, compile_valid
from .emitters import Emitter
from .writer import Body, Module

__all__ = ["BulkOrReference", "bulk_or_reference", "bulk_source", "compile_bulk", "warm"]


def _integer(r: Any, rng: Any, low: int, high: int) -> int:
    """RandomSource.integer for bounds known only when drawing."""
    span = high - low
    if span <= 0:
        return low
    x = r()
    if x < 0.0625:
        return low
    if x < 0.125:
        return high
    if span < ONE_DRAW:
        return low + int((x - 0.125) * ((span + 1) * ONE_DRAW_SCALE))
    if span < 1 << 50:
        return low + int(r() * (span + 1))
    return low + int(rng.randrange(span + 1))


_RUNTIME: dict[str, Any] = {
    "log": math.log,
    "_ASCII_TABLE": ASCII_TABLE,
    "_FULL_TABLE": FULL_TABLE,
    "_canonical": canonical_json,
    "_copy": _copy,
    "_fromordinal": datetime.date.fromordinal,
    "_integer": _integer,
    "_offset_text": offset_text,
}

_CODE: dict[str, CodeType] = {}
"""Compiled code by source: equal models and plans compile once per process."""

_ENTRIES: dict[tuple[str, tuple[int | str, ...]], tuple[Any, tuple[Any, ...]]] = {}
"""Entry points by source and the constants they see (plain data by its text, anything else
by identity, kept with the entry so that the identity stays its own): generators of equal
plans share one function and one namespace. Code run under several namespaces in turn loses
the interpreter's specialised global lookups at each switch (an invalid document starts from
the same document generator for each of many focused paths)."""
_ENTRIES_MAX = 512

_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> bool:
    """Whether ``value`` is made of JSON-like data only, which its ``repr`` tells apart."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is tuple or kind is list or kind is frozenset:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return False


_TABLE = 64
"""Constants this long (the clock texts of date-times) are tables made once and shared:
cheaper to tell apart by identity than by their text."""


def _constant_key(value: Any) -> int | str:
    if type(value) in (tuple, list, frozenset) and len(value) > _TABLE:
        return id(value)
    return repr(value) if _plain(value) else id(value)


def _emit(root: Node, plan: Plan) -> Module:
    module = Module()
    body = Body(module)
    document = Emitter(plan, module).value(root, body)
    if plan.finish is not None:
        document = f"{module.constant(plan.finish, 'finish')}(src, {document})"
    body.line(f"return {document}")
    module.define("generate", body)
    # The entry point first, for a reader of the printed source.
    module.functions = {"generate": module.functions.pop("generate"), **module.functions}
    return module


def bulk_source(root: Node, plan: Plan | None = None) -> str:
    """The Python source that the compiled back end runs for ``root`` under ``plan``, with the
    constants it refers to listed at the end."""
    module = _emit(root, plan or Plan())
    constants = [f"# {name} = {value!r}"[:200] for name, value in module.constants.items()]
    return module.source() + ("\n" + "\n".join(constants) + "\n" if constants else "")


def compile_bulk(root: Node, plan: Plan | None = None) -> Generator:
    """A generator of valid documents of ``root`` that takes a ``RandomSource`` only, and
    gives the same document as ``compile_valid(root, plan)`` does for it."""
    module = _emit(root, plan or Plan())
    source = module.source()
    constants = tuple(module.constants.values())
    key = (source, tuple(map(_constant_key, constants)))
    known = _ENTRIES.get(key)
    if known is None:
        code = _CODE.get(source)
        if code is None:
            code = _CODE[source] = compile(source, "<batchcalls-fuzz bulk generator>", "exec")
        namespace = {**_RUNTIME, **module.constants}
        exec(code, namespace)
        if len(_ENTRIES) >= _ENTRIES_MAX:
            _ENTRIES.clear()
        known = _ENTRIES[key] = (namespace["generate"], constants)
    entry = known[0]

    def generate(src: Source) -> JSON:
        assert isinstance(src, RandomSource)
        rng = src.random
        document: JSON = entry(src, rng.random, rng, src.log_continue)
        return document

    return generate


class BulkOrReference:
    """Compiled for a ``RandomSource`` (compiled on first use, or by ``warm``), the
    interpreter otherwise (a Hypothesis source, which must see every choice to shrink)."""

    def __init__(self, root: Node, plan: Plan) -> None:
        self._root = root
        self._plan = plan
        self._reference = compile_valid(root, plan)
        self._compiled: Generator | None = None

    def __call__(self, src: Source) -> JSON:
        if type(src) is not RandomSource:
            return self._reference(src)
        compiled = self._compiled
        if compiled is None:
            compiled = self.warm()
        return compiled(src)

    def warm(self) -> Generator:
        """The compiled generator, compiled now if it was not yet: worker processes forked
        after this share it instead of each compiling its own."""
        if self._compiled is None:
            self._compiled = compile_bulk(self._root, self._plan)
        return self._compiled


def bulk_or_reference(root: Node, plan: Plan) -> BulkOrReference:
    """Compiled for a ``RandomSource``, the interpreter otherwise."""
    return BulkOrReference(root, plan)


def warm(generate: Generator) -> None:
    """Compile ``generate`` now if it is a compiled generator (or made of them, with a
    ``warm`` method of its own) not compiled yet."""
    prepare = getattr(generate, "warm", None)
    if callable(prepare):
        prepare()
