"""The ``netfreedom`` command: one module per subcommand, built on argparse.

Exit codes: 0 clean, 1 findings (or a report that cannot be scored), 2 unusable
input or usage. Bad input never produces a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from netfreedom._collector import paused
from netfreedom.cli import _diff, _panel, _parse, _schema, _score, _validate
from netfreedom.cli._display import EXIT_CLEAN, EXIT_UNUSABLE
from netfreedom.errors import NetfreedomError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main", "parser"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with one line, like all bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_UNUSABLE, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``netfreedom`` command, with every subcommand."""
    top = _Parser(
        prog="netfreedom",
        description="Score, validate, parse and compare Freedom on the Net country reports.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (_score, _validate, _parse, _diff, _panel, _schema):
        command.register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parser().parse_args(argv)
    try:
        # A command is short-lived and makes few reference cycles: the collector's passes
        # over every row of a large panel would only cost time.
        with paused():
            code: int = args.handler(args, sys.stdout)
    except NetfreedomError as error:
        print(f"netfreedom: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        return EXIT_CLEAN
    return code
