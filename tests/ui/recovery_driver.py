"""Runs the window in a child process for the crash-recovery test (not a test module itself).

`edit DATADIR`: start as `nianbao` does, type into 表三 and a text field, wait until the recovery
copy holds the edits, print READY, then keep running until killed.
`restore DATADIR`: start as `nianbao` does, accept the restore question, print what was restored
as JSON, exit.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def edit() -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    import ui.features.files
    from ui.application import create_application
    from ui.main_window import MainWindow
    from ui.pages import TableSectionPage, TextSectionPage
    from ui.paths import data_dir
    from ui.recovery import RecoveryStore

    ui.features.files.AUTOSAVE_DELAY_MS = 200
    app = create_application()
    store = RecoveryStore(data_dir() / "recovery")
    window = MainWindow(recovery=store)
    window.show()
    QApplication.processEvents()

    page = next(p for p in window.pages if isinstance(p, TableSectionPage) and p.section_id == "s3")
    window.tabs.setCurrentWidget(page)
    view = page.views[0]
    view.setFocus()
    view.setCurrentIndex(view.block_model.index_of("t3.new.natural"))
    QTest.keyClicks(view, "4")
    editor = view.viewport().findChild(QLineEdit)
    QTest.keyClicks(editor, "2")
    QTest.keyClick(editor, Qt.Key.Key_Return)

    text_page = next(p for p in window.pages if isinstance(p, TextSectionPage) and p.section_id == "s5")
    window.tabs.setCurrentWidget(text_page)
    text_editor = text_page.bindings["text.s5_main"].editor
    text_editor.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("档案管理有待加强，下一步将整改。")
    QApplication.sendEvent(text_editor, event)

    def check() -> None:
        file = store.file
        if (
            file is not None
            and file.is_file()
            and "档案管理" in file.read_text("utf-8")
            and "42" in file.read_text("utf-8")
        ):
            print("READY", flush=True)
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(50, check)
    return app.exec()


def restore() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.main as main
    from ui.features import files

    result: dict[str, object] = {"asked": False}

    def accept(box: object) -> object:
        result["asked"] = True
        result["question"] = box.text()  # type: ignore[attr-defined]
        return box.defaultButton()  # type: ignore[attr-defined]

    original = files.FilesFeature.offer_recovery

    def offer(feature: files.FilesFeature) -> bool:
        restored = original(feature)
        window = feature.window
        doc = window.controller.doc
        result.update(
            restored=restored,
            natural=str(doc.cells["t3.new.natural"]),
            text=doc.texts["s5_main"],
            modified=window.widget.isWindowModified(),
            title=window.widget.windowTitle(),
        )
        print(json.dumps(result, ensure_ascii=False), flush=True)
        window.controller.undo_stack.setClean()
        window._force_dirty = False  # type: ignore[attr-defined]
        QTimer.singleShot(0, QApplication.quit)
        return restored

    files.ask_restore = accept  # type: ignore[assignment]
    files.FilesFeature.offer_recovery = offer  # type: ignore[method-assign]
    return main.main([])


if __name__ == "__main__":
    mode = sys.argv[1]
    os.environ["NIANBAO_DATA_DIR"] = sys.argv[2]
    sys.exit(edit() if mode == "edit" else restore())
