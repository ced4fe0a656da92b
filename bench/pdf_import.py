"""Speed of PDF import on the published PDFs in tests/data (run by hand; prints figures)."""

from __future__ import annotations

import time
from pathlib import Path

from app.importers.pdf import import_pdf_bytes
from app.importers.pdf.read import read_pages

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def best(fn: object, data: bytes, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(data)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    for pdf in sorted(DATA.glob("*.pdf")):
        data = pdf.read_bytes()
        print(
            f"{pdf.name}: {len(data) / 1024:.0f} KB, import {best(import_pdf_bytes, data) * 1000:.0f} ms "
            f"(reading the PDF {best(read_pages, data) * 1000:.0f} ms), best of 5"
        )


if __name__ == "__main__":
    main()
