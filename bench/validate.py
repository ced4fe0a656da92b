"""Benchmark: median time to apply one cell edit and re-validate the whole non-zero sample report."""

from __future__ import annotations

import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.persistence import load  # noqa: E402
from app.rules import validate  # noqa: E402


def main(rounds: int = 2000) -> None:
    doc = load(ROOT / "resources/samples/huaian-city-2024.json")
    refs = list(doc.spec.input_cells)
    for _ in range(50):  # warm caches (compiled patterns, formulas)
        validate(doc)
    samples = []
    for i in range(rounds):
        ref = refs[i % len(refs)]
        value = doc.cells[ref]
        start = time.perf_counter()
        doc.apply({ref: Decimal(i % 7)})
        issues = validate(doc)
        samples.append(time.perf_counter() - start)
        doc.apply({ref: value})
    samples.sort()
    print(f"edit + full re-validation of {len(doc.spec.cells)} cells, {len(doc.spec.rules)} declared rules")
    p95 = samples[int(len(samples) * 0.95)]
    print(f"  median {statistics.median(samples) * 1000:.3f} ms   p95 {p95 * 1000:.3f} ms")
    print(f"  (last run found {len(issues)} issues; target: median <= 2 ms)")


if __name__ == "__main__":
    main()
