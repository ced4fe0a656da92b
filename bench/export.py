"""Time and size of each export of the non-zero sample (PDF, Excel ≤ 1 s; Word ≤ 0.5 s; web page ≤ 0.1 s; ≤ 200 KB)."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.export.audit import build_audit  # noqa: E402
from app.export.docx import build_docx  # noqa: E402
from app.export.fonts import system_fonts  # noqa: E402
from app.export.html import build_html  # noqa: E402
from app.export.pdf import build_pdf, page_count  # noqa: E402
from app.export.xlsx import build_workbook  # noqa: E402
from app.persistence import load  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "huaian-city-2024.json"
SIZE_LIMIT = 200 * 1024
RUNS = 5


def measure(name: str, build: Callable[[], bytes], limit: float = 1.0) -> bool:
    start = time.perf_counter()
    data = build()
    first = time.perf_counter() - start
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    ok = first <= limit and len(data) <= SIZE_LIMIT
    extra = f", {page_count(data)} pages" if name == "PDF" else ""
    print(
        f"{name:5} first {first * 1000:6.0f} ms, then median {statistics.median(times) * 1000:5.0f} ms; "
        f"{len(data) / 1024:6.1f} KB{extra}  {'OK' if ok else 'OVER TARGET'}"
    )
    return ok


def main() -> int:
    start = time.perf_counter()
    doc = load(SAMPLE)
    fonts = system_fonts()
    print(f"load + font discovery {(time.perf_counter() - start) * 1000:.0f} ms; fonts: {'; '.join(fonts.describe())}")
    ok = measure("PDF", lambda: build_pdf(doc, fonts=fonts))
    ok = measure("XLSX", lambda: build_workbook(doc)) and ok
    ok = measure("DOCX", lambda: build_docx(doc, fonts=fonts), limit=0.5) and ok
    ok = measure("HTML", lambda: build_html(doc), limit=0.1) and ok
    ok = measure("AUDIT", lambda: build_audit(doc, fonts=fonts)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
