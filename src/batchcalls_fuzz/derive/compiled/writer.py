"""Writing the source of a compiled generator: indented lines, fresh names, constants."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

ARGUMENTS = "src, r, rng, lc"
"""Every emitted function takes the Source, its ``random`` method, its ``random.Random`` and
the log-continue factor of its sizes."""


class Module:
    """The functions of one compiled generator and the constants they refer to by name."""

    def __init__(self) -> None:
        self.functions: dict[str, list[str]] = {}
        self.constants: dict[str, Any] = {}
        self._by_identity: dict[int, str] = {}

    def constant(self, value: Any, stem: str = "c") -> str:
        """The name under which the emitted code sees ``value`` (one name per object)."""
        name = self._by_identity.get(id(value))
        if name is None:
            name = f"_{stem}{len(self.constants)}"
            self.constants[name] = value
            self._by_identity[id(value)] = name
        return name

    def literal(self, value: Any) -> str:
        """``value`` written into the source where its repr reads back exactly, else a
        constant."""
        if value is None or isinstance(value, (bool, int, str)):
            text = repr(value)
            return f"({text})" if text.startswith("-") else text
        return self.constant(value)

    def define(self, name: str, body: Body) -> None:
        self.functions[name] = [f"def {name}({ARGUMENTS}):", *body.lines]

    def source(self) -> str:
        return "\n\n\n".join("\n".join(lines) for lines in self.functions.values()) + "\n"


class Body:
    """The statements of one function."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.lines: list[str] = []
        self._depth = 1
        self._names = 0

    def line(self, text: str) -> None:
        self.lines.append("    " * self._depth + text)

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        self.line(header)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    def fresh(self, stem: str) -> str:
        self._names += 1
        return f"{stem}{self._names}"
