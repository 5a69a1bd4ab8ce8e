from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


class TestReadme:
    def test_examples_run(self) -> None:
        """Every >>> example in README.md gives the output it shows."""
        text = README.read_text(encoding="utf-8")
        test = doctest.DocTestParser().get_doctest(text, {}, "README.md", str(README), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert (0, 7) == tuple(runner.summarize(verbose=False))
