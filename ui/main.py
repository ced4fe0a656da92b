"""GUI entry: `nianbao` (new report for last year), `nianbao FILE`, `nianbao --exit-after-show`."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.persistence import ProjectError, load

USAGE = "用法：nianbao [项目文件.json] [--exit-after-show]"
FIRST_PAINT_ENV = "NIANBAO_REPORT_FIRST_PAINT"  # the startup benchmark reads the first-paint time


def _say(text: str) -> None:
    stream = sys.stderr
    if stream is not None:  # a windowed build has none
        with contextlib.suppress(OSError, UnicodeError):
            stream.write(text + "\n")


def parse_args(args: list[str]) -> tuple[Path | None, bool] | None:
    exit_after_show = False
    path: Path | None = None
    for arg in args:
        if arg == "--exit-after-show":
            exit_after_show = True
        elif arg.startswith("-") or path is not None:
            return None
        else:
            path = Path(arg)
    return path, exit_after_show


def main(args: list[str]) -> int:
    started = time.monotonic()
    parsed = parse_args(args)
    if parsed is None:
        _say(USAGE)
        return 2
    path, exit_after_show = parsed

    from ui.application import create_application
    from ui.errors import ErrorReporter, setup_logging
    from ui.main_window import MainWindow
    from ui.paths import data_dir
    from ui.recovery import RecoveryStore

    app = create_application()
    folder = data_dir()
    reporter = ErrorReporter(folder / "logs")
    reporter.install()
    # The smoke test must never consume a real crash's recovery copy.
    store = None if exit_after_show else RecoveryStore(folder / "recovery")

    doc = None
    load_error = ""
    if path is not None:
        try:
            doc = load(path)
        except ProjectError as exc:
            load_error = str(exc)
            path = None
    window = MainWindow(doc, path if doc is not None else None, recovery=store)
    reporter.parent = window
    window.first_paint.settled.connect(lambda: setup_logging(folder / "logs"))
    if doc is not None and path is not None:
        window.settings.add_recent(path)

    if exit_after_show:

        def done() -> None:
            if os.environ.get(FIRST_PAINT_ENV):
                _say(f"first-paint {time.monotonic():.6f} startup {time.monotonic() - started:.6f}")
            app.exit(1 if load_error else 0)

        window.first_paint.painted.connect(done)
        window.show()
        code = app.exec()
        if load_error:
            _say(load_error)
        window.setWindowModified(False)
        return code

    window.show()
    if load_error:
        QMessageBox.warning(window, "无法打开", load_error)
    window.files.offer_recovery()
    try:
        return app.exec()
    finally:
        reporter.uninstall()
        if store is not None:
            store.close()


def run() -> None:  # `python -m ui.main`
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    run()
