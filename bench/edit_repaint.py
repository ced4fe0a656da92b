"""Edit-to-repaint benchmark: commit a cell edit in 表三 and time until the grid has repainted.

    python bench/edit_repaint.py [--edits 200]

Two numbers per edit, on the non-zero sample in a 1280×820 window:
- edit → repaint: setData (what Enter does) → document updated, totals recomputed, undo command
  pushed → the grid's repaint with the new value and totals;
- validate → repaint: the coalesced validation that follows (all rules over the whole report)
  → the repaint with the new error/warning tints and the issue list.
Target: edit → repaint ≤ 16 ms (one frame at 60 Hz).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "resources" / "samples" / "huaian-city-2024.json"
TARGET_MS = 16.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("NIANBAO_DATA_DIR", tempfile.mkdtemp(prefix="nianbao-bench-"))
    sys.path.insert(0, str(REPO))

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from app.persistence import load
    from ui.application import create_application
    from ui.main_window import MainWindow
    from ui.pages import TableSectionPage

    app = create_application()
    doc = load(SAMPLE)
    doc.clear_stated()  # totals follow the entries, so each edit also recomputes its row and column totals
    window = MainWindow(doc, SAMPLE)
    window.resize(1280, 820)
    window.show()
    for _ in range(20):
        app.processEvents()
    window.controller.validate_now()
    page = next(p for p in window.build_all_pages() if isinstance(p, TableSectionPage) and p.section_id == "s3")
    window.tabs.setCurrentWidget(page)
    view = page.views[0]
    model = view.block_model
    viewport = view.viewport()
    for _ in range(5):
        app.processEvents()

    painted = [0.0]

    class PaintClock(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                painted[0] = time.perf_counter()
            return False

    clock = PaintClock()
    viewport.installEventFilter(clock)
    refs = [r for r in model.positions if not window.controller.spec.cells[r].computed]
    edit_ms: list[float] = []
    validate_ms: list[float] = []
    for i in range(args.edits):
        ref = refs[i % len(refs)]
        index = model.index_of(ref)
        painted[0] = 0.0
        start = time.perf_counter()
        model.setData(index, str(100 + i))
        app.processEvents()  # delivers the update request: the repaint happens here
        if painted[0] == 0.0:
            viewport.repaint()
        edit_ms.append((painted[0] - start) * 1000)
        painted[0] = 0.0
        start = time.perf_counter()
        window.controller.validate_now()  # what the coalescing timer triggers ~30 ms later
        app.processEvents()
        if painted[0] == 0.0:
            viewport.repaint()
        validate_ms.append((painted[0] - start) * 1000)
    window.controller.undo_stack.setClean()

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:20s} median {statistics.median(values):6.2f} ms · p95 {percentile(values, 95):6.2f} ms"
            f" · max {max(values):6.2f} ms ({len(values)} edits)"
        )

    print(line("edit → repaint", edit_ms))
    print(line("validate → repaint", validate_ms))
    ok = percentile(edit_ms, 95) <= TARGET_MS
    print(f"target: edit → repaint ≤ {TARGET_MS:.0f} ms (p95) — {'met' if ok else 'NOT met'}")
    window.close()
    QApplication.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
