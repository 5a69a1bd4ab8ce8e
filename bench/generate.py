"""Seeded workloads for the benchmark: a 1,050-report panel and 100,000 question-level reports.

    python bench/generate.py [--out bench/data] [--seed 2026] [--reports 100000]

Writes panel-1050.json/.csv (70 countries x editions 2011-2025: legacy editions give category
totals, modern ones 21 question scores) and reports-N.json/.csv (question-level, 2019-2026).
About one report in a hundred is broken (a score above its maximum) so that validation has work.

The N reports are also written in other valid input shapes, the same reports each time, so that
the cost of each shape can be compared (``bench/run.py --only shapes``):

JSON (``reports-N.<shape>.json``; ``default`` is ``reports-N.json`` itself)

- ``default``: ``json.dumps(records)``: keys country, edition, scores; ``", "`` and ``": "``.
- ``indent``: ``indent=2``, one key per line.
- ``compact``: ``separators=(",", ":")``, no spaces at all.
- ``reordered``: keys in the order scores, edition, country; the question keys in a shuffled
  (seeded, the same in every record) order.
- ``escaped``: three countries in ten renamed with non-ASCII letters ("Côte d'Ivoire 00001",
  with U+2019 for its apostrophe, "Türkiye 00004", "São Tomé and Príncipe 00007") and one
  holding a quote and a backslash, written with ``ensure_ascii=True``: ``\\u00f4``,
  ``\\u2019``, ``\\"``, ``\\\\``.
- ``unicode``: the same renamed countries, written raw (``ensure_ascii=False``).
- ``multidigit``: the broken reports carry a two-digit score (10, 11 or 12) instead of 9.
- ``spaced``: an extra space after every colon (``separators=(", ", ":  ")``).
- ``floats``: every score a float (``3.0``), as pandas writes a column with a gap.
- ``published``: each record with its published figures computed from its scores, as a
  publication states them: ``"published": {"total", "status", "categories", "last_year_total"}``
  (last year's total: the country's report of the edition before, where there is one).
- ``reports-N.jsonl``: JSON Lines, one ``json.dumps`` object per line.

CSV (``reports-N.<shape>.csv``; ``default`` is ``reports-N.csv`` itself)

- ``default``: country, edition, A1..C8, then the category columns A, B, C left empty.
- ``reordered``: edition first, the questions shuffled with the country among them, then the
  category columns in the order C, A, B (empty).
- ``categories``: today's column order with the category totals A, B, C given: each the sum of
  its questions' scores, as published figures are.
- ``floats``: the default columns, every score written as a float (``3.0``), as pandas
  writes a column with a gap.
- ``quoted``: the default columns, every cell quoted and lines ending CRLF, as spreadsheet
  programs export.
- ``lastyear``: the default columns and ``last_year_total``: the total computed for the
  country's report of the edition before (empty for its first).
- ``published``: Freedom House's layout and names: ``Country, Edition, Status, A1 … A5, A, …,
  C8, C, Total``, the categories, total and status (``F``, ``PF``, ``NF``) computed from the
  scores, as Freedom House publishes them (the broken reports' too).

Workbook (``reports-N.xlsx``, with openpyxl): the ``published`` table in Freedom House's
workbook layout, a title row above the header.

Freedom in the World (``reports-N.fiw.csv``): N reports in Freedom House's FIW layout
(``Country/Territory, Region, C/T, Edition, Status, PR rating, …, CL, Total``), 12 editions
(2013-2024) a country, seeded question scores 0-4, Add Q 0-4, Add A 0 through 2017 and
``N/A`` after, and every published figure computed from them. Not the same reports as the
others (FIW is another index): it measures what a FIW report costs against a FOTN one.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

MAXIMA = {
    "A1": 6,
    "A2": 3,
    "A3": 6,
    "A4": 6,
    "A5": 4,
    "B1": 6,
    "B2": 4,
    "B3": 4,
    "B4": 4,
    "B5": 4,
    "B6": 3,
    "B7": 4,
    "B8": 6,
    "C1": 6,
    "C2": 4,
    "C3": 6,
    "C4": 4,
    "C5": 6,
    "C6": 6,
    "C7": 5,
    "C8": 3,
}
CATEGORY_MAXIMA = {"A": 25, "B": 35, "C": 40}
COLUMNS = ["country", "edition", *MAXIMA, *CATEGORY_MAXIMA]
BROKEN = 9  # the score of a broken report: above every question's maximum
#: Countries renamed in the ``escaped`` and ``unicode`` shapes, by their number modulo ten.
RENAMED = {1: "Côte d\u2019Ivoire", 4: "Türkiye", 7: "São Tomé and Príncipe"}
#: One country (by its number) whose name holds a quote and a backslash.
QUOTED = (42, 'The "Quoted\\Backslashed" Republic')


def _modern(rng: random.Random, country: str, edition: int) -> dict[str, Any]:
    scores = {q: rng.randint(0, m) for q, m in MAXIMA.items()}
    if rng.random() < 0.01:
        scores[rng.choice(list(MAXIMA))] = BROKEN
    return {"country": country, "edition": edition, "scores": scores}


def _legacy(rng: random.Random, country: str, edition: int) -> dict[str, Any]:
    categories = {c: rng.randint(0, m) for c, m in CATEGORY_MAXIMA.items()}
    if rng.random() < 0.01:
        categories["A"] = 30  # above the maximum
    return {"country": country, "edition": edition, "categories": categories}


def panel(
    seed: int = 2026, countries: int = 70, editions: range = range(2011, 2026)
) -> list[dict[str, Any]]:
    """Countries x editions; editions before 2019 are headline-only (legacy scale)."""
    rng = random.Random(seed)
    return [
        (_legacy if edition < 2019 else _modern)(rng, f"Country {c:03d}", edition)
        for c in range(1, countries + 1)
        for edition in editions
    ]


def reports(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """``count`` question-level reports: countries x editions 2019-2026."""
    rng = random.Random(seed)
    editions = range(2019, 2027)
    return [
        _modern(rng, f"Country {i // len(editions):05d}", editions[i % len(editions)])
        for i in range(count)
    ]


def write(records: list[dict[str, Any]], stem: Path) -> None:
    """Write ``stem.json`` (an array) and ``stem.csv`` (one row per report)."""
    stem.with_suffix(".json").write_text(json.dumps(records), encoding="utf-8")
    write_csv(records, stem.with_suffix(".csv"), COLUMNS)


def write_csv(
    records: list[dict[str, Any]],
    path: Path,
    columns: list[str],
    categories: bool = False,
    quoted: bool = False,
) -> None:
    """One row per report in the given column order; with ``categories``, totals filled in;
    ``quoted``: every cell quoted, lines ending CRLF."""
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(
            file,
            fieldnames=columns,
            lineterminator="\r\n" if quoted else "\n",
            quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL,
        )
        writer.writeheader()
        for record in records:
            row = {
                "country": record["country"],
                "edition": record["edition"],
                **record.get("scores", {}),
                **record.get("categories", {}),
                **(
                    {"last_year_total": record["last_year_total"]}
                    if "last_year_total" in record
                    else {}
                ),
            }
            if categories and "scores" in record:
                for category in CATEGORY_MAXIMA:
                    row[category] = sum(
                        v for q, v in record["scores"].items() if q.startswith(category)
                    )
            writer.writerow(row)


# -- shapes -------------------------------------------------------------------------------


def _renamed(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with some countries renamed: non-ASCII letters, a quote, a backslash."""
    names: dict[str, str] = {}
    for record in records:
        country = record["country"]
        if country not in names:
            number = int(country.rsplit(" ", 1)[1])
            if number == QUOTED[0]:
                names[country] = f"{QUOTED[1]} {number:05d}"
            elif number % 10 in RENAMED:
                names[country] = f"{RENAMED[number % 10]} {number:05d}"
            else:
                names[country] = country
    return [record | {"country": names[record["country"]]} for record in records]


