"""Sphinx directives that print what the code defines, so the docs cannot drift from it.

- ``netfreedom-findings``: the findings catalogue, from ``netfreedom.CATALOGUE``.
- ``netfreedom-cli COMMAND``: the real ``--help`` text of a command.
"""

from __future__ import annotations

import contextlib
import io
import os
from typing import TYPE_CHECKING, ClassVar
from unittest import mock

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from netfreedom import CATALOGUE
from netfreedom.cli import parser

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def findings_markdown() -> list[str]:
    """The catalogue as a Markdown table, one row per code, in catalogue order."""
    lines = ["| Code | Severity | Group | Meaning |", "|---|---|---|---|"]
    for kind in CATALOGUE.values():
        meaning = f"**{kind.title}.** {kind.description}".replace("|", "\\|")
        lines.append(f"| `{kind.code}` | {kind.severity.value} | {kind.group} | {meaning} |")
    return lines


def help_text(command: str | None) -> str:
    """The ``--help`` output of ``netfreedom`` or one of its commands, 100 columns wide."""
    argv = [command, "--help"] if command else ["--help"]
    out = io.StringIO()
    with (
        mock.patch.dict(os.environ, {"COLUMNS": "100"}),
        contextlib.redirect_stdout(out),
        contextlib.suppress(SystemExit),
    ):
        parser().parse_args(argv)
    return out.getvalue()


class FindingsDirective(SphinxDirective):
    """Insert the findings catalogue."""

    def run(self) -> list[nodes.Node]:
        """Parse the generated Markdown table in place."""
        container = nodes.container()
        self.state.nested_parse(StringList(findings_markdown()), self.content_offset, container)
        return list(container.children)


class CliDirective(SphinxDirective):
    """Insert the ``--help`` text of a command (no argument: the top-level command)."""

    optional_arguments: ClassVar[int] = 1

    def run(self) -> list[nodes.Node]:
        """Return the help text as a literal block."""
        text = help_text(self.arguments[0] if self.arguments else None)
        block = nodes.literal_block(text, text)
        block["language"] = "text"
        return [block]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directives."""
    app.add_directive("netfreedom-findings", FindingsDirective)
    app.add_directive("netfreedom-cli", CliDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
