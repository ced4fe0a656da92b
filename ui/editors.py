"""Text and metadata editors bound to the controller: idle/focus-out commits as undoable steps."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRegularExpression, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QRegularExpressionValidator,
    QUndoStack,
)
from PySide6.QtWidgets import QComboBox, QLineEdit, QMenu, QPlainTextEdit, QWidget

from ui.controller import DocumentController

COMMIT_IDLE_MS = 800


def _route_undo(event: QKeyEvent, flush: SignalInstance, stack: QUndoStack | None) -> bool:
    """Ctrl+Z / Ctrl+Y in an editor act on the report's one undo history."""
    if stack is None:
        return False
    if event.matches(QKeySequence.StandardKey.Undo):
        flush.emit()
        stack.undo()
        return True
    if event.matches(QKeySequence.StandardKey.Redo) or (
        event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
    ):
        flush.emit()
        stack.redo()
        return True
    return False


def _replace_undo_actions(menu: QMenu, stack: QUndoStack | None) -> None:
    if stack is None:
        return
    for action in menu.actions():
        name = action.objectName()
        if name in ("edit-undo", "edit-redo"):
            ours = stack.createUndoAction(menu, "撤销") if name == "edit-undo" else stack.createRedoAction(menu, "重做")
            ours.setShortcut(action.shortcut())
            menu.insertAction(action, ours)
            menu.removeAction(action)


class PlainTextEditor(QPlainTextEdit):
    """A plain-text editor without its own undo: Ctrl+Z goes to the report's undo stack."""

    flush_requested = Signal()
    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.undo_stack: QUndoStack | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _route_undo(event, self.flush_requested, self.undo_stack):
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        _replace_undo_actions(menu, self.undo_stack)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def current_text(self) -> str:
        return self.toPlainText()

    def show_text(self, text: str) -> None:
        """Replace the text (undo/redo, another document) keeping the caret and scroll near where they were."""
        position = self.textCursor().position()
        scroll = self.verticalScrollBar().value()
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scroll)


class LineEditor(QLineEdit):
    """A one-line editor whose Ctrl+Z goes to the report's undo stack."""

    flush_requested = Signal()
    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack: QUndoStack | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not _route_undo(event, self.flush_requested, self.undo_stack):
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        _replace_undo_actions(menu, self.undo_stack)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def current_text(self) -> str:
        return self.text()

    def show_text(self, text: str) -> None:
        self.setText(text)

    def set_year_only(self) -> None:
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,4}$"), self))


class FieldBinding(QObject):
    """Keeps one editor and one document field ("text.x" / "meta.x") in step, both ways."""

    committed = Signal(str)

    def __init__(
        self,
        controller: DocumentController,
        key: str,
        label: str,
        editor: PlainTextEditor | LineEditor | QComboBox,
    ) -> None:
        super().__init__(editor)
        self.controller = controller
        self.key = key
        self.label = label
        self.editor = editor
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_IDLE_MS)
        self._timer.timeout.connect(self._on_idle)
        if controller.read_only:  # shown, selectable and copyable, never changed
            if isinstance(editor, QComboBox):
                editor.setEnabled(False)
            else:
                editor.setReadOnly(True)
        if isinstance(editor, QComboBox):
            editor.currentTextChanged.connect(self._on_combo)
        else:
            editor.undo_stack = controller.undo_stack
            editor.textChanged.connect(self._on_edited)
            editor.flush_requested.connect(self.commit)
            editor.focus_lost.connect(self._on_focus_lost)
        controller.text_changed.connect(self._on_model_changed)
        controller.document_replaced.connect(self.load)
        self.load()

    def text(self) -> str:
        if isinstance(self.editor, QComboBox):
            return self.editor.currentText()
        return self.editor.current_text()

    def load(self) -> None:
        self._timer.stop()
        value = self.controller.text_value(self.key)
        if value == self.text():
            return
        self._loading = True
        try:
            if isinstance(self.editor, QComboBox):
                if self.editor.findText(value) < 0:
                    self.editor.addItem(value)
                self.editor.setCurrentText(value)
            else:
                self.editor.show_text(value)
        finally:
            self._loading = False

    def commit(self) -> None:
        self._timer.stop()
        if self.controller.set_text(self.key, self.text(), self.label):
            self.committed.emit(self.key)

    def _on_idle(self) -> None:
        """A pause in typing ends one undo step: Ctrl+Z takes back the last burst, not the whole field."""
        self.commit()
        self.controller.end_text_session()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def _on_edited(self, *_: object) -> None:
        if not self._loading:
            self._timer.start()

    def _on_combo(self, _: str) -> None:
        if not self._loading:
            self.commit()
            self.controller.end_text_session()

    def _on_focus_lost(self) -> None:
        self.commit()
        self.controller.end_text_session()

    def _on_model_changed(self, key: str) -> None:
        if key == self.key and not self.pending:
            self.load()
