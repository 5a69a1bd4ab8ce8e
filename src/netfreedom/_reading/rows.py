"""Simple rows: records that give a country, an edition and figures, gathered into batches.

Readers decode what they can as a `Row` (typed, strict: a whole number is an int, a name a
string; see `shapes`) and hand the rest to the lenient stage. `Decoded.gather` puts rows
into a `Batch` per methodology where a batch can hold them; every other row goes to the
lenient stage too.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs
import msgspec

from netfreedom._reading.source import default_methodology, normal_names
from netfreedom.batch import Batch, pick, scatter
from netfreedom.methodologies import builtin_ids, get_methodology

if TYPE_CHECKING:
    from netfreedom.methodology import Methodology


class Row(Protocol):
    """A decoded record that holds nothing but a country, an edition, a methodology and figures.

    Its figures are structs of `Shapes.scores` and `Shapes.totals`, or `msgspec.UNSET`.
    """

    country: str
    edition: int
    methodology: str | msgspec.UnsetType
    scores: Any
    categories: Any


@attrs.frozen
class Shapes:
    """The struct types of simple records, and their decoders.

    Attributes:
        scores: Question scores by id: any built-in methodology's question, each optional.
        totals: Category totals by id: any built-in methodology's category, each optional.
        row: A record: country, edition, methodology, scores, categories (strict types).
        one: Decodes one record's JSON as a row.
        many: Decodes a JSON array of records as rows.
    """

    scores: type[msgspec.Struct]
    totals: type[msgspec.Struct]
    row: type[msgspec.Struct]
    one: msgspec.json.Decoder[Row]
    many: msgspec.json.Decoder[list[Row]]


@functools.cache
def shapes() -> Shapes:
    """The shapes of simple records, made from the built-in methodologies on first use."""
    ids: dict[bool, dict[str, None]] = {True: {}, False: {}}
    for methodology_id in builtin_ids():
        methodology = get_methodology(methodology_id)
        ids[True].update(dict.fromkeys(q.id for q in methodology.questions))
        ids[False].update(dict.fromkeys(c.id for c in methodology.categories))
    unset = msgspec.UNSET
    scores, totals = (
        msgspec.defstruct(
            name,
            [(i, int | msgspec.UnsetType, unset) for i in ids[questions]],
            forbid_unknown_fields=True,
            gc=False,
        )
        for name, questions in (("Scores", True), ("Totals", False))
    )
    row = msgspec.defstruct(
        "Row",
        [
            ("country", str),
            ("edition", int),
            ("methodology", str | msgspec.UnsetType, unset),
            ("scores", scores | msgspec.UnsetType, unset),
            ("categories", totals | msgspec.UnsetType, unset),
        ],
        forbid_unknown_fields=True,
        gc=False,
    )
    return Shapes(scores, totals, row, msgspec.json.Decoder(row), msgspec.json.Decoder(list[row]))  # type: ignore[valid-type]


def to_builtins(row: Row) -> dict[str, Any]:
    """A row's JSON form."""
    data: dict[str, Any] = msgspec.to_builtins(row)
    return data


@attrs.frozen
class Figures:
    """One kind of figure of many rows, column by column.

    Attributes:
        rows: The positions of the rows that give this kind of figure (and not the other).
        columns: By id, each row's value (`msgspec.UNSET` where it gives none).
    """

    rows: list[int]
    columns: dict[str, Sequence[object]]

    @classmethod
    def of(cls, rows: list[int], structs: Sequence[object], ids: Sequence[str]) -> Figures:
        """The figures of these rows, given as structs of ``ids``."""
        values = list(zip(*map(msgspec.structs.astuple, structs), strict=True))  # type: ignore[arg-type]
        return cls(rows, dict(zip(ids, values or [()] * len(ids), strict=True)))

    def given(self) -> int:
        """How many values the rows give."""
        unset = msgspec.UNSET
        return sum(len(column) - column.count(unset) for column in self.columns.values())

    def fit(
        self, members: list[int], ids: list[str]
    ) -> tuple[list[bool] | None, list[Sequence[object]]]:
        """The columns of ``ids`` for rows ``members``, and which of them give exactly these ids.

        None in place of the second: every member does.
        """
        unset = msgspec.UNSET
        if members == self.rows:
            positions = None
        else:
            where = {row: k for k, row in enumerate(self.rows)}
            positions = [where[m] for m in members]
        fits: list[bool] | None = None
        chosen = {}
        for name, column in self.columns.items():
            values = column if positions is None else pick(column, positions)
            wanted = name in ids
            if (unset in values) if wanted else values.count(unset) != len(values):
                ok = [(v is not unset) is wanted for v in values]
                fits = ok if fits is None else list(map(operator.and_, fits, ok))
            if wanted:
                chosen[name] = values
        return fits, [chosen[i] for i in ids]


