"""Simple rows: records that give a country, an edition and figures, gathered into batches.

Readers decode what they can as a `Row` (typed, strict: a whole number is an int, a name a
string; see `shapes`) and hand the rest to the lenient stage. `Decoded.gather` puts rows
into a `Batch` per methodology where a batch can hold them; every other row goes to the
lenient stage too.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import attrs
import msgspec

from netfreedom._reading.source import default_methodology, normal_names, status_named
from netfreedom.batch import Batch, columns_of, describes, occurrences, pick, scatter
from netfreedom.errors import NetfreedomError
from netfreedom.methodologies import builtin_figures, get_methodology, index_key, indexes
from netfreedom.methodology import DEFAULT_INDEX, Methodology
from netfreedom.reports import NotWholeNumberError, whole_number

#: A row's methodology and the adjustments its edition scores, by id.
_Target = tuple[str, tuple[str, ...]]


class Row(Protocol):
    """A decoded record that holds nothing but what a batch holds.

    A country, an edition, perhaps a methodology or an index, a region and whether it is
    a territory; its figures are structs of `Shapes.scores` and `Shapes.totals`, its
    published figures one of `Shapes.published`, or `msgspec.UNSET`; perhaps a coverage
    period; no Score Change note (an empty list, if any), no facts or text. Any optional
    field may be None: given as null, not given.
    """

    country: str
    edition: int | float
    methodology: str | msgspec.UnsetType | None
    index: str | msgspec.UnsetType | None
    region: str | msgspec.UnsetType | None
    territory: bool | msgspec.UnsetType | None
    scores: Any
    categories: Any
    published: Any
    score_changes: tuple[()] | msgspec.UnsetType | None
    coverage: Any


@attrs.frozen
class Shapes:
    """The struct types of simple records, and their decoders.

    Attributes:
        scores: Scores by id: any built-in methodology's question or adjustment, each
            optional.
        totals: Category totals by id: any built-in methodology's category, each optional.
        groups: Group figures (totals or ratings) by id: any built-in group, each optional.
        published: A published total, status, category totals, group totals, ratings and
            last year's total, each optional.
        row: A record: country, edition, methodology, index, region, territory, scores,
            categories, published (strict types).
        one: Decodes one record's JSON as a row.
        many: Decodes a JSON array of records as rows.
    """

    scores: type[msgspec.Struct]
    totals: type[msgspec.Struct]
    groups: type[msgspec.Struct]
    published: type[msgspec.Struct]
    row: type[msgspec.Struct]
    one: msgspec.json.Decoder[Row]
    many: msgspec.json.Decoder[list[Row]]


#: A row's optional fields: a row gives each, gives it as null (not given), or leaves it out.
_OPTIONAL = (
    "methodology",
    "index",
    "region",
    "territory",
    "scores",
    "categories",
    "published",
    "score_changes",
    "coverage",
    "facts",
    "narrative",
)


def _struct(
    name: str, fields: Sequence[tuple[str, Any]], *, nullable: bool = False
) -> type[msgspec.Struct]:
    """A struct of optional fields, each read by its name in JSON (``Add Q``).

    ``nullable``: each may also be null (then not given).
    """
    unset = msgspec.UNSET
    null = None if nullable else msgspec.UnsetType
    return msgspec.defstruct(
        name,
        [
            (f"f{n}", kind | null | msgspec.UnsetType, msgspec.field(default=unset, name=field))
            for n, (field, kind) in enumerate(fields)
        ],
        forbid_unknown_fields=True,
        gc=False,
    )


@functools.cache
def shapes(*, fractions: bool = False) -> Shapes:
    """The shapes of simple records, made from the built-in methodologies on first use.

    With ``fractions``, a figure may be a float (``3.0``, as pandas writes a column with a
    gap): `Decoded.of` then takes whole ones as numbers and leaves the rows of the others
    to the lenient stage, as a record's reader does (`netfreedom.reports.whole_number`).
    """
    number = int | float if fractions else int
    ids = builtin_figures()
    scores, totals, groups = (
        _struct(name, [(i, number) for i in ids[kind]])
        for name, kind in (("Scores", "scores"), ("Totals", "categories"), ("Groups", "groups"))
    )
    published = _struct(
        "Published",
        [
            ("total", number),
            ("status", str),
            ("groups", groups),
            ("ratings", groups),
            ("categories", totals),
            ("last_year_total", number),
        ],
        nullable=True,
    )
    coverage = msgspec.defstruct(
        "Coverage", [("start", dt.date), ("end", dt.date)], forbid_unknown_fields=True, gc=False
    )
    kinds: dict[str, Any] = dict(
        zip(
            _OPTIONAL,
            # no note is no notes; a row gives no facts or text but as null
            [str, str, str, bool, scores, totals, published, tuple[()], coverage]
            + [type(None)] * 2,
            strict=True,
        )
    )
    row = msgspec.defstruct(
        "Row",
        [
            ("country", str),
            ("edition", number),
            *(
                (name, kind | None | msgspec.UnsetType, msgspec.UNSET)
                for name, kind in kinds.items()
            ),
        ],
        forbid_unknown_fields=True,
        gc=False,
    )
    return Shapes(
        scores,
        totals,
        groups,
        published,
        row,
        msgspec.json.Decoder(row),
        msgspec.json.Decoder(list[row]),  # type: ignore[valid-type]
    )


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
        odd: Those of ``rows`` that give a float that is no whole number (none read as
            whole numbers only).
    """

    rows: list[int]
    columns: dict[str, Sequence[object]]
    odd: list[int] = attrs.field(factory=list)

    @classmethod
    def of(
        cls,
        rows: list[int],
        structs: Sequence[object],
        kind: type[msgspec.Struct],
        *,
        fractions: bool = False,
    ) -> Figures:
        """The figures of these rows, given as structs of this kind (by their JSON names).

        With ``fractions``, whole floats become numbers (see `whole_numbers`).
        """
        columns = _by_field(structs, kind.__struct_encode_fields__)
        odd: set[int] = set()
        if fractions:
            for name, column in columns.items():
                columns[name], at = whole_numbers(column)
                odd.update(at)
        return cls(rows, columns, pick(rows, sorted(odd)))

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
        return self._chosen(members, ids, every=True)

    def some(
        self, members: list[int], ids: list[str]
    ) -> tuple[list[bool] | None, list[Sequence[object]]]:
        """The columns of ``ids`` for rows ``members``, and which of them give no other id.

        None in place of the second: every member does.
        """
        return self._chosen(members, ids, every=False)

    def _chosen(
        self, members: list[int], ids: list[str], *, every: bool
    ) -> tuple[list[bool] | None, list[Sequence[object]]]:
        unset = msgspec.UNSET
        if not self.rows:  # no row gives any: nothing to choose from
            return ([False] * len(members) if every and ids else None), [
                [unset] * len(members) for _ in ids
            ]
        if members == self.rows:
            positions: list[int | None] | None = None
        else:
            where = {row: k for k, row in enumerate(self.rows)}
            positions = [where.get(m) for m in members]
        fits: list[bool] | None = None
        chosen = {}
        for name, column in self.columns.items():
            if positions is None:
                values: Sequence[object] = column
            else:
                values = [unset if k is None else column[k] for k in positions]
            wanted = name in ids
            if wanted and every and unset in values:
                ok = [v is not unset for v in values]
                fits = ok if fits is None else list(map(operator.and_, fits, ok))
            elif not wanted and values.count(unset) != len(values):
                ok = [v is unset for v in values]
                fits = ok if fits is None else list(map(operator.and_, fits, ok))
            if wanted:
                chosen[name] = values
        nothing = [unset] * len(members)
        return fits, [chosen.get(i, nothing) for i in ids]


