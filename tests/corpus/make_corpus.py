"""Write the corpus of broken inputs and the outcome each must give (expected.json).

    python tests/corpus/make_corpus.py

Every case names the command to run on its file, the exit code, and — for data that can be
read — one finding that must be among the output: its code and its location (without the
file name). Unusable input instead names a phrase of the one-line error. The expectations are
written from the damage done, not by running netfreedom.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from netfreedom import get_methodology, load_example, render_report

HERE = Path(__file__).parent
KZ = load_example("kazakhstan-2021")
QUESTIONS = get_methodology("fotn-2019").questions
SCORES = dict(KZ.scores)


def base(**changes: Any) -> dict[str, Any]:
    return {"country": "Kazakhstan", "edition": 2021, "scores": dict(SCORES)} | changes


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    columns = ["country", "edition", *SCORES]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({"country": row["country"], "edition": row["edition"], **row["scores"]})
    return out.getvalue()


def deep(levels: int) -> object:
    value: object = 1
    for _ in range(levels):
        value = [value]
    return value


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(start))


def main() -> None:
    """Write the files and the manifest."""
    cases: list[dict[str, Any]] = []

    def add(name: str, content: str | bytes, command: str, exit_code: int, **expect: str) -> None:
        path = HERE / "inputs" / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        cases.append({"file": name, "command": command, "exit": exit_code, **expect})

    (HERE / "inputs").mkdir(exist_ok=True)
    for old in (HERE / "inputs").iterdir():
        old.unlink()
    for q in QUESTIONS:
        where = f"Kazakhstan 2021, {q.id}, $.scores.{q.id}"
        add(f"above-{q.id}.json", json.dumps(base(scores=SCORES | {q.id: q.max + 1})), "validate", 1,
            code="score-out-of-range", location=where)  # fmt: skip
        add(f"fraction-{q.id}.csv", csv_text([base(scores=SCORES | {q.id: 0.5})]), "validate", 1,
            code="not-whole-number", location=f"2:{3 + list(SCORES).index(q.id)}, Kazakhstan 2021, {q.id}, $.scores.{q.id}")  # fmt: skip
        missing = {k: v for k, v in SCORES.items() if k != q.id}
        add(f"missing-{q.id}.jsonl", json.dumps(base(scores=missing)) + "\n", "validate", 1,
            code="missing-question", location=f"1, Kazakhstan 2021, {q.id}, $.scores.{q.id}")  # fmt: skip
        text = render_report(KZ)
        lines = text.split("\n")
        start = next(i for i, line in enumerate(lines) if line.startswith(q.text))
        end = start + 1 + (q.id == "A3")  # A3 has its Score Change note
        add(f"no-section-{q.id}.txt", "\n".join(lines[:start] + lines[end:]), "parse", 1,
            code="missing-question", location=f"Kazakhstan 2021, {q.id}")  # fmt: skip
    readable = [
        ("bool-score.json", json.dumps(base(scores=SCORES | {"A1": True})), "not-whole-number", "Kazakhstan 2021, A1, $.scores.A1"),
        ("string-score.json", json.dumps(base(scores=SCORES | {"B2": "1"})), "not-whole-number", "Kazakhstan 2021, B2, $.scores.B2"),
        ("nan-score.json", json.dumps(base(scores=SCORES | {"C3": float("nan")})), "not-whole-number", "Kazakhstan 2021, C3, $.scores.C3"),
        ("infinite-score.json", json.dumps(base(scores=SCORES | {"C4": float("inf")})), "not-whole-number", "Kazakhstan 2021, C4, $.scores.C4"),
        ("huge-score.json", json.dumps(base(scores=SCORES | {"A1": 10**40})), "score-out-of-range", "Kazakhstan 2021, A1, $.scores.A1"),
        ("long-number.json", json.dumps(base(scores=SCORES | {"A1": "9"})).replace('"9"', "9" * 5000), "score-out-of-range", "Kazakhstan 2021, A1, $.scores.A1"),
        ("long-number.csv", csv_text([base(scores=SCORES | {"A1": "9" * 5000})]), "score-out-of-range", "2:3, Kazakhstan 2021, A1, $.scores.A1"),
        ("negative-score.json", json.dumps(base(scores=SCORES | {"A2": -1})), "score-out-of-range", "Kazakhstan 2021, A2, $.scores.A2"),
        ("unknown-question.json", json.dumps(base(scores=SCORES | {"D1": 1})), "unknown-question", "Kazakhstan 2021, D1, $.scores.D1"),
        ("duplicate-key.json", json.dumps(base()).replace('"A4": 2', '"A4": 2, "A4": 3'), "duplicate-question", "Kazakhstan 2021, A4, $.scores.A4"),
        ("duplicate-country.json", json.dumps(base()).replace('"country": "Kazakhstan"', '"country": "Kazakhstan", "country": "Kazakhstan"'), "duplicate-key", "Kazakhstan 2021, $.country"),
        ("unknown-field.json", json.dumps(base(colour="red")), "unknown-field", "Kazakhstan 2021, $"),
        ("not-a-report.json", "[1, 2]", "not-a-report", "$[0]"),
        ("null-record.json", "[null]", "not-a-report", "$[0]"),
        ("blank-country.json", json.dumps(base(country="  ")), "missing-country", "2021, $.country"),
        ("no-edition.json", json.dumps({"country": "K", "scores": SCORES}), "missing-edition", "K, $"),
        ("edition-2010.json", json.dumps(base(edition=2010)), "unknown-edition", "Kazakhstan 2010, $.edition"),
        ("edition-future.json", json.dumps(base(edition=2999)), "unknown-edition", "Kazakhstan 2999, $.edition"),
        ("edition-text.json", json.dumps(base(edition="2021")), "invalid-value", "Kazakhstan, $.edition"),
        ("bad-methodology.json", json.dumps(base(methodology="fotn-1999")), "unknown-methodology", "Kazakhstan 2021, $.methodology"),
        ("no-scores.json", json.dumps({"country": "K", "edition": 2021}), "no-scores", "K 2021, $"),
        ("scores-not-object.json", json.dumps(base(scores=[1, 2])), "invalid-value", "Kazakhstan 2021, $.scores"),
        ("questions-legacy.json", json.dumps(base(edition=2015)), "question-scores-not-allowed", "Kazakhstan 2015, $.scores"),
        ("category-range.json", json.dumps({"country": "K", "edition": 2015, "categories": {"A": 26, "B": 1, "C": 1}}), "category-out-of-range", "K 2015, category A, $.categories.A"),
        ("bad-status.json", json.dumps(base(published={"status": "semi free"})), "unknown-status", "Kazakhstan 2021, $.published.status"),
        ("published-total.json", json.dumps(base(published={"total": 32})), "published-total-mismatch", "Kazakhstan 2021, $.published.total"),
        ("published-band.json", json.dumps(base(published={"total": 33, "status": "Free"})), "published-status-band", "Kazakhstan 2021, $.published.status"),
        ("sum-mismatch.json", json.dumps(base(categories={"C": 10})), "category-sum-mismatch", "Kazakhstan 2021, category C, $.categories.C"),
        ("note-direction.json", json.dumps(base(score_changes=[{"question": "A3", "from": 1, "to": 2, "direction": "declined"}])), "score-change-direction", "Kazakhstan 2021, A3, $.score_changes[0]"),
        ("duplicate-report.json", json.dumps([base(), base()]), "duplicate-report", "Kazakhstan 2021, $[1]"),
        ("deep-record.json", json.dumps([base(facts={"x": deep(40)})]), "invalid-value", "$[0]"),
        ("ragged.csv", "country,edition,A,B,C\nK,2015,1,2\n", "invalid-value", "2"),
        ("duplicate-column.csv", "country,edition,A,A,B,C\nK,2015,1,2,3,4\n", "duplicate-key", "1:4"),
        ("control-chars.json", json.dumps(base(country="K\u0000\u001b[31m")), "control-characters", "K\\x00\\x1b[31m 2021, $.country"),
    ]  # fmt: skip
    for name, content, code, location in readable:
        if code == "none":
            add(name, content, "validate", 0)
            continue
        add(name, content, "validate", 1, code=code, location=location)
    unusable = [
        ("empty.json", b"", "empty input"),
        ("blank.csv", b" \n\n", "empty input"),
        ("truncated.json", json.dumps([base()]).encode()[:200], "invalid JSON"),
        ("trailing-comma.json", b'[{"country": "K",}]', "invalid JSON"),
        (
            "latin-1.json",
            json.dumps(base(country="Côte"), ensure_ascii=False).encode("latin-1"),
            "not UTF-8",
        ),
        ("utf-16-cut.json", json.dumps(base()).encode("utf-16")[:-1], "not UTF-16"),
        ("deep-nesting.json", b"[" * 100_000, "nested too deeply"),
        ("no-header.csv", b"a,b\n1,2\n", "must name the columns country and edition"),
        ("open-quote.csv", b'country,edition\n"K,2021\n', "invalid CSV"),
        ("binary.json", bytes(range(256)), "not UTF-8"),
    ]
    for name, raw, phrase in unusable:
        add(name, raw, "validate", 2, error=phrase)
    add("utf-16.json", json.dumps(base()).encode("utf-16"), "validate", 0)  # a byte-order mark
    text = render_report(KZ)
    facts_line = line_of(text, "Internet Freedom Score") + 1
    reports = [
        ("not-a-report.txt", "Hello\nworld\n", 2, {"error": "not a Freedom on the Net report"}),
        ("only-facts.txt", "Country Facts\n-\nUsers Arrested\nYes", 2, {"error": "not a Freedom on the Net report"}),
        ("score-above-max.txt", text.replace("5.005 6.006", "7.007 6.006"), 1,
         {"code": "score-out-of-range", "location": f"{line_of(text, QUESTIONS[0].text)}, Kazakhstan 2021, A1"}),
        ("max-mismatch.txt", text.replace("2.002 3.003", "2.002 4.004"), 1,
         {"code": "max-mismatch", "location": f"{line_of(text, QUESTIONS[1].text)}, Kazakhstan 2021, A2"}),
        ("no-facts.txt", text.split("Country Facts")[0], 0, {"code": "missing-facts", "location": "Kazakhstan 2021"}),
        ("crlf-bom.txt", "\ufeff" + text.replace("\n", "\r\n"), 0,
         {"code": "facts-score-mismatch", "location": f"{facts_line}, Kazakhstan 2021"}),
    ]  # fmt: skip
    for name, content, exit_code, expect in reports:
        add(name, content, "parse", exit_code, **expect)
    (HERE / "expected.json").write_text(json.dumps(cases, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"{len(cases)} cases\n")


if __name__ == "__main__":
    main()
