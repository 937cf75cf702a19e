"""Exceptions and warnings that the package raises."""

from __future__ import annotations


class BatchCallsFuzzError(Exception):
    """Base class of the package's errors."""


class SchemaError(BatchCallsFuzzError, ValueError):
    """A schema document that cannot be turned into the schema model.

    ``pointer`` is the RFC 6901 pointer of the offending place in the schema document.
    """

    def __init__(self, message: str, pointer: str = "") -> None:
        self.pointer = pointer
        self.reason = message
        super().__init__(f"{message} (at schema pointer '{pointer}')")


class SchemaWarning(UserWarning):
    """A problem in a schema document that the front end could work around."""
