"""Simple rows: records that give a country, an edition and figures, gathered into batches.

Readers decode what they can as `Row` (typed, strict: a whole number is an int, a name a
string) and hand the rest to the lenient stage. `gather` puts rows into a `Batch` per
methodology where a batch can hold them; every other row goes to the lenient stage too.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import msgspec

from netfreedom.batch import Batch, pick
from netfreedom.errors import NetfreedomError
from netfreedom.methodologies import builtin_ids, get_methodology, methodology_for_edition

if TYPE_CHECKING:
    from netfreedom.methodology import Methodology


def _figures(name: str, *, questions: bool) -> type[msgspec.Struct]:
    """A struct of every built-in methodology's question (or category) ids, each optional."""
    ids: dict[str, None] = {}
    for methodology_id in builtin_ids():
        methodology = get_methodology(methodology_id)
        items = methodology.questions if questions else methodology.categories
        ids.update(dict.fromkeys(item.id for item in items))
    fields = [(i, int | msgspec.UnsetType, msgspec.UNSET) for i in ids]
    return msgspec.defstruct(name, fields, forbid_unknown_fields=True, gc=False)


#: Question scores by id: any built-in question, given or not.
Scores = _figures("Scores", questions=True)
#: Category totals by id: any built-in category, given or not.
Totals = _figures("Totals", questions=False)


class Row(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A record that holds nothing but a country, an edition, a methodology and figures."""

    country: str
    edition: int
    methodology: str | msgspec.UnsetType = msgspec.UNSET
    scores: Scores | msgspec.UnsetType = msgspec.UNSET  # type: ignore[valid-type]
    categories: Totals | msgspec.UnsetType = msgspec.UNSET  # type: ignore[valid-type]

    def to_builtins(self) -> dict[str, Any]:
        """The record's JSON form."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data


def default_methodology(edition: int) -> Methodology | None:
    """The built-in methodology of an edition, or None where none covers it."""
    try:
        return methodology_for_edition(edition)
    except NetfreedomError:
        return None


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
        kinds: Whether each row gives question scores (True), category totals (False), or
            both or neither (None).
        figures: The rows' question scores (under True) and category totals (under False).
        keys: How many keys the rows' JSON text writes.
    """

    countries: list[str]
    editions: list[int]
    given: list[str | None]
    kinds: list[bool | None]
    figures: dict[bool, Figures]
    keys: int

    @classmethod
    def of(cls, rows: Sequence[Row]) -> Decoded:
        """The fields of decoded rows."""
        unset = msgspec.UNSET
        given = [None if row.methodology is unset else row.methodology for row in rows]
        scores = [row.scores for row in rows]
        totals = [row.categories for row in rows]
        kinds: list[bool | None] = [
            None if (s is unset) == (t is unset) else s is not unset
            for s, t in zip(scores, totals, strict=True)
        ]
        figures = {}
        for questions, struct, values in ((True, Scores, scores), (False, Totals, totals)):
            at = [n for n, k in enumerate(kinds) if k is questions]
            figures[questions] = Figures.of(at, pick(values, at), struct.__struct_fields__)
        keys = 2 * len(rows) + len(given) - given.count(None)
        keys += sum(figure.given() + len(figure.rows) for figure in figures.values())
        for n in itertools.compress(
            range(len(kinds)), map(operator.is_, kinds, [None] * len(kinds))
        ):
            # both kinds, or neither: counted one by one
            mappings: tuple[object, object] = (rows[n].scores, rows[n].categories)
            for mapping in mappings:
                if isinstance(mapping, msgspec.Struct):
                    given_values = msgspec.structs.astuple(mapping)
                    keys += 1 + len(given_values) - given_values.count(unset)
        return cls(
            [row.country for row in rows],
            [row.edition for row in rows],
            given,
            kinds,
            figures,
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

    def gather(self, numbers: Sequence[int]) -> tuple[list[Batch], list[int]]:
        """The rows as batches, by methodology and kind of figure; and those no batch holds.

        A batch holds a row whose edition a built-in methodology covers, that names no
        other methodology, and whose figures are given for exactly that methodology's
        questions (or categories). Rows are numbered ``numbers`` in the batches; those left
        over are given by their position.
        """
        editions, given = self.editions, self.given
        defaults = {edition: default_methodology(edition) for edition in set(editions)}
        by_id = {m.id: m for m in defaults.values() if m is not None}
        ids_of = {edition: None if m is None else m.id for edition, m in defaults.items()}
        keys = list(zip(map(ids_of.__getitem__, editions), self.kinds, strict=True))
        groups: dict[tuple[str, bool], list[int]] = {}
        rest: list[int] = []
        first, kind = keys[0] if keys else (None, None)
        if (
            first is not None
            and kind is not None
            and len(set(keys)) == 1
            and set(given) <= {None, first}
        ):
            groups[first, kind] = list(range(len(keys)))  # one kind of row: no row by row
        else:
            for n, (methodology_id, questions) in enumerate(keys):
                if (
                    methodology_id is None
                    or questions is None
                    or given[n] not in (None, methodology_id)
                ):
                    rest.append(n)
                else:
                    groups.setdefault((methodology_id, questions), []).append(n)
        batches = []
        for (methodology_id, questions), members in groups.items():
            methodology = by_id[methodology_id]
            items = methodology.questions if questions else methodology.categories
            fits, columns = self.figures[questions].fit(members, [item.id for item in items])
            fitting = members
            if fits is not None:
                fitting = list(itertools.compress(members, fits))
                columns = [list(itertools.compress(column, fits)) for column in columns]
                rest += list(itertools.compress(members, map(operator.not_, fits)))
            if fitting:
                batches.append(
                    Batch(
                        methodology,
                        questions,
                        [numbers[n] for n in fitting],
                        pick(self.countries, fitting),
                        pick(editions, fitting),
                        tuple(columns),  # type: ignore[arg-type]
                    )
                )
        return batches, sorted(rest)
