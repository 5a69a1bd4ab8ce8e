"""Sphinx directives that print what the code defines, so the docs cannot drift from it.

- ``netfreedom-findings``: the findings catalogue, from ``netfreedom.CATALOGUE``.
- ``netfreedom-cli COMMAND``: the real ``--help`` text of a command.
- ``netfreedom-plot KIND``: a picture drawn, as the docs are built, from files of
  ``docs/examples`` (``:sources:``), by `netfreedom.plots`.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from unittest import mock

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from netfreedom import CATALOGUE, read_dataset
from netfreedom.cli import parser
from netfreedom.plots import inline_svg, movers, scorecard, trajectory

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


class PlotDirective(SphinxDirective):
    """Draw a trajectory, a scorecard or an edition's movers, inline as SVG."""

    required_arguments: ClassVar[int] = 1
    option_spec: ClassVar[dict[str, object]] = {  # type: ignore[misc]
        "sources": directives.unchanged_required,
        "countries": directives.unchanged,
        "edition": directives.nonnegative_int,
        "alt": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        """Read the sources, draw, and return the SVG as raw HTML."""
        examples = Path(self.env.srcdir) / "examples"
        sources = [examples / name for name in self.options["sources"].split()]
        panel = read_dataset(*sources).panel()
        kind = self.arguments[0]
        if kind == "trajectory":
            countries = self.options.get("countries")
            ax = trajectory(panel, countries.split(",") if countries else None)
        elif kind == "movers":
            ax = movers(panel, self.options["edition"])
        else:
            ax = scorecard(next(iter(panel)))
        prefix = f"plot{self.env.new_serialno('netfreedom-plot')}-{self.env.docname}-"
        svg = inline_svg(ax, prefix.replace("/", "-"), self.options["alt"])
        return [nodes.raw("", f'<div class="netfreedom-plot">{svg}</div>', format="html")]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directives."""
    app.add_directive("netfreedom-findings", FindingsDirective)
    app.add_directive("netfreedom-cli", CliDirective)
    app.add_directive("netfreedom-plot", PlotDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