@attrs.frozen
class Decoded:
    """Decoded rows, field by field.

    Attributes:
        countries: Each row's country.
        editions: Each row's edition.
        given: The methodology each row names (None: none).
        indexes: The index each row names (None: none).
        regions: Each row's region (None: none).
        territories: Whether each row says it is a territory (None: it does not say).
        scores: The scores of the rows that give them.
        totals: The category totals of the rows that give them.
        published: The published total and status of each row (None: not given).
        groups: The published group totals of the rows that give them.
        ratings: The published ratings of the rows that give them.
        published_categories: The published category totals of the rows that give them.
        last_year_totals: Each row's published total of last year (None: not given).
        keys: How many keys the rows' JSON text writes.
        odd: The rows that give a figure that is a float but no whole number (no batch's).
        covered: Each row's coverage period, its first and last day (None: not given).
    """

    countries: list[str]
    editions: list[int]
    given: list[str | None]
    indexes: list[str | None]
    regions: list[str | None]
    territories: list[bool | None]
    scores: Figures
    totals: Figures
    published: tuple[list[int | None], list[str | None]]
    groups: Figures
    ratings: Figures
    published_categories: Figures
    last_year_totals: list[int | None]
    keys: int
    odd: frozenset[int] = frozenset()
    covered: tuple[list[dt.date | None], list[dt.date | None]] = ([], [])

    @classmethod
    def of(cls, rows: Sequence[Row], *, fractions: bool = False) -> Decoded:
        """The fields of decoded rows (``fractions``: of `shapes` that take floats).

        A field given as null is not given, as a record's reader takes it.
        """
        structs = shapes(fractions=fractions)
        raw = _by_field(rows, structs.row.__struct_fields__)
        names, editions = raw.pop("country"), list(raw.pop("edition"))
        given, indexes, regions, territories = (
            _values(raw[name]) for name in ("methodology", "index", "region", "territory")
        )
        scores, totals = (
            _figures(raw[name], struct, fractions=fractions)
            for struct, name in ((structs.scores, "scores"), (structs.totals, "categories"))
        )
        published = raw["published"]
        at = _given_at(published)
        stated = [published[n] for n in at]
        count = len(rows)
        figures: tuple[list[Any], ...] = ([None] * count, [None] * count, [None] * count)
        parts = list(zip(*map(msgspec.structs.astuple, stated), strict=True))
        for column, values in zip(figures, (*parts[:2], *parts[5:]), strict=False):
            scatter(column, at, _values(list(values)))
        odd_totals: list[int] = []
        if fractions:
            total, odd_totals = whole_numbers(figures[0])
            last_year, odd_last = whole_numbers(figures[2])
            figures, odd_totals = (total, figures[1], last_year), odd_totals + odd_last
        groups, ratings, published_categories = (
            _figures(list(values), struct, at, fractions=fractions)
            for values, struct in zip(
                parts[2:5] if parts else ([], [], []),
                (structs.groups, structs.groups, structs.totals),
                strict=True,
            )
        )
        odd_editions: list[int] = []  # a fraction's row is odd
        if fractions:
            editions, odd_editions = whole_numbers(editions)
        kinds = (scores, totals, groups, ratings, published_categories)
        odd = frozenset(itertools.chain(odd_totals, odd_editions, *(f.odd for f in kinds)))
        # every key written, null or not: country, edition, the optional ones, the figures'
        starts: list[dt.date | None] = [None] * count
        ends: list[dt.date | None] = [None] * count
        at_periods = _given_at(raw["coverage"])
        periods = pick(raw["coverage"], at_periods)
        scatter(starts, at_periods, [period.start for period in periods])
        scatter(ends, at_periods, [period.end for period in periods])
        keys = 2 * count + sum(_written(values) for values in (*raw.values(), *parts))
        keys += 2 * (len(starts) - starts.count(None))  # a period's start and end
        keys += sum(f.given() for f in kinds)
        return cls(
            normal_names(names),
            editions,
            given,
            indexes,
            regions,
            territories,
            scores,
            totals,
            (figures[0], figures[1]),
            groups,
            ratings,
            published_categories,
            figures[2],
            keys,
            odd,
            (starts, ends),
        )

    def proven(self, text: str) -> bool:
        r"""Whether decoding this JSON text lost no repeated key.

        Outside strings, each colon of JSON text follows a key; inside them, a colon is
        written as itself (or escaped, ``\u003a``). The strings decoded (names, methodologies,
        indexes, regions, statuses; ids are known names) hold some colons, so text whose
        strings escape none holds exactly one colon per key written beyond them, and a
        repeated key, which decoding keeps once, would leave one more.
        """
        texts = [self.countries, self.given, self.indexes, self.regions, self.published[1]]
        named = itertools.chain.from_iterable(map(functools.partial(filter, None), texts))
        held = "".join(named).count(":")
        if held and ("\\u003a" in text or "\\u003A" in text):  # escaped: not counted
            return False
        return text.count(":") == self.keys + held

    def _kinds(self) -> tuple[list[bool], list[bool]]:
        """Whether each row gives question scores; whether each gives category totals."""
        count = len(self.countries)
        has_scores, has_totals = [False] * count, [False] * count
        scatter(has_scores, self.scores.rows, [True] * len(self.scores.rows))
        scatter(has_totals, self.totals.rows, [True] * len(self.totals.rows))
        return has_scores, has_totals

    def _targets(self) -> list[_Target | None]:
        """Each row's methodology and the adjustments its edition scores (None: no batch's).

        The methodology is that of the row's edition in the index it names, or in the index
        of the methodology it names, or in Freedom on the Net; a row naming an unknown index,
        or a methodology other than that one, is no batch's (the lenient stage reports it).
        """
        if self.indexes.count(None) == self.given.count(None) == len(self.given):
            of_edition = {
                e: _target(e, None, None) if type(e) is int else None for e in set(self.editions)
            }
            targets = list(map(of_edition.__getitem__, self.editions))
        else:
            known: dict[tuple[int, str | None, str | None], _Target | None] = {}
            targets = []
            for key in zip(self.editions, self.indexes, self.given, strict=True):
                if key not in known:
                    known[key] = _target(*key) if type(key[0]) is int else None
                targets.append(known[key])
        for n in self.odd:  # a fraction is the lenient stage's to report
            targets[n] = None
        return targets

    def gather(self, numbers: Sequence[int]) -> tuple[list[Batch], list[int]]:
        """The rows as batches, by methodology and kind of figure; and those no batch holds.

        A batch holds a row whose edition a built-in methodology covers (in the index the
        row names, if any), that names no other methodology, and whose scores are given for
        exactly that methodology's questions and its edition's adjustments (with or without
        its category totals), or whose totals are given for its categories; its published
        figures are that methodology's. Rows are numbered ``numbers`` in the batches; those
        left over are given by their position.
        """
        count = len(self.countries)
        if self.regions.count(None) == self.territories.count(None) == count:
            described = [False] * count
        else:
            described = list(map(describes, self.regions, self.territories))
        # a row's key is its target, whether it gives scores, category totals, a description
        columns: tuple[list[Any], ...] = (self._targets(), *self._kinds(), described)
        groups: dict[tuple[Any, ...], list[int]] = {}
        rest: list[int] = []
        first = tuple(column[0] for column in columns) if count else (None, False, False, False)
        if (
            first[0] is not None
            and (first[1] or first[2])
            and all(map(count.__eq__, map(list.count, columns, first)))
        ):
            groups[first] = list(range(count))  # one kind of row: no row by row
        else:  # (no key is kept for each row: fewer objects for the garbage collector)
            for n, key in enumerate(zip(*columns, strict=True)):
                if key[0] is None or not (key[1] or key[2]):
                    rest.append(n)
                else:
                    groups.setdefault(key, []).append(n)
        batches = []
        for ((methodology_id, adjusted), questions, stated, giving), members in groups.items():
            methodology = get_methodology(methodology_id)
            kind = _Kind(methodology, adjusted, questions, questions and stated, giving)
            batch, fitting = self._batch(kind, members)
            rest += sorted(set(members) - set(fitting))
            if batch is not None:
                batches.append(attrs.evolve(batch, records=[numbers[n] for n in fitting]))
        return batches, sorted(rest)

    def _batch(self, kind: _Kind, members: list[int]) -> tuple[Batch | None, list[int]]:
        """The members that give exactly these figures (by position), and their batch."""
        methodology = kind.methodology
        items = methodology.questions if kind.questions else methodology.categories
        if kind.adjusted and not kind.questions:
            return None, []  # adjustments beside category totals: the lenient stage's
        ids = [*(item.id for item in items), *kind.adjusted]
        figure_fits, columns = (self.scores if kind.questions else self.totals).fit(members, ids)
        fits = [figure_fits]
        stated_columns: list[Sequence[object]] = []
        if kind.stated:
            total_fits, stated_columns = self.totals.fit(
                members, [c.id for c in methodology.categories]
            )
            fits.append(total_fits)
        group_ids = [g.id for g in methodology.groups]
        rated_ids = [g.id for g in methodology.rated_groups]
        group_fits, groups = self.groups.some(members, group_ids)
        rating_fits, ratings = self.ratings.some(members, rated_ids)
        category_fits, published_categories = self.published_categories.some(
            members, [c.id for c in methodology.categories]
        )
        totals, texts = pick(self.published[0], members), pick(self.published[1], members)
        publishing = totals.count(None) + texts.count(None) != 2 * len(members)
        statuses = [None if t is None else status_named(t) for t in texts] if publishing else texts
        fits += [group_fits, rating_fits, category_fits]
        if publishing:  # a status given that names none is the lenient stage's to report
            fits.append([s is not None or t is None for s, t in zip(statuses, texts, strict=True)])
        masks = [f for f in fits if f is not None]
        keep = list(map(all, zip(*masks, strict=True))) if masks else None
        fitting = members if keep is None else list(itertools.compress(members, keep))
        if not fitting:
            return None, []

        def kept(column: Sequence[Any]) -> Sequence[Any]:
            return column if keep is None else list(itertools.compress(column, keep))

        def given(figures: Figures, parts: list[Sequence[object]]) -> tuple[list[Any], ...]:
            if not figures.rows:
                return ()
            unset = msgspec.UNSET
            chosen = [[None if v is unset else v for v in kept(c)] for c in parts]
            return tuple(chosen) if any(c.count(None) != len(c) for c in chosen) else ()

        batch = Batch(
            methodology,
            kind.questions,
            fitting,
            pick(self.countries, fitting),
            pick(self.editions, fitting),
            tuple(map(kept, columns)),
            tuple(map(kept, stated_columns)),
            (kept(totals), kept(statuses)) if publishing else (),
            tuple(a for a in methodology.adjustments if a.id in kind.adjusted),
            given(self.groups, groups),
            given(self.ratings, ratings),
            given(self.published_categories, published_categories),
            _some(pick(self.last_year_totals, fitting)),
            (
                (pick(self.regions, fitting), [bool(t) for t in pick(self.territories, fitting)])
                if kind.describes
                else ()
            ),
            self._periods(fitting),
        )
        return batch, fitting

    def _periods(
        self, rows: list[int]
    ) -> tuple[list[dt.date | None], list[dt.date | None]] | tuple[()]:
        """The coverage periods of these rows; none if no row gives one."""
        starts = pick(self.covered[0], rows)
        if starts.count(None) == len(starts):
            return ()
        return starts, pick(self.covered[1], rows)


