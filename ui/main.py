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


def offer_recovery(window: object, store: object) -> bool:
    """After a crash: offer the newest orphaned recovery copy. True if it was restored."""
    from ui.main_window import MainWindow
    from ui.recovery import RecoveryStore

    assert isinstance(window, MainWindow) and isinstance(store, RecoveryStore)
    orphans = store.orphans()
    if not orphans:
        return False
    latest = orphans[0]
    name = latest.source.name if latest.source else "未命名报告"
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("恢复未保存的工作")
    box.setText(f"年报助手上次没有正常关闭。发现“{name}”在 {latest.when} 自动备份的内容，尚未保存到文件。")
    box.setInformativeText("是否恢复？恢复后请检查内容并保存。")
    restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("不恢复（删除备份）", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    if ask_restore(box) is not restore:
        store.remove(latest)
        return False
    window.replace_document(latest.doc, latest.source, modified=True)
    store.remove(latest)
    window.statusBar().showMessage(f"已恢复 {latest.when} 自动备份的内容，请检查后保存", 10000)
    return True


def ask_restore(box: QMessageBox) -> object:
    """Shows the question (a seam for tests that run without a person)."""
    box.exec()
    return box.clickedButton()


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
    if store is not None:
        offer_recovery(window, store)
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
