"""One input for a consumer, whichever phase made it, and the argument the consumer gets."""

from __future__ import annotations

import json
from typing import Any

from ..derive.invalid import Invalid
from ..derive.malformed import Malformed
from ..serialize import to_json

INPUTS = ("dict", "text", "bytes")


class Case:
    """One input for the consumer. Not a dataclass: Hypothesis prints a dataclass field by
    field, and a falsifying example should read as its label, not as 60 kB of nesting.

    ``kind`` is ``valid``, ``invalid``, ``malformed`` or ``disputed``; ``item`` a document, an
    ``Invalid``, a ``Malformed`` or a ``Disputed``; ``name`` the case id of a deterministic
    case (None for a generated one)."""

    __slots__ = ("escaped", "item", "kind", "name")

    def __init__(
        self, kind: str, item: Any, name: str | None = None, escaped: bool = False
    ) -> None:
        self.kind = kind
        self.item = item
        self.name = name
        self.escaped = escaped
        """Serialised with every non-ASCII character escaped (astral ones as surrogate pairs):
        the same document, another JSON text."""

    def __repr__(self) -> str:
        return f"Case({self.label!r})"

    @property
    def label(self) -> str:
        if isinstance(self.item, Invalid):
            v = self.item.violation
            return f"invalid {v.rule} at {v.pointer or '/'} ({v.variant}): {v.message}"
        if isinstance(self.item, Malformed):
            place = "" if self.item.pointer is None else f" at {self.item.pointer or '/'}"
            return f"malformed {self.item.defect}{place} ({self.item.kind})"
        if self.kind == "disputed":
            return f"disputed {self.item.case} at {self.item.pointer or '/'}: {self.item.reason}"
        return "valid document" if self.name is None else f"valid document ({self.name})"

    @property
    def entry(self) -> str:
        """What the case exercises, as a report row names it: ``rule:variant``, a defect,
        ``disputed:case`` or ``valid``."""
        if isinstance(self.item, Invalid):
            return f"{self.item.violation.rule}:{self.item.violation.variant}"
        if isinstance(self.item, Malformed):
            return self.item.defect
        if self.kind == "disputed":
            return str(self.item.name)
        return "valid"

    @property
    def tags(self) -> set[str]:
        """The names by which ``tolerate`` can relax the contract for this case."""
        if isinstance(self.item, Invalid):
            return {self.item.violation.rule, self.entry}
        if isinstance(self.item, Malformed):
            return {self.item.defect, self.item.kind}
        if self.kind == "disputed":
            return {self.entry, "disputed"}
        return set()

    @property
    def document(self) -> Any:
        """The JSON document behind the input (None for a malformed payload)."""
        if isinstance(self.item, Invalid):
            return self.item.document
        if isinstance(self.item, Malformed):
            return None
        if self.kind == "disputed":
            return self.item.document
        return self.item

    def argument(self, mode: str) -> Any:
        """What the consumer receives for ``mode`` (``dict``, ``text`` or ``bytes``)."""
        raw = self._payload()
        if raw is not None and mode != "dict":
            return raw if mode == "bytes" else raw.decode("utf-8", "surrogatepass")
        document = self.document
        if mode == "dict":
            return document
        text = json.dumps(document, ensure_ascii=True) if self.escaped else to_json(document)
        return text.encode("utf-8", "surrogatepass") if mode == "bytes" else text

    def _payload(self) -> bytes | None:
        if isinstance(self.item, Malformed):
            return self.item.payload
        if self.kind == "disputed":
            payload: bytes | None = self.item.payload
            return payload
        return None

    def fits(self, mode: str) -> bool:
        """Whether the case can be given as ``mode``: a malformed payload needs text or bytes,
        and text only where the bytes are UTF-8."""
        raw = self._payload()
        if mode == "dict":
            return not isinstance(self.item, Malformed)
        if raw is None or mode == "bytes":
            return True
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