@attrs.frozen
class _Kind:
    """What the rows of a batch give: their methodology, adjustments and kinds of figure."""

    methodology: Methodology
    adjusted: tuple[str, ...]
    questions: bool
    stated: bool
    describes: bool


def _target(edition: int, index: str | None, named: str | None) -> _Target | None:
    """A row's methodology and adjustments, by its edition, index and methodology named."""
    if index is not None:
        index = index_key(index)
        if index not in indexes():
            return None
    elif named is not None:
        try:
            index = get_methodology(named).index
        except NetfreedomError:
            return None
    methodology = default_methodology(edition, index or DEFAULT_INDEX)
    if methodology is None or named not in (None, methodology.id):
        return None
    return methodology.id, tuple(a.id for a in methodology.adjustments_for(edition))


def _some(values: list[Any]) -> list[Any]:
    """Values, or none if every one is None."""
    return [] if values.count(None) == len(values) else values


def _by_field(structs: Sequence[Any], names: Sequence[str]) -> dict[str, Sequence[Any]]:
    """Each field's values over structs of one kind (whose fields are ``names``), by name."""
    columns = columns_of(map(msgspec.structs.astuple, structs), len(names))
    return dict(zip(names, columns, strict=True))


def _values(values: Sequence[Any]) -> list[Any]:
    """Values with `msgspec.UNSET` as None."""
    unset = msgspec.UNSET
    if values.count(unset) == len(values):
        return [None] * len(values)
    return [None if value is unset else value for value in values]


def whole_numbers(values: Sequence[Any]) -> tuple[list[Any], list[int]]:
    """Values with their whole floats as ints, and the positions of the other floats.

    A whole float (``3.0``) is the number a record's reader takes it for; any other (``2.5``,
    an infinity) is left as it is, and its row is the lenient stage's to report.
    """
    if float not in set(map(type, values)):
        return list(values), []
    # not of set(values): an int equal to a float (40 and 40.0) would hide the float
    floats = {value for value in values if type(value) is float}
    whole = {}
    for value in floats:
        try:
            whole[value] = whole_number(value)
        except NotWholeNumberError:
            continue
    odd = [n for value in floats - whole.keys() for n in occurrences(values, value)]
    return list(map(whole.get, values, values)), odd


def _given_at(values: Sequence[object]) -> list[int]:
    """The positions of values that are given (neither unset nor null)."""
    given: Iterator[bool] = map(operator.is_not, values, itertools.repeat(msgspec.UNSET))
    if None in values:
        given = map(operator.and_, given, map(operator.is_not, values, itertools.repeat(None)))
    return list(itertools.compress(range(len(values)), given))


def _written(values: Sequence[object]) -> int:
    """How many of a field's values were written (null ones too)."""
    return len(values) - values.count(msgspec.UNSET)


def _figures(
    values: Sequence[object],
    struct: type[msgspec.Struct],
    rows: Sequence[int] | None = None,
    *,
    fractions: bool = False,
) -> Figures:
    """The figures of the rows whose value is set (numbered by ``rows``, else by position)."""
    at = _given_at(values)
    numbers = at if rows is None else pick(rows, at)
    return Figures.of(numbers, pick(values, at), struct, fractions=fractions)
