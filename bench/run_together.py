"""Run-together rows: how many of 平潭's printed rows of joined digits get one reading, several or none, and the time.

    python bench/run_together.py [--repeat 20]

Imports each 平潭 page of tests/data (2019–2025, the portal's pages where a table's digits ran together)
and records every row the text importer tried to read as run-together digits under its declared totals
(app.importers.text.inferred.infer): its outcome (one reading → 推定 value; several, none or too many →
left blank and listed), the search steps, and the time of the search alone, best of ``--repeat``.
"untried": rows the importer left blank without a search, having nothing to infer from (表二's rows declare
no total; a sign, a decimal point or a unit among the digits is not a run of counts).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
YEARS = range(2019, 2026)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))

    from app.importers.text import import_text, read_text_file, tables
    from app.importers.text.inferred import Inference, Outcome, Relation, infer

    calls: list[tuple[tuple[str, ...], int, tuple[Relation, ...]]] = []

    def recording(groups: Sequence[str], count: int, relations: Sequence[Relation]) -> Inference:
        calls.append((tuple(groups), count, tuple(relations)))
        return infer(groups, count, relations)

    tables.infer = recording  # type: ignore[assignment]  # observe the importer's own calls, unchanged
    totals: Counter[str] = Counter()
    worst_ms = 0.0
    search_ms = 0.0
    import_ms = 0.0
    columns = ("rows", Outcome.ONE, Outcome.SEVERAL, Outcome.NONE, Outcome.TOO_MANY, "untried")
    widths = (5, 5, 9, 6, 10, 9)
    print(f"{'year':<6}" + "".join(f"{c!s:>{w}}" for c, w in zip(columns, widths, strict=True)) + "  steps max  ms max")
    for year in YEARS:
        page = REPO / "tests" / "data" / f"pingtan-{year}.page.txt"
        calls.clear()
        text = read_text_file(str(page))
        start = time.perf_counter()
        result = import_text(text)
        import_ms += (time.perf_counter() - start) * 1000
        counts: Counter[str] = Counter(rows=len(calls))
        steps_max = 0
        ms_max = 0.0
        for groups, count, relations in calls:
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                inference = infer(groups, count, relations)
                best = min(best, time.perf_counter() - start)
            counts[inference.outcome] += 1
            steps_max = max(steps_max, inference.steps)
            ms_max = max(ms_max, best * 1000)
            search_ms += best * 1000
        reasons = tables.RUN_TOGETHER_REASONS.values()
        counts["untried"] = sum(
            1
            for p in result.unreadable
            if "无法确定各栏的数字" in p.message and not any(reason in p.message for reason in reasons)
        )
        cells = "".join(f"{counts[c]:>{w}}" for c, w in zip(columns, widths, strict=True))
        print(f"{year:<6}{cells}  {steps_max:>9}  {ms_max:>6.3f}")
        totals.update(counts)
        worst_ms = max(worst_ms, ms_max)
    print(f"{'all':<6}" + "".join(f"{totals[c]:>{w}}" for c, w in zip(columns, widths, strict=True)))
    print(f"search time: {search_ms:.2f} ms for all {totals['rows']} rows searched, slowest row {worst_ms:.3f} ms")
    print(f"whole text import of the {len(YEARS)} pages: {import_ms:.0f} ms (first run, searches included)")
    print(f"(each the best of {args.repeat} runs; outcomes: one = 推定 value, the others left blank and listed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