@attrs.frozen
class Decoded:
    """Decoded rows, field by field.

    Attributes:
        countries: Each row's country.
        editions: Each row's edition.
        given: The methodology each row names (None: none).
        scores: The question scores of the rows that give them.
        totals: The category totals of the rows that give them.
        keys: How many keys the rows' JSON text writes.
    """

    countries: list[str]
    editions: list[int]
    given: list[str | None]
    scores: Figures
    totals: Figures
    keys: int

    @classmethod
    def of(cls, rows: Sequence[Row]) -> Decoded:
        """The fields of decoded rows."""
        unset = msgspec.UNSET
        given = [None if row.methodology is unset else row.methodology for row in rows]
        figures = []
        for struct, values in (
            (shapes().scores, [r.scores for r in rows]),
            (shapes().totals, [r.categories for r in rows]),
        ):
            at = list(
                itertools.compress(
                    range(len(rows)), map(operator.is_not, values, [unset] * len(values))
                )
            )
            figures.append(Figures.of(at, pick(values, at), struct.__struct_fields__))
        scores, totals = figures
        keys = 2 * len(rows) + len(given) - given.count(None)
        keys += sum(figure.given() + len(figure.rows) for figure in figures)
        return cls(
            normal_names([row.country for row in rows]),
            [row.edition for row in rows],
            given,
            scores,
            totals,
            keys,
        )

    def proven(self, colons: int) -> bool:
        """Whether decoding text with this many colons lost no repeated key.

        Outside strings, each colon of JSON text follows a key. When no string (a name, a
        methodology; ids are known names) holds a colon, the text holds exactly one colon
        per key written, and a repeated key, which decoding keeps once, would leave more
        colons than the rows have keys.
        """
        names = [*self.countries, *filter(None, self.given)]
        return colons == self.keys and ":" not in "".join(names)

    def _kinds(self) -> list[tuple[bool, bool]]:
        """Whether each row gives question scores, and whether it gives category totals."""
        count = len(self.countries)
        has_scores, has_totals = [False] * count, [False] * count
        scatter(has_scores, self.scores.rows, [True] * len(self.scores.rows))
        scatter(has_totals, self.totals.rows, [True] * len(self.totals.rows))
        return list(zip(has_scores, has_totals, strict=True))

    def gather(self, numbers: Sequence[int]) -> tuple[list[Batch], list[int]]:
        """The rows as batches, by methodology and kind of figure; and those no batch holds.

        A batch holds a row whose edition a built-in methodology covers, that names no
        other methodology, and whose figures are given for exactly that methodology's
        questions (with or without its category totals) or categories. Rows are numbered
        ``numbers`` in the batches; those left over are given by their position.
        """
        editions, given = self.editions, self.given
        defaults = {edition: default_methodology(edition) for edition in set(editions)}
        by_id = {m.id: m for m in defaults.values() if m is not None}
        ids_of = {edition: None if m is None else m.id for edition, m in defaults.items()}
        keys = list(zip(map(ids_of.__getitem__, editions), self._kinds(), strict=True))
        groups: dict[tuple[str, tuple[bool, bool]], list[int]] = {}
        rest: list[int] = []
        first, kind = keys[0] if keys else (None, (False, False))
        if first is not None and any(kind) and len(set(keys)) == 1 and set(given) <= {None, first}:
            groups[first, kind] = list(range(len(keys)))  # one kind of row: no row by row
        else:
            for n, (methodology_id, kind) in enumerate(keys):
                if (
                    methodology_id is None
                    or not any(kind)
                    or given[n] not in (None, methodology_id)
                ):
                    rest.append(n)
                else:
                    groups.setdefault((methodology_id, kind), []).append(n)
        batches = []
        for (methodology_id, (questions, stated)), members in groups.items():
            methodology = by_id[methodology_id]
            batch, fitting = self._batch(methodology, questions, questions and stated, members)
            rest += sorted(set(members) - set(fitting))
            if batch is not None:
                batches.append(attrs.evolve(batch, records=[numbers[n] for n in fitting]))
        return batches, sorted(rest)

    def _batch(
        self, methodology: Methodology, questions: bool, stated: bool, members: list[int]
    ) -> tuple[Batch | None, list[int]]:
        """The members that give exactly these figures (by position), and their batch."""
        items = methodology.questions if questions else methodology.categories
        figure_fits, columns = (self.scores if questions else self.totals).fit(
            members, [item.id for item in items]
        )
        fits = [figure_fits]
        stated_columns: list[Sequence[object]] = []
        if stated:
            total_fits, stated_columns = self.totals.fit(
                members, [c.id for c in methodology.categories]
            )
            fits.append(total_fits)
        masks = [f for f in fits if f is not None]
        fitting = members
        if masks:
            keep = list(map(all, zip(*masks, strict=True)))
            fitting = list(itertools.compress(members, keep))
            columns = [list(itertools.compress(c, keep)) for c in columns]
            stated_columns = [list(itertools.compress(c, keep)) for c in stated_columns]
        if not fitting:
            return None, []
        batch = Batch(
            methodology,
            questions,
            fitting,
            pick(self.countries, fitting),
            pick(self.editions, fitting),
            tuple(columns),  # type: ignore[arg-type]
            tuple(stated_columns),  # type: ignore[arg-type]
        )
        return batch, fitting
