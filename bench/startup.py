"""Startup benchmark: process start → first paint of the main window on the non-zero sample,
against a bare PySide6 window started the same way, both measured in one run.

    python bench/startup.py [--runs 7]

Each run starts a fresh interpreter. The child reports the time.monotonic() of its first paint
(a system-wide clock), the parent subtracts its own monotonic time taken just before starting it.
Target: ratio (app / bare) ≤ 1.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "resources" / "samples" / "huaian-city-2024.json"
TARGET_RATIO = 1.5


def bare_child() -> int:
    """A bare PySide6 window with a table, shown the same way; prints its first-paint time."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableWidget(25, 7))
    window.resize(1280, 820)

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                QTimer.singleShot(0, finish)
            return False

    def finish() -> None:
        sys.stderr.write(f"first-paint {time.monotonic():.6f}\n")
        app.exit(0)

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


def measure(cmd: list[str], env: dict[str, str]) -> float:
    start = time.monotonic()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False, cwd=REPO)
    if out.returncode != 0:
        raise SystemExit(f"{cmd} failed ({out.returncode}):\n{out.stderr}")
    for line in out.stderr.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - start
    raise SystemExit(f"{cmd} printed no first-paint time:\n{out.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bare-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:
        return bare_child()
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "NIANBAO_DATA_DIR": data,
            "NIANBAO_REPORT_FIRST_PAINT": "1",
        }
        # An installed app runs from compiled bytecode (pip and the frozen build both have it);
        # without it every run would recompile our modules and measure the compiler.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        app_cmd = [sys.executable, "-m", "ui.launcher", str(SAMPLE), "--exit-after-show"]
        bare_cmd = [sys.executable, str(Path(__file__).resolve()), "--bare-child"]
        measure(app_cmd, env)  # warm the file cache for both
        measure(bare_cmd, env)
        app_times, bare_times = [], []
        for _ in range(args.runs):  # interleaved, so drift affects both alike
            bare_times.append(measure(bare_cmd, env))
            app_times.append(measure(app_cmd, env))
    app_ms = statistics.median(app_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    ratio = app_ms / bare_ms
    print(f"bare PySide6 window : {bare_ms:7.1f} ms (median of {args.runs})")
    print(f"年报助手 main window : {app_ms:7.1f} ms (median of {args.runs}, sample {SAMPLE.name})")
    print(f"ratio               : {ratio:7.2f} (target ≤ {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
