"""Names on a command line turned into what ``fuzz_consumer`` takes: ``MODULE:FUNCTION`` into
the consumer, exception names into the ``rejects`` types."""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

from ..errors import BatchCallsFuzzError


def load_consumer(spec: str) -> Callable[[Any], Any]:
    """The function named ``module:function`` (``module:Class.method`` too), imported with
    the current directory on the path, as ``python -m`` would."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise BatchCallsFuzzError(f"{spec!r} is not MODULE:FUNCTION, e.g. myapp.parse:parse_batch")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        found: Any = import_module(module_name)
    except (ImportError, TypeError) as error:  # TypeError: a relative name such as "..x"
        raise BatchCallsFuzzError(f"cannot import {module_name!r}: {error}") from None
    for name in attribute.split("."):
        if not hasattr(found, name):
            raise BatchCallsFuzzError(f"{module_name!r} has no attribute {attribute!r}")
        found = getattr(found, name)
    if not callable(found):
        raise BatchCallsFuzzError(f"{spec!r} is not callable")
    consumer: Callable[[Any], Any] = found
    return consumer


def exception_types(names: Sequence[str]) -> tuple[type[BaseException], ...]:
    """Exception types by name: a builtin (``ValueError``) or ``module.Name``."""
    types: list[type[BaseException]] = []
    for name in names:
        module_name, _, attribute = name.rpartition(".")
        try:
            found = getattr(import_module(module_name) if module_name else builtins, attribute)
        except (ImportError, AttributeError):
            raise BatchCallsFuzzError(f"no exception type {name!r}") from None
        if not (isinstance(found, type) and issubclass(found, BaseException)):
            raise BatchCallsFuzzError(f"{name!r} is not an exception type")
        types.append(found)
    if not types:
        raise BatchCallsFuzzError("name at least one exception type the consumer rejects with")
    return tuple(types)
