"""上年度内容: last year's text of a field beside this year's editor, read-only, with a copy button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import palette


class ReferencePanel(QFrame):
    """Shows one field of last year's report for reference; it is never copied into the editor by itself."""

    message = Signal(str)

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reference_panel")
        self.field_label = field_label
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel("上年度内容")
        self.title.setStyleSheet(f"color: {palette.INFO_TEXT}; font-weight: bold;")
        self.title.setWordWrap(True)
        self.copy_button = QPushButton("复制")
        self.copy_button.setToolTip("复制上年度的这部分文字，可粘贴到左侧本年度编辑框中再修改")
        self.copy_button.clicked.connect(self.copy)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setUndoRedoEnabled(False)
        self.view.setTabChangesFocus(True)
        self.view.setAccessibleName(f"上年度内容：{field_label}")
        self.view.setStyleSheet(
            f"QPlainTextEdit {{ background: {palette.REFERENCE_BG}; color: {palette.REFERENCE_TEXT}; }}"
        )
        self.view.setPlaceholderText("（上年度报告此项未填写）")
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self.hide()

    def set_text(self, text: str | None, year: int | None = None) -> None:
        """Last year's text (None: no previous report known, the panel stays hidden)."""
        self.available = text is not None
        self.view.setPlainText(text or "")
        self.title.setText(f"{year}年度报告的内容（仅供参考）" if year else "上年度内容（仅供参考）")
        self.copy_button.setEnabled(bool(text))

    def text(self) -> str:
        return self.view.toPlainText()

    def copy(self) -> None:
        """The selection if the clerk selected part of it, else the whole text."""
        selected = self.view.textCursor().selectedText().replace("\u2029", "\n")
        QApplication.clipboard().setText(selected or self.text())
        what = "所选的上年度文字" if selected else f"上年度“{self.field_label}”的内容"
        self.message.emit(f"已复制{what}，可粘贴到本年度的编辑框中修改")

    available = False


def beside(editor: QWidget, panel: ReferencePanel) -> QSplitter:
    """This year's editor on the left, last year's text on the right; the clerk can drag the divider."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(editor)
    splitter.addWidget(panel)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter
