from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from typing import TYPE_CHECKING

import pytest

from netfreedom import (
    Methodology,
    MethodologyError,
    Scale,
    Status,
    UnknownEditionError,
    UnknownMethodologyError,
    builtin_ids,
    get_methodology,
    load_methodology,
    methodology_for_edition,
)
from netfreedom.converter import get_converter
from netfreedom.methodologies import methodology_from_json

if TYPE_CHECKING:
    from pathlib import Path

TODAY = dt.date(2026, 11, 28)

#: The 2019 structure, from the published methodology (see shared/DOMAIN.md).
MODERN_MAXIMA = {
    "A1": 6, "A2": 3, "A3": 6, "A4": 6, "A5": 4,
    "B1": 6, "B2": 4, "B3": 4, "B4": 4, "B5": 4, "B6": 3, "B7": 4, "B8": 6,
    "C1": 6, "C2": 4, "C3": 6, "C4": 4, "C5": 6, "C6": 6, "C7": 5, "C8": 3,
}  # fmt: skip


class TestBuiltins:
    @pytest.mark.parametrize("methodology_id", builtin_ids())
    def test_read_as_the_converter_reads(self, methodology_id: str) -> None:
        """Package data read without cattrs gives exactly what the converter gives."""
        path = resources.files("netfreedom") / "data" / "methodologies" / f"{methodology_id}.json"
        text = path.read_text(encoding="utf-8")
        assert methodology_from_json(text, "<test>") == get_methodology(methodology_id)
        assert get_converter().structure(json.loads(text), Methodology) == get_methodology(
            methodology_id
        )

    def test_ids(self) -> None:
        """Two methodologies ship: the 2019 one and the legacy one."""
        assert builtin_ids() == ("fotn-2019", "fotn-legacy", "fiw-2013")

    def test_modern_questions(self) -> None:
        """fotn-2019 has the 21 questions in report order with their maxima."""
        modern = get_methodology("fotn-2019")
        assert {q.id: q.max for q in modern.questions} == MODERN_MAXIMA
        assert list(MODERN_MAXIMA) == [q.id for q in modern.questions]
        assert all(q.category == q.id[0] for q in modern.questions)

    def test_modern_wording(self) -> None:
        """Question wording is stored as printed in reports."""
        modern = get_methodology("fotn-2019")
        assert modern.question("B6").text == (
            "Are there economic or regulatory constraints that negatively affect users\u2019"
            " ability to publish content online?"
        )
        assert all(q.text.endswith("?") for q in modern.questions)

    @pytest.mark.parametrize("methodology_id", ["fotn-2019", "fotn-legacy"])
    def test_categories(self, methodology_id: str) -> None:
        """Both have categories A/B/C with maxima 25/35/40, total 100."""
        methodology = get_methodology(methodology_id)
        assert [
            (c.id, c.name, c.max) for c in methodology.categories
        ] == [("A", "Obstacles to Access", 25), ("B", "Limits on Content", 35),
                ("C", "Violations of User Rights", 40)]  # fmt: skip
        assert methodology.max_total == 100
        assert methodology.min_total == 0

    def test_modern_bands(self) -> None:
        """Higher is freer: Free 70-100, Partly Free 40-69, Not Free 0-39."""
        modern = get_methodology("fotn-2019")
        assert Scale.HIGHER_IS_FREER is modern.scale
        assert [(b.status, b.min, b.max) for b in modern.bands] == [
            (Status.FREE, 70, 100),
            (Status.PARTLY_FREE, 40, 69),
            (Status.NOT_FREE, 0, 39),
        ]

    def test_legacy_bands(self) -> None:
        """Lower is freer: Free 0-30, Partly Free 31-60, Not Free 61-100; category-level."""
        legacy = get_methodology("fotn-legacy")
        assert Scale.LOWER_IS_FREER is legacy.scale
        assert not legacy.question_level
        assert [(b.status, b.min, b.max) for b in legacy.bands] == [
            (Status.FREE, 0, 30),
            (Status.PARTLY_FREE, 31, 60),
            (Status.NOT_FREE, 61, 100),
        ]

    @pytest.mark.parametrize("methodology_id", ["fotn-2019", "fotn-legacy"])
    def test_consistent(self, methodology_id: str) -> None:
        """The built-ins contradict themselves nowhere."""
        assert list(get_methodology(methodology_id).inconsistencies()) == []

    def test_unknown(self) -> None:
        """An unknown id is a clear error naming the built-ins."""
        with pytest.raises(UnknownMethodologyError, match="fotn-2019, fotn-legacy"):
            get_methodology("fotn-2030")


class TestEditionLookup:
    @pytest.mark.parametrize(
        ("edition", "expected"),
        [(2011, "fotn-legacy"), (2015, "fotn-legacy"), (2018, "fotn-legacy"),
         (2019, "fotn-2019"), (2021, "fotn-2019"), (2026, "fotn-2019")],
    )  # fmt: skip
    def test_covered(self, edition: int, expected: str) -> None:
        """2011-2018 are legacy editions, 2019 onward modern."""
        assert expected == methodology_for_edition(edition, today=TODAY).id

    @pytest.mark.parametrize(
        ("edition", "reason"),
        [(2010, "no Freedom on the Net edition was published in 2010"),
         (2009, "pilot"), (2008, "no Freedom on the Net methodology covers edition 2008"),
         (2027, "edition 2027 lies in the future")],
    )  # fmt: skip
    def test_uncovered(self, edition: int, reason: str) -> None:
        """Editions no methodology covers are errors that say why."""
        with pytest.raises(UnknownEditionError, match=reason):
            methodology_for_edition(edition, today=TODAY)


