"""The ``netfreedom`` command: one module per subcommand, built on argparse.

Exit codes: 0 clean, 1 findings (or a report that cannot be scored), 2 unusable
input or usage. Bad input never produces a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import os
import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import EXIT_UNUSABLE
from netfreedom.errors import NetfreedomError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main", "parser"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with one line, like all bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_UNUSABLE, f"{self.prog}: error: {message}\n")


#: Every subcommand, by name, in the order the help lists them: the module that holds it.
_COMMANDS = {
    "score": "netfreedom.cli._score",
    "validate": "netfreedom.cli._validate",
    "parse": "netfreedom.cli._parse",
    "diff": "netfreedom.cli._diff",
    "panel": "netfreedom.cli._panel",
    "plot": "netfreedom.cli._plot",
    "report": "netfreedom.cli._report",
    "schema": "netfreedom.cli._schema",
}


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``netfreedom`` command, with every subcommand.

    With ``command``, only that subcommand is added (and its module imported): a run
    builds what it parses, each subcommand being a start-up cost.
    """
    top = _Parser(
        prog="netfreedom",
        description="Score, validate, parse and compare Freedom on the Net country reports"
        " and Freedom in the World data.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in _COMMANDS.items():
        if command in (None, name):
            importlib.import_module(module).register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    named = arguments[0] if arguments and arguments[0] in _COMMANDS else None
    args = parser(named).parse_args(arguments)
    # A command is short-lived and makes few reference cycles: the cyclic collector's passes
    # over a large panel's objects only cost time (5% of the instructions of `panel --deltas`
    # on 100,000 JSON reports). It runs again afterwards, for a caller of `main` in the same
    # process.
    enabled = gc.isenabled()
    gc.disable()
    out = _Output(sys.stdout)
    try:
        code: int = args.handler(args, out)
    except NetfreedomError as error:
        print(f"netfreedom: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as error:  # an output file (-o) that cannot be written
        print(f"netfreedom: error: {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        if enabled:
            gc.enable()
    if out.closed_by_reader:
        # the reader (`head`, say) left: what is left unwritten goes nowhere, without an
        # error at exit; the exit code is the command's own
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


class _Output(io.TextIOBase):
    """Standard output that a reader may close: writing stops, the command goes on.

    A command whose reader leaves early (``netfreedom validate big.csv | head -1``) still
    finishes and exits with its own code: 1 when it found problems.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.closed_by_reader = False

    def write(self, text: str) -> int:
        if not self.closed_by_reader:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self.closed_by_reader = True
        return len(text)

    def flush(self) -> None:
        if not self.closed_by_reader:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self.closed_by_reader = True

    def writable(self) -> bool:
        return True
