"""Simple rows: records that give a country, an edition and figures, gathered into batches.

Readers decode what they can as `Row` (typed, strict: a whole number is an int, a name a
string) and hand the rest to the lenient stage. `gather` puts rows into a `Batch` per
methodology where a batch can hold them; every other row goes to the lenient stage too.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import msgspec

from netfreedom.batch import Batch
from netfreedom.errors import NetfreedomError
from netfreedom.methodologies import methodology_for_edition

if TYPE_CHECKING:
    from netfreedom.methodology import Methodology


class Row(msgspec.Struct, forbid_unknown_fields=True):
    """A record that holds nothing but a country, an edition, a methodology and figures."""

    country: str
    edition: int
    methodology: str | msgspec.UnsetType = msgspec.UNSET
    scores: dict[str, int] | msgspec.UnsetType = msgspec.UNSET
    categories: dict[str, int] | msgspec.UnsetType = msgspec.UNSET

    def keys(self) -> int:
        """How many keys the record's JSON form has."""
        count = 2 + (self.methodology is not msgspec.UNSET)
        for figures in (self.scores, self.categories):
            if not isinstance(figures, msgspec.UnsetType):
                count += 1 + len(figures)
        return count

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
class Fields:
    """The fields of many rows, a sequence per field.

    Attributes:
        countries: Each row's country.
        editions: Each row's edition.
        given: The methodology each row names (None: none).
        figures: Each row's scores or category totals (None: neither, or both).
        questions: Whether each row's figures are question scores.
    """

    countries: Sequence[str]
    editions: Sequence[int]
    given: Sequence[str | None]
    figures: Sequence[dict[str, int] | None]
    questions: Sequence[bool]


def gather(numbers: Sequence[int], fields: Fields) -> tuple[list[Batch], list[int]]:
    """Rows as batches, by methodology and kind of figure; and the rows no batch can hold.

    A batch holds a row whose edition a built-in methodology covers, that names no other
    methodology, and whose figures are given for exactly that methodology's questions (or
    categories). Rows are numbered ``numbers`` in the batches; those left over are given by
    their position.
    """
    countries, editions, given = fields.countries, fields.editions, fields.given
    figures, questions = fields.figures, fields.questions
    defaults: dict[int, Methodology | None] = {}
    groups: dict[tuple[str, bool], list[int]] = {}
    kinds: dict[tuple[str, bool], tuple[Methodology, frozenset[str]]] = {}
    rest: list[int] = []
    for n, edition in enumerate(editions):
        if edition not in defaults:
            defaults[edition] = default_methodology(edition)
        methodology = defaults[edition]
        named = given[n]
        if methodology is None or figures[n] is None or named not in (None, methodology.id):
            rest.append(n)
            continue
        key = (methodology.id, questions[n])
        if key not in kinds:
            items = methodology.questions if questions[n] else methodology.categories
            kinds[key] = (methodology, frozenset(item.id for item in items))
        groups.setdefault(key, []).append(n)
    batches = []
    for key, members in groups.items():
        methodology, wanted = kinds[key]
        chosen: list[dict[str, int]] = [figures[n] for n in members]  # type: ignore[misc]
        fitting = [m for m, f in zip(members, chosen, strict=True) if f.keys() == wanted]
        if len(fitting) != len(members):
            rest += sorted(set(members) - set(fitting))
            chosen = [figures[n] for n in fitting]  # type: ignore[misc]
        if not fitting:
            continue
        ids = [item.id for item in (methodology.questions if key[1] else methodology.categories)]
        columns = tuple(list(map(operator.itemgetter(i), chosen)) for i in ids)
        batches.append(
            Batch(
                methodology,
                key[1],
                [numbers[n] for n in fitting],
                [countries[n] for n in fitting],
                [editions[n] for n in fitting],
                columns,
            )
        )
    return batches, sorted(rest)


def gather_rows(rows: Sequence[Row], numbers: Sequence[int]) -> tuple[list[Batch], list[int]]:
    """`gather` for decoded rows; the rows left over are given by their position."""
    unset = msgspec.UNSET
    scores = [row.scores for row in rows]
    categories = [row.categories for row in rows]
    figures: list[dict[str, int] | None] = [
        None if (s is unset) == (c is unset) else (c if s is unset else s)  # type: ignore[misc]
        for s, c in zip(scores, categories, strict=True)
    ]
    fields = Fields(
        [row.country for row in rows],
        [row.edition for row in rows],
        [None if row.methodology is unset else row.methodology for row in rows],
        figures,
        [s is not unset for s in scores],
    )
    return gather(numbers, fields)
