"""Tables: values held column by column under names, the cheap form of many flat rows."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs

if TYPE_CHECKING:
    import pandas as pd


def column_union(kinds: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """Every name of rows of different kinds, in an order each kind keeps.

    Each kind says which of its names comes before which; the names are put in that order,
    and where the kinds do not say, in the order first seen: rows without ``C8``, then rows
    with it, give ``… C7, C8, A …``, not ``… status, C8``. (Kinds that contradict each
    other, which no reader makes, still give each name once.)
    """
    seen, later, waiting = _precedence(kinds)
    names = list(seen)
    ready = [seen[name] for name, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    merged: dict[str, None] = {}
    while len(merged) < len(names):
        # the first seen of the names whose predecessors are placed (of any, in a cycle)
        name = names[heapq.heappop(ready)] if ready else next(n for n in names if n not in merged)
        if name in merged:
            continue
        merged[name] = None
        for after in later[name]:
            waiting[after] -= 1
            if waiting[after] == 0:
                heapq.heappush(ready, seen[after])
    return tuple(merged)


def _precedence(
    kinds: Iterable[Sequence[str]],
) -> tuple[dict[str, int], dict[str, set[str]], dict[str, int]]:
    """Each name's place in the order first seen, the names after it, how many before it.

    "After" and "before" are right after and right before, in some kind.
    """
    seen: dict[str, int] = {}
    later: dict[str, set[str]] = {}
    waiting: dict[str, int] = {}
    for names in kinds:
        for name in names:
            if name not in seen:
                seen[name], later[name], waiting[name] = len(seen), set(), 0
        for before, after in itertools.pairwise(names):
            if after not in later[before]:
                later[before].add(after)
                waiting[after] += 1
    return seen, later, waiting


class Deferred(Sequence[Any]):
    """A column computed when first used: costly values a caller may never ask for."""

    __slots__ = ("_make", "_values")

    def __init__(self, make: Callable[[], list[Any]]) -> None:
        self._make = make
        self._values: list[Any] | None = None

    @property
    def computed(self) -> list[Any]:
        """The values (computed on the first use)."""
        if self._values is None:
            self._values = self._make()
        return self._values

    def __len__(self) -> int:
        return len(self.computed)

    @overload
    def __getitem__(self, index: int) -> Any: ...  # noqa: ANN401 - a column of any values
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.computed[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.computed)

    def __eq__(self, other: object) -> bool:
        return self.computed == (other.computed if isinstance(other, Deferred) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.computed) if self._values is not None else "<computed when used>"


def _columns(data: Iterable[Iterable[Any]]) -> tuple[Sequence[Any], ...]:
    """Columns as lists (a list, or a column computed when used, is kept as it is)."""
    return tuple(
        values if type(values) is list or isinstance(values, Deferred) else list(values)
        for values in data
    )


@attrs.frozen
class Table:
    """Values under named columns, such as the panel rows of 100,000 reports.

    Holding one sequence per column instead of one dict per row saves most of the time
    and memory of a large panel; `rows` gives tuples, `dicts` dicts, `to_pandas` a frame.

    Attributes:
        columns: Column names, in order.
        data: One sequence per column, a value per row (None where a row has none). A
            costly column may be computed when first used (`Deferred`).
    """

    columns: tuple[str, ...]
    data: tuple[Sequence[Any], ...] = attrs.field(converter=_columns)

    @classmethod
    def of(cls, names: Sequence[tuple[str, ...]], values: Sequence[tuple[Any, ...]]) -> Table:
        """A table from rows given as names and values (rows may name different columns).

        The columns are every name, in an order each row keeps (`column_union`); a row
        that lacks a column holds None there.
        """
        kinds = set(names)
        if not kinds:
            return cls((), ())
        if len(kinds) == 1:
            columns = names[0]
            rows: Sequence[tuple[Any, ...]] = values
        else:
            columns = column_union(dict.fromkeys(names))
            rows = [
                tuple(map(dict(zip(n, v, strict=True)).get, columns))
                for n, v in zip(names, values, strict=True)
            ]
        if not rows:
            return cls(columns, [[] for _ in columns])
        return cls(columns, [list(column) for column in zip(*rows, strict=True)])

    def __len__(self) -> int:
        """The number of rows."""
        return len(self.data[0]) if self.data else 0

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """One tuple per row (made on each access)."""
        return list(zip(*self.data, strict=True))

    def column(self, name: str) -> Sequence[Any]:
        """The values of one column, a value per row.

        Raises:
            KeyError: No column has that name.
        """
        try:
            return self.data[self.columns.index(name)]
        except ValueError:
            raise KeyError(name) from None

    def dicts(self) -> list[dict[str, Any]]:
        """One dict per row, column names to values."""
        return [dict(zip(self.columns, row, strict=True)) for row in zip(*self.data, strict=True)]

    def to_pandas(self) -> pd.DataFrame:
        """The table as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd  # noqa: PLC0415 - optional extra, imported only when asked for
        except ImportError:
            message = "to_pandas() needs pandas: pip install 'netfreedom[pandas]'"
            raise ImportError(message) from None
        return pd.DataFrame(dict(zip(self.columns, map(list, self.data), strict=True)))
