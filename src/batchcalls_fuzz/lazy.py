"""Module attributes that load on first use (PEP 562), so that importing a package costs only
what its caller goes on to use."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_getattr(module: str, sources: Mapping[str, str]) -> Callable[[str], Any]:
    """A ``__getattr__`` for ``module`` that imports each name of ``sources`` from the module
    it maps to on first use, and keeps it in ``module``'s namespace for the next."""
    namespace = sys.modules[module].__dict__

    def load(name: str) -> Any:
        if name not in sources:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(import_module(sources[name]), name)
        namespace[name] = value
        return value

    return load
