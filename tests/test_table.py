"""Tables: rows as tuples under named columns, and their CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import Table
from netfreedom.cli import _display
from netfreedom.cli._display import write_csv_rows, write_table_csv
from netfreedom.table import Deferred, column_union

#: Kinds of rows: each a subsequence of one order of names, as readers write them.
_ORDER = ("country", "edition", "A1", "A2", "C7", "C8", "A", "B", "total", "status")
_KINDS = st.lists(
    st.lists(st.sampled_from(_ORDER), unique=True).map(
        lambda ns: tuple(sorted(ns, key=_ORDER.index))
    ),
    max_size=6,
)


class TestColumnUnion:
    @given(_KINDS)
    def test_keeps_every_kind_in_order(self, kinds: list[tuple[str, ...]]) -> None:
        """Every name once, each kind's names in its order; rows that start with a kind
        naming every column keep that kind's order."""
        merged = column_union(kinds)
        assert sorted(merged) == sorted({name for kind in kinds for name in kind})
        for kind in kinds:
            assert kind == tuple(name for name in merged if name in kind)
        if kinds and set(kinds[0]) == set(merged):
            assert merged == kinds[0]

    def test_contradicting_kinds(self) -> None:
        """Kinds no reader makes, in opposite orders: each name once all the same."""
        assert sorted(column_union([("a", "b"), ("b", "a"), ("c",)])) == ["a", "b", "c"]

    def test_a_name_added_later_goes_before_its_next_neighbour(self) -> None:
        """A report without C8, then one with it: C8 stands before A, not after status."""
        first = ("country", "C7", "A", "total", "status")
        assert column_union([first, ("country", "C7", "C8", "A", "total", "status")]) == (
            "country", "C7", "C8", "A", "total", "status",
        )  # fmt: skip
        assert column_union([("a", "b"), ("a", "c")]) == ("a", "b", "c")  # no order: as seen


class TestTable:
    def test_uniform(self) -> None:
        """Rows that name the same columns keep them, in order."""
        table = Table.of([("a", "b"), ("a", "b")], [(1, "x"), (2, "y")])
        assert table.columns == ("a", "b")
        assert table.data == ([1, 2], ["x", "y"])
        assert table.rows == [(1, "x"), (2, "y")]
        assert len(table) == 2
        assert table.column("b") == ["x", "y"]
        assert table.dicts() == [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]

    def test_mixed(self) -> None:
        """Rows that name different columns: every name in first-seen order, None for gaps."""
        table = Table.of([("a", "b"), ("a", "c")], [(1, 2), (3, 4)])
        assert table.columns == ("a", "b", "c")
        assert table.rows == [(1, 2, None), (3, None, 4)]

    def test_empty(self) -> None:
        """No rows: no columns either, unless they are named."""
        assert len(Table.of([], [])) == 0
        assert Table(("a",), [[]]).rows == []

    def test_deferred(self) -> None:
        """A costly column is computed when first used, and once."""
        calls: list[int] = []

        def make() -> list[int]:
            calls.append(1)
            return [1, 2]

        column = Deferred(make)
        table = Table(("a", "b"), [[3, 4], column])
        assert len(table) == 2
        assert calls == []
        assert repr(column) == "<computed when used>"
        assert table.rows == [(3, 1), (4, 2)]
        assert table.column("b") == [1, 2]
        assert table == Table(("a", "b"), [[3, 4], [1, 2]])
        assert calls == [1]

    def test_unknown_column(self) -> None:
        """Asking for a column the table lacks is a KeyError naming it."""
        with pytest.raises(KeyError, match="'z'"):
            Table.of([("a",)], [(1,)]).column("z")

    def test_pandas(self) -> None:
        """The frame has the table's columns and values."""
        pytest.importorskip("pandas")
        frame = Table.of([("a", "b")], [(1, "x")]).to_pandas()
        assert list(frame.columns) == ["a", "b"]
        assert frame.to_dict("records") == [{"a": 1, "b": "x"}]


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.sampled_from(["", "None", "Aland", 'Say "when"', "a,b", "line\nbreak", "cr\r", " pad "]),
    st.text(max_size=8),
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 5))
    columns = tuple(f"c{i}" for i in range(width))
    rows = draw(st.lists(st.tuples(*[cells] * width), max_size=12))
    return Table(columns, [[row[k] for row in rows] for k in range(width)])


def _dict_csv(table: Table) -> str:
    """The table's header and rows as the csv module writes them, row by row."""
    out = io.StringIO()
    write_csv_rows([table.columns, *table.rows], out)
    return out.getvalue()


class TestTableCsv:
    @given(tables())
    def test_same_as_csv_module(self, table: Table) -> None:
        """The fast writer writes exactly what the csv module writes for the same rows."""
        out = io.StringIO()
        write_table_csv(table, out)
        assert out.getvalue() == _dict_csv(table)

    def test_chunks(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Rows are written chunk by chunk; a chunk that needs quoting does not spoil others."""
        monkeypatch.setattr(_display, "_CHUNK", 2)
        rows: list[tuple[Any, ...]] = [("a", 1), ("b,c", 2), ("d", None), ("e", 4), ("f", 5)]
        table = Table(("name", "n"), list(zip(*rows, strict=True)))
        out = io.StringIO()
        write_table_csv(table, out)
        assert out.getvalue() == 'name,n\na,1\n"b,c",2\nd,\ne,4\nf,5\n'
        assert list(csv.reader(io.StringIO(out.getvalue())))[2] == ["b,c", "2"]