class TestStatus:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("Free", Status.FREE), ("partly free", Status.PARTLY_FREE),
         (" Not  FREE ", Status.NOT_FREE)],
    )  # fmt: skip
    def test_from_text(self, text: str, expected: Status) -> None:
        """Status names are read in any case and spacing."""
        assert expected is Status.from_text(text)

    def test_unknown(self) -> None:
        """Anything else is a ValueError listing the statuses."""
        with pytest.raises(ValueError, match="'Free', 'Partly Free', 'Not Free'"):
            Status.from_text("nearly free")


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _tiny() -> dict[str, object]:
    return {
        "id": "tiny",
        "name": "Two questions",
        "editions": {"first": 2020, "last": 2021},
        "scale": "higher-is-freer",
        "categories": [{"id": "X", "name": "Everything", "max": 4}],
        "questions": [
            {"id": "X1", "category": "X", "max": 3, "text": "One?"},
            {"id": "X2", "category": "X", "max": 1},
        ],
        "bands": [
            {"status": "Free", "min": 3, "max": 4},
            {"status": "Not Free", "min": 0, "max": 2},
        ],
    }


class TestUserMethodology:
    def test_load(self, tmp_path: Path) -> None:
        """A user's file in the built-in format loads."""
        methodology = load_methodology(_write(tmp_path, _tiny()))
        assert methodology.id == "tiny"
        assert methodology.max_total == 4
        assert Status.FREE is methodology.status_for(3)
        assert 2021 in methodology.editions
        assert 2022 not in methodology.editions

    def test_builtin_round_trip(self) -> None:
        """The built-in files are in exactly the format the converter writes."""
        converter = get_converter()
        for methodology_id in builtin_ids():
            methodology = get_methodology(methodology_id)
            assert methodology == converter.structure(
                converter.unstructure(methodology), type(methodology)
            )

    def test_inconsistent(self, tmp_path: Path) -> None:
        """A methodology that contradicts itself is refused with every reason."""
        data = _tiny()
        data["categories"] = [{"id": "X", "name": "Everything", "max": 5}]
        data["bands"] = [{"status": "Free", "min": 2, "max": 5}]
        with pytest.raises(MethodologyError) as error:
            load_methodology(_write(tmp_path, data))
        assert "category 'X' declares max 5 but its questions sum to 4" in str(error.value)
        assert "total 0..1 falls in 0 status bands []" in str(error.value)  # one run, once
        data["bands"] = []
        with pytest.raises(MethodologyError, match="give status bands of the total"):
            load_methodology(_write(tmp_path, data))
        data["categories"], data["questions"] = [], []
        with pytest.raises(MethodologyError, match="give at least one category"):
            load_methodology(_write(tmp_path, data))

    def test_wrong_shape(self, tmp_path: Path) -> None:
        """Wrong types and unknown keys are reported with their JSON path."""
        data = _tiny()
        data["scale"] = "sideways"
        data["colour"] = "red"
        with pytest.raises(MethodologyError) as error:
            load_methodology(_write(tmp_path, data))
        assert "$.scale" in str(error.value)
        assert "unknown field(s): colour @ $" in str(error.value)
        assert str(error.value).startswith(str(tmp_path / "m.json"))

    @pytest.mark.parametrize(
        ("text", "what"), [("[]", "an array"), ('"x"', '"x"'), ("null", "null")]
    )
    def test_not_an_object(self, tmp_path: Path, text: str, what: str) -> None:
        """JSON that is not an object is a MethodologyError, not a TypeError."""
        path = tmp_path / "m.json"
        path.write_text(text, encoding="utf-8")
        message = f"expected an object describing a methodology, got {what}"
        with pytest.raises(MethodologyError, match=re.escape(message)):
            load_methodology(path)

    def test_not_json(self, tmp_path: Path) -> None:
        """Broken JSON gives the line and column."""
        path = tmp_path / "m.json"
        path.write_text('{\n  "id": }', encoding="utf-8")
        with pytest.raises(MethodologyError, match=r"m\.json:2:9: invalid JSON"):
            load_methodology(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a MethodologyError naming it."""
        with pytest.raises(MethodologyError, match=r"nope\.json: cannot read the file: No such"):
            load_methodology(tmp_path / "nope.json")

    def test_freedom_in_the_world(self, tmp_path: Path) -> None:
        """The format can describe a methodology with a question that subtracts points."""
        data = {
            "id": "fiw-like",
            "name": "Two categories, one discretionary question",
            "editions": {"first": 2013},
            "scale": "higher-is-freer",
            "categories": [
                {"id": "PR", "name": "Political Rights", "max": 4, "min": -4},
                {"id": "CL", "name": "Civil Liberties", "max": 4},
            ],
            "questions": [
                {"id": "A1", "category": "PR", "max": 4},
                {"id": "ADD", "category": "PR", "max": 0, "min": -4},
                {"id": "D1", "category": "CL", "max": 4},
            ],
            "bands": [
                {"status": "Free", "min": 5, "max": 8},
                {"status": "Not Free", "min": -4, "max": 4},
            ],
        }
        methodology = load_methodology(_write(tmp_path, data))
        assert methodology.min_total == -4
        assert Status.NOT_FREE is methodology.status_for(-4)
