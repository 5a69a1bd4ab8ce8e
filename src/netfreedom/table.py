"""Tables: named columns and one tuple per row, the cheap form of many flat rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import pandas as pd


@attrs.frozen
class Table:
    """Rows of values under named columns, such as the panel rows of 100,000 reports.

    Holding tuples instead of one dict per row saves most of the time and memory of a
    large panel; `dicts` gives the dict form, `column` one column, `to_pandas` a frame.

    Attributes:
        columns: Column names, in order.
        rows: One tuple per row, a value per column (None where a row has no value).
    """

    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]

    @classmethod
    def of(cls, names: Sequence[tuple[str, ...]], values: Sequence[tuple[Any, ...]]) -> Table:
        """A table from rows given as names and values (rows may name different columns).

        The columns are every name in the order first seen; a row that lacks a column
        holds None there.
        """
        kinds = set(names)
        if len(kinds) == 1:
            return cls(names[0], list(values))
        columns = tuple(dict.fromkeys(name for row in names for name in row))
        rows = [
            tuple(map(dict(zip(n, v, strict=True)).get, columns))
            for n, v in zip(names, values, strict=True)
        ]
        return cls(columns, rows)

    def __len__(self) -> int:
        """The number of rows."""
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of one column, a value per row.

        Raises:
            KeyError: No column has that name.
        """
        try:
            at = self.columns.index(name)
        except ValueError:
            raise KeyError(name) from None
        return [row[at] for row in self.rows]

    def dicts(self) -> list[dict[str, Any]]:
        """One dict per row, column names to values."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """The table as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd  # noqa: PLC0415 - optional extra, imported only when asked for
        except ImportError:
            message = "to_pandas() needs pandas: pip install 'netfreedom[pandas]'"
            raise ImportError(message) from None
        return pd.DataFrame.from_records(list(self.rows), columns=list(self.columns))
