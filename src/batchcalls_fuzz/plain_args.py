"""Reading a command line of the plain kind (long options with plain values) from the command
that typer built, without typer's own value coercion.

Typer coerces every non-flag value through a pydantic ``TypeAdapter``; importing pydantic and
building the adapters costs more than the rest of a ``sample --count 1``. The options a
command declares stay the one definition: names, defaults, bounds and types are read from the
built command and from its function's annotations. Anything this reader is not sure to read
exactly as typer would (help, short or unknown options, values that need coercing beyond
``int()`` or an enum's value, out of bounds, repeated) makes it answer ``None``, and typer
reads the line instead, with its own messages for whatever is wrong.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Sequence
from enum import Enum
from typing import Any

# Digits only, without leading zeros or signs: what typer would read as the same int.
_INT = re.compile(r"0|[1-9][0-9]{0,17}")


def parse_plain(command: Any, args: Sequence[str]) -> dict[str, Any] | None:
    """The parameters ``command`` (a built click-style command) would pass its callback for
    ``args``, or None unless every argument is of the plain kind."""
    by_option: dict[str, tuple[Any, bool]] = {}
    for param in command.params:
        # Arguments, values read from the environment and callbacks are typer's to handle.
        if type(param).__name__ != "TyperOption" or param.nargs != 1:
            return None
        if param.envvar is not None or param.callback is not None or param.required:
            return None
        for name in param.opts:
            by_option[name] = (param, True)
        for name in param.secondary_opts:
            by_option[name] = (param, False)
    hints = _declared_types(command)
    given: dict[str, Any] = {}
    position = 0
    while position < len(args):
        token = args[position]
        position += 1
        name, equals, attached = token.partition("=")
        if not name.startswith("--") or name not in by_option:
            return None
        param, primary = by_option[name]
        if param.is_flag:
            if equals or param.name in given:
                return None
            given[param.name] = primary
            continue
        if equals:
            value = attached
        elif position < len(args):
            value = args[position]
            position += 1
        else:
            return None
        if value.startswith("-"):
            return None
        read = _read(value, hints.get(param.name))
        if read is None:
            return None
        if param.multiple:
            given[param.name] = [*given.get(param.name, []), read[0]]
        elif param.name in given:
            return None
        else:
            given[param.name] = read[0]
    params = {}
    for param in command.params:
        if param.name in given:
            params[param.name] = given[param.name]
        elif not _kept_as_is(param.default, hints.get(param.name)):
            return None  # typer reads defaults too, and this one it would change
        elif param.multiple:
            params[param.name] = ()
        else:
            params[param.name] = param.default
    return params


def _declared_types(command: Any) -> dict[str, Any]:
    """The declared type of each parameter of the command's function, typer's metadata
    included (``Annotated``)."""
    return typing.get_type_hints(inspect.unwrap(command.callback), include_extras=True)


def _plain_type(hint: Any) -> tuple[Any, tuple[Any, ...]] | None:
    """The declared type (an item's, for a list; without ``None``) and its typer metadata;
    None when typer reads the value its own way (a custom parser, clamping)."""
    metadata: tuple[Any, ...] = ()
    if typing.get_origin(hint) is typing.Annotated:
        hint, *rest = typing.get_args(hint)
        metadata = tuple(rest)
    if any(getattr(info, "parser", None) or getattr(info, "clamp", False) for info in metadata):
        return None
    hint = _without_none(hint)
    if typing.get_origin(hint) is list:
        (hint,) = typing.get_args(hint)
    return hint, metadata


def _kept_as_is(default: Any, hint: Any) -> bool:
    """Whether typer passes this default on unchanged: None, no items, or already a value of
    the declared type."""
    declared = _plain_type(hint)
    if declared is None:
        return False
    if default is None or default == () or default == []:
        return True
    kind = declared[0]
    if kind is int and isinstance(default, bool):
        return False
    return isinstance(kind, type) and isinstance(default, kind)


def _read(value: str, hint: Any) -> tuple[Any] | None:
    """``(value read as hint says)``, or None when that takes more than this reader does."""
    declared = _plain_type(hint)
    if declared is None:
        return None
    hint, metadata = declared
    if hint is str:
        return (value,)
    if isinstance(hint, type) and issubclass(hint, Enum):
        for member in hint:
            if member.value == value:
                return (member,)
        return None
    if hint is int and _INT.fullmatch(value):
        number = int(value)
        for info in metadata:
            low, high = getattr(info, "min", None), getattr(info, "max", None)
            if (low is not None and number < low) or (high is not None and number > high):
                return None
        return (number,)
    return None


def _without_none(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint
