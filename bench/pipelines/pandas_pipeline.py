"""The job as an analyst writes it with pandas: the same checks, sums and deltas."""

from __future__ import annotations

import json
import sys

import pandas as pd
from common import CATEGORY_MAXIMA, MAXIMA, report, status


def load(path: str) -> pd.DataFrame:
    """One row per report; question columns A1..C8 and category columns A, B, C."""
    if path.endswith(".csv"):
        return pd.read_csv(path)
    with open(path, encoding="utf-8") as file:
        frame = pd.json_normalize(json.load(file))
    return frame.rename(columns=lambda c: c.split(".", 1)[-1])


def main(path: str) -> None:
    """Run the job on one file."""
    frame = load(path)
    for column in [*MAXIMA, *CATEGORY_MAXIMA]:
        if column not in frame:
            frame[column] = pd.NA
    questions, categories = list(MAXIMA), list(CATEGORY_MAXIMA)
    modern = frame["edition"] >= 2019
    q = frame[questions].apply(pd.to_numeric, errors="coerce")
    c = frame[categories].apply(pd.to_numeric, errors="coerce")
    q_ok = q.notna().all(axis=1) & (q % 1 == 0).all(axis=1) & (q >= 0).all(axis=1)
    q_ok &= (q <= pd.Series(MAXIMA)).all(axis=1) & c.isna().all(axis=1)
    c_ok = c.notna().all(axis=1) & (c % 1 == 0).all(axis=1) & (c >= 0).all(axis=1)
    c_ok &= (c <= pd.Series(CATEGORY_MAXIMA)).all(axis=1) & q.isna().all(axis=1)
    question_level = modern & q.notna().any(axis=1)
    valid = (question_level & q_ok) | (~question_level & c_ok)
    sums = pd.DataFrame(
        {cat: q[[k for k in questions if k[0] == cat]].sum(axis=1) for cat in categories}
    )
    totals = sums.where(question_level, c).sum(axis=1).astype("Int64").where(valid)
    frame["total"] = totals
    frame["status"] = [
        status(int(t), int(e)) if pd.notna(t) else None
        for t, e in zip(frame["total"], frame["edition"], strict=True)
    ]
    invalid = [
        (c, int(e)) for c, e in frame.loc[~valid, ["country", "edition"]].itertuples(index=False)
    ]
    scores = [
        (c, int(e), None, None) if pd.isna(t) else (c, int(e), int(t), s)
        for c, e, t, s in frame[["country", "edition", "total", "status"]].itertuples(index=False)
    ]
    good = frame.loc[valid, ["country", "edition", "total"]].sort_values(["country", "edition"])
    good["modern"] = good["total"].where(good["edition"] >= 2019, 100 - good["total"])
    previous = good.groupby("country").shift(1)
    pairs = good[previous["edition"].notna()].assign(before=previous["edition"])
    delta = pairs["modern"] - previous.loc[pairs.index, "modern"]  # on the modern scale
    deltas = [
        (c, int(b), int(e), int(d))
        for c, b, e, d in zip(
            pairs["country"], pairs["before"], pairs["edition"], delta, strict=True
        )
    ]
    report(scores, invalid, deltas)


if __name__ == "__main__":
    main(sys.argv[1])