def _reordered(records: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Keys scores, edition, country; the questions in ``order``."""
    return [
        {
            "scores": {q: record["scores"][q] for q in order},
            "edition": record["edition"],
            "country": record["country"],
        }
        for record in records
    ]


def _multidigit(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The broken reports with a two-digit score (10, 11, 12 in turn) instead of 9."""
    result = []
    broken = 0
    for record in records:
        scores = record["scores"]
        if BROKEN in scores.values():
            scores = {q: 10 + broken % 3 if v == BROKEN else v for q, v in scores.items()}
            broken += 1
        result.append(record | {"scores": scores})
    return result


def _floats(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with every score a float."""
    return [
        record | {"scores": {q: float(v) for q, v in record["scores"].items()}}
        for record in records
    ]


def _published(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with their published figures computed from their scores."""
    result = []
    totals: dict[tuple[str, int], int] = {}
    for record in records:
        scores = record["scores"]
        categories = {c: sum(v for q, v in scores.items() if q[0] == c) for c in CATEGORY_MAXIMA}
        total = sum(categories.values())
        totals[record["country"], record["edition"]] = total
        status = "Free" if total >= 70 else "Partly Free" if total >= 40 else "Not Free"
        published = {"total": total, "status": status, "categories": categories}
        last_year = totals.get((record["country"], record["edition"] - 1))
        if last_year is not None:
            published["last_year_total"] = last_year
        result.append(record | {"published": published})
    return result


def _last_years(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with last year's total, where the country has a report of that edition."""
    return [
        record | {"last_year_total": published["published"].get("last_year_total", "")}
        for record, published in zip(records, _published(records), strict=True)
    ]


def json_shapes(records: list[dict[str, Any]], seed: int) -> dict[str, Callable[[], str]]:
    """The text of each JSON shape but ``default`` (written by `write`), made when called."""
    order = list(MAXIMA)
    random.Random(seed).shuffle(order)
    return {
        "indent": lambda: json.dumps(records, indent=2),
        "compact": lambda: json.dumps(records, separators=(",", ":")),
        "reordered": lambda: json.dumps(_reordered(records, order)),
        "escaped": lambda: json.dumps(_renamed(records)),
        "unicode": lambda: json.dumps(_renamed(records), ensure_ascii=False),
        "multidigit": lambda: json.dumps(_multidigit(records)),
        "spaced": lambda: json.dumps(records, separators=(", ", ":  ")),
        "floats": lambda: json.dumps(_floats(records)),
        "published": lambda: json.dumps(_published(records)),
    }


def csv_columns(seed: int) -> list[str]:
    """The ``reordered`` CSV shape's columns: edition, questions with the country, C, A, B."""
    order = list(MAXIMA)
    random.Random(seed + 1).shuffle(order)
    return ["edition", *order[:8], "country", *order[8:], "C", "A", "B"]


def write_shapes(records: list[dict[str, Any]], stem: Path, seed: int) -> list[Path]:
    """Write every shape but the defaults (``stem.json``, ``stem.csv``); the paths written."""
    written = []
    for shape, text in json_shapes(records, seed).items():
        path = stem.with_name(f"{stem.name}.{shape}.json")
        path.write_text(text(), encoding="utf-8")
        written.append(path)
    lines = stem.with_name(f"{stem.name}.jsonl")
    lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    written.append(lines)
    for shape, shaped, columns, categories, quoted in [
        ("reordered", records, csv_columns(seed), False, False),
        ("categories", records, COLUMNS, True, False),
        ("floats", _floats(records), COLUMNS, False, False),
        ("quoted", records, COLUMNS, False, True),
        ("lastyear", _last_years(records), [*COLUMNS, "last_year_total"], False, False),
    ]:
        path = stem.with_name(f"{stem.name}.{shape}.csv")
        write_csv(shaped, path, columns, categories=categories, quoted=quoted)
        written.append(path)
    return written


#: Freedom House's column order: the identity, then each category's questions and total.
PUBLISHED_COLUMNS = [
    "Country", "Edition", "Status",
    *[q for c in CATEGORY_MAXIMA for q in [*(q for q in MAXIMA if q[0] == c), c]],
    "Total",
]  # fmt: skip


def published_rows(records: list[dict[str, Any]]) -> list[list[Any]]:
    """The question-level records as Freedom House's table rows, figures computed."""
    rows = []
    for record in records:
        scores = record["scores"]
        totals = {c: sum(v for q, v in scores.items() if q[0] == c) for c in CATEGORY_MAXIMA}
        total = sum(totals.values())
        status = "F" if total >= 70 else "PF" if total >= 40 else "NF"
        cells = {"Country": record["country"], "Edition": record["edition"], "Status": status,
                 **scores, **totals, "Total": total}  # fmt: skip
        rows.append([cells[name] for name in PUBLISHED_COLUMNS])
    return rows


def write_published(records: list[dict[str, Any]], stem: Path) -> list[Path]:
    """The ``published`` CSV shape and the workbook (when openpyxl is installed)."""
    rows = published_rows(records)
    path = stem.with_name(f"{stem.name}.published.csv")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(PUBLISHED_COLUMNS)
        writer.writerows(rows)
    written = [path]
    try:
        import openpyxl  # noqa: PLC0415 - optional: the bench extra
    except ImportError:
        return written
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("FOTN score data")
    sheet.append(["Freedom on the Net country score data"])
    sheet.append(PUBLISHED_COLUMNS)
    for row in rows:
        sheet.append(row)
    workbook = stem.with_suffix(".xlsx")
    book.save(workbook)
    return [*written, workbook]


#: Freedom in the World's layout, and the questions of each subcategory.
FIW_QUESTIONS = {"A": 3, "B": 4, "C": 3, "D": 4, "E": 3, "F": 4, "G": 4}
FIW_COLUMNS = [
    "Country/Territory", "Region", "C/T", "Edition", "Status", "PR rating", "CL rating",
    *[c for k in "ABC" for c in [*(f"{k}{n}" for n in range(1, FIW_QUESTIONS[k] + 1)), k]],
    "Add Q", "Add A", "PR",
    *[c for k in "DEFG" for c in [*(f"{k}{n}" for n in range(1, FIW_QUESTIONS[k] + 1)), k]],
    "CL", "Total",
]  # fmt: skip
#: Group score thresholds of ratings 1 to 6 (7 below the last).
PR_RATINGS = (36, 30, 24, 18, 12, 6)
CL_RATINGS = (53, 44, 35, 26, 17, 8)


def _rating(score: int, thresholds: tuple[int, ...]) -> int:
    return next((n for n, low in enumerate(thresholds, 1) if score >= low), 7)


def fiw_rows(count: int, seed: int) -> list[list[Any]]:
    """``count`` FIW reports, 12 editions a country, every published figure computed."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        edition = 2013 + n % 12
        cells: dict[str, Any] = {
            "Country/Territory": f"Country {n // 12:05d}",
            "Region": rng.choice(["Africa", "Americas", "Asia", "Europe"]),
            "C/T": "t" if n // 12 % 10 == 0 else "c",
            "Edition": edition,
        }
        for category, size in FIW_QUESTIONS.items():
            points = [rng.randint(0, 4) for _ in range(size)]
            cells |= {f"{category}{q}": p for q, p in enumerate(points, 1)}
            cells[category] = sum(points)
        cells["Add Q"] = rng.choice([0, 0, 0, 1, 2])
        cells["Add A"] = 0 if edition <= 2017 else "N/A"
        pr = cells["A"] + cells["B"] + cells["C"] - cells["Add Q"]
        cl = cells["D"] + cells["E"] + cells["F"] + cells["G"]
        ratings = (_rating(pr, PR_RATINGS), _rating(cl, CL_RATINGS))
        mean = sum(ratings) / 2
        status = "F" if mean <= 2.5 else "PF" if mean <= 5 else "NF"
        cells |= {"PR": pr, "CL": cl, "Total": pr + cl, "Status": status,
                  "PR rating": ratings[0], "CL rating": ratings[1]}  # fmt: skip
        rows.append([cells[name] for name in FIW_COLUMNS])
    return rows


def write_fiw(count: int, stem: Path, seed: int) -> Path:
    """The ``fiw`` CSV shape."""
    path = stem.with_name(f"{stem.name}.fiw.csv")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(FIW_COLUMNS)
        writer.writerows(fiw_rows(count, seed))
    return path


def main() -> None:
    """Generate the workloads."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write(panel(args.seed), args.out / "panel-1050")
    records = reports(args.reports, args.seed)
    stem = args.out / f"reports-{args.reports}"
    write(records, stem)
    write_shapes(records, stem, args.seed)
    write_published(records, stem)
    write_fiw(args.reports, stem, args.seed)


if __name__ == "__main__":
    main()
