"""Exceptions: raised only for misuse and for input that cannot be read at all.

Problems in readable data are not exceptions: they are findings
(see `netfreedom.findings`).
"""

from __future__ import annotations

import attrs


class NetfreedomError(Exception):
    """Base class of every exception the library raises on purpose."""


class UnknownEditionError(NetfreedomError, LookupError):
    """No methodology covers the edition."""


class UnknownMethodologyError(NetfreedomError, LookupError):
    """No methodology has the id."""


class UnknownExampleError(NetfreedomError, LookupError):
    """No bundled example has the name."""


class ScoringError(NetfreedomError, ValueError):
    """A report cannot be scored as it stands (validate it to see why)."""


@attrs.frozen
class SourceLocation:
    """Where in an input something is.

    Attributes:
        source: File path, ``"<stdin>"``, or an example name.
        line: 1-based line number, when known.
        column: 1-based column number, when known.
        path: JSON path such as ``$[3].scores.A1``, when known.
    """

    source: str
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        text = self.source
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.path is not None:
            text += f" at {self.path}"
        return text


class LoadError(NetfreedomError):
    """Input that cannot be read at all: missing file, bad encoding, broken syntax.

    Attributes:
        location: Where reading failed.
        reason: What went wrong, without the location.
    """

    def __init__(self, location: SourceLocation, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


class MethodologyError(LoadError):
    """A methodology file that is unreadable or contradicts itself."""


class ParseError(LoadError):
    """Text that is not a Freedom on the Net report at all."""


class EditionRequiredError(ParseError):
    """The report text does not say which edition it belongs to; pass it explicitly."""
