"""BlockView: an Excel-like grid for one table block (Enter/Tab navigation, Delete, TSV copy/paste)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from app.clipboard import parse_tsv, plan_paste, to_tsv
from app.values import NA
from ui.controller import READ_ONLY_MESSAGE
from ui.header import GroupHeaderView
from ui.table_model import BlockModel

# Blocks only obvious junk while typing; app.numbers.parse_value decides what the value is.
# Spaces are allowed, tabs and line breaks are not: a block copied from Excel is never one number.
_CELL_CHARS = r"^[ \x{00A0}\x{3000}0-9０-９,，.．。+\-－—–/／件万元不适用]*$"


class NumberDelegate(QStyledItemDelegate):
    """A right-aligned line editor that accepts digits (also full-width), separators and 不适用."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setValidator(QRegularExpressionValidator(_CELL_CHARS, editor))
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+V in an open cell: a block from Excel/WPS is pasted into the grid, not into the one cell."""
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            text = QApplication.clipboard().text()
            rows = parse_tsv(text)
            view = self.parent()
            if isinstance(view, BlockView) and (len(rows) > 1 or (rows and len(rows[0]) > 1)):
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                view.paste_text(text)
                return True
            if rows:  # one cell: drop the line break Excel puts after it
                watched.insert(rows[0][0].strip())
            return True
        return super().eventFilter(watched, event)


class BlockView(QTableView):
    """The grid of one block. All changes go through the model → controller → undo stack."""

    message = Signal(str)  # a short note for the status bar

    def __init__(self, model: BlockModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(GroupHeaderView(Qt.Orientation.Horizontal, self))
        self.setVerticalHeader(GroupHeaderView(Qt.Orientation.Vertical, self))
        self.setModel(model)
        self.block_model = model
        self.setItemDelegate(NumberDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        block = model.block
        h = self.horizontalHeader()
        v = self.verticalHeader()
        assert isinstance(h, GroupHeaderView) and isinstance(v, GroupHeaderView)
        h.set_paths([c.path for c in block.columns])
        v.set_paths([r.path for r in block.rows])
        v.setVisible(block.row_labels)
        self.corner_text = block.corner
        self._corner = self.findChild(QAbstractButton)
        if self._corner is not None:
            self._corner.installEventFilter(self)
        model.input_rejected.connect(self._on_rejected)
        self.relayout()

    # ------------------------------------------------------------------ sizing
    def label_level_widths(self) -> list[int]:
        """Widths of the frozen label columns, from the labels' lengths in this font."""
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("中")
        pad = 2 * max(6, fm.height() // 3)
        rows = self.block_model.block.rows
        depth = max(len(r.path) for r in rows)
        widths = []
        for level in range(depth):
            if level < depth - 1:
                labels = [r.path[level] for r in rows if level < len(r.path) - 1]
                widest = max((fm.horizontalAdvance(t) for t in labels), default=4 * em)
                widths.append(min(widest, 7 * em) + pad)
            else:
                labels = [r.path[-1] for r in rows if len(r.path) == depth]
                widest = max((fm.horizontalAdvance(t) for t in labels), default=6 * em)
                widths.append(max(min(widest, 18 * em), 5 * em) + pad)
        return widths

    def column_widths(self) -> list[int]:
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("中")
        pad = 2 * max(6, fm.height() // 3)
        cols = self.block_model.block.columns
        cap = 6 * em if len(cols) > 3 else 9 * em if len(cols) > 1 else 14 * em
        digits = fm.horizontalAdvance("0" * (12 if not self.block_model.block.value_type.is_integer else 8))
        return [max(digits, min(fm.horizontalAdvance(c.label), cap)) + pad for c in cols]

    def relayout(self, label_widths: list[int] | None = None) -> None:
        h = self.horizontalHeader()
        v = self.verticalHeader()
        assert isinstance(h, GroupHeaderView) and isinstance(v, GroupHeaderView)
        h.layout_horizontal(self.column_widths())
        row_height = self.fontMetrics().height() + 2 * max(6, self.fontMetrics().height() // 3)
        v.layout_vertical(label_widths or self.label_level_widths(), row_height)
        self.updateGeometries()

    def content_size(self) -> tuple[int, int]:
        """Width and height showing every cell without scrolling."""
        h, v = self.horizontalHeader(), self.verticalHeader()
        width = h.length() + (0 if v.isHidden() else v.sizeHint().width()) + 2 * self.frameWidth()
        height = v.length() + h.sizeHint().height() + 2 * self.frameWidth()
        return width, height

    # ------------------------------------------------------------------ corner label
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._corner and event.type() == QEvent.Type.Paint and self._corner is not None:
            painter = QPainter(self._corner)
            rect = self._corner.rect()
            pal = self.palette()
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Button))
            painter.setPen(pal.color(QPalette.ColorRole.Mid))
            painter.drawLine(rect.topRight(), rect.bottomRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(font)
            painter.drawText(
                rect.adjusted(6, 4, -6, -4),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.corner_text,
            )
            painter.end()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ navigation
    def _editable(self, row: int, column: int) -> bool:
        model = self.block_model
        return bool(model.flags(model.index(row, column)) & Qt.ItemFlag.ItemIsEditable)

    def next_editable(self, index: QModelIndex, step: int, vertical: bool) -> QModelIndex:
        """The next editable cell after ``index`` going across (wrapping rows) or down."""
        model = self.block_model
        rows, cols = model.rowCount(), model.columnCount()
        if not index.isValid():
            return model.index(0, 0)
        if vertical:
            r = index.row() + step
            while 0 <= r < rows:
                if self._editable(r, index.column()):
                    return model.index(r, index.column())
                r += step
            return index
        pos = index.row() * cols + index.column() + step
        while 0 <= pos < rows * cols:
            r, c = divmod(pos, cols)
            if self._editable(r, c):
                return model.index(r, c)
            pos += step
        return index

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        if action == QAbstractItemView.CursorAction.MoveNext:
            return self.next_editable(self.currentIndex(), 1, vertical=False)
        if action == QAbstractItemView.CursorAction.MovePrevious:
            return self.next_editable(self.currentIndex(), -1, vertical=False)
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        current = self.currentIndex()
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter
            self._go(self.next_editable(current, 1, vertical=True))
        elif hint == QAbstractItemDelegate.EndEditHint.EditNextItem:  # Tab
            self._go(self.next_editable(current, 1, vertical=False))
        elif hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem:  # Shift+Tab
            self._go(self.next_editable(current, -1, vertical=False))

    def commit_editor(self) -> None:
        """Commit a cell still being edited (before saving, closing or exporting)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def cancel_editor(self) -> bool:
        """Close a cell still being edited without keeping what was typed; True if one was open."""
        if self.state() != QAbstractItemView.State.EditingState:
            return False
        for editor in self.viewport().findChildren(QWidget):
            if editor.isVisible() and editor.parentWidget() is self.viewport():
                super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
        return False

    def _go(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif key == Qt.Key.Key_Delete or (
            key == Qt.Key.Key_Backspace and self.state() != QAbstractItemView.State.EditingState
        ):
            self.clear_selection()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            step = -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
            self._go(self.next_editable(self.currentIndex(), step, vertical=True))
        elif self._typing_on_total(event):
            self.explain_total(self.currentIndex())
        elif self.block_model.controller.read_only and self._is_typing(event):
            self.message.emit(READ_ONLY_MESSAGE)
        else:
            super().keyPressEvent(event)

    def _typing_on_total(self, event: QKeyEvent) -> bool:
        """A key that would start editing an ordinary cell, pressed on a computed total."""
        index = self.currentIndex()
        if self.state() == QAbstractItemView.State.EditingState or not index.isValid():
            return False
        if not self.block_model.is_computed(index):
            return False
        return self._is_typing(event)

    @staticmethod
    def _is_typing(event: QKeyEvent) -> bool:
        """F2 or a key that types a character (not a shortcut)."""
        if event.key() == Qt.Key.Key_F2:
            return True
        command = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        return bool(event.text().strip()) and not event.modifiers() & command

    def explain_total(self, index: QModelIndex) -> None:
        """Say why a total cannot be typed in (instead of ignoring the key)."""
        model = self.block_model
        ref = model.ref_at(index)
        location = model.controller.spec.cells[ref].location
        text = model.computed_explanation(ref)
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), text, self)
        self.message.emit(f"“{location}”是合计栏，自动计算，不能直接填写；请修改各项数值")

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and self.block_model.is_computed(index):
            self.explain_total(index)
            return
        super().mouseDoubleClickEvent(event)

    # ------------------------------------------------------------------ selection helpers
    def selected_refs(self, editable_only: bool = True) -> list[str]:
        model = self.block_model
        indexes = sorted(self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes and self.currentIndex().isValid():
            indexes = [self.currentIndex()]
        return [model.ref_at(i) for i in indexes if not editable_only or not model.is_computed(i)]

    def selection_bounds(self) -> QRect | None:
        selection = self.selectionModel().selection()
        ranges = [selection.at(i) for i in range(selection.size())]
        if not ranges:
            cur = self.currentIndex()
            return QRect(cur.column(), cur.row(), 1, 1) if cur.isValid() else None
        top = min(r.top() for r in ranges)
        left = min(r.left() for r in ranges)
        bottom = max(r.bottom() for r in ranges)
        right = max(r.right() for r in ranges)
        return QRect(left, top, right - left + 1, bottom - top + 1)

    # ------------------------------------------------------------------ clipboard and bulk edits
    def copy_selection(self) -> None:
        bounds = self.selection_bounds()
        if bounds is None:
            return
        model = self.block_model
        selected = {(i.row(), i.column()) for i in self.selectionModel().selectedIndexes()} or {
            (bounds.top(), bounds.left())
        }
        rows = [
            [
                model.text(model.refs[r][c]) if (r, c) in selected else ""
                for c in range(bounds.left(), bounds.right() + 1)
            ]
            for r in range(bounds.top(), bounds.bottom() + 1)
        ]
        QApplication.clipboard().setText(to_tsv(rows))
        self.message.emit(f"已复制 {len(selected)} 个单元格")

    def paste(self) -> None:
        self.paste_text(QApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste TSV at the selection; any invalid value → nothing applied, the cells named."""
        if not self._writable():
            return False
        rows = parse_tsv(text)
        bounds = self.selection_bounds()
        if not rows or bounds is None:
            return False
        model = self.block_model
        spec = model.controller.spec
        fill = sorted((i.row(), i.column()) for i in self.selectionModel().selectedIndexes())
        block_refs = [ref for row in model.refs for ref in row]
        plan = plan_paste(
            model.block,
            rows,
            (bounds.top(), bounds.left()),
            frozenset(r for r in block_refs if spec.cells[r].computed),
            fill,
            location={r: spec.cells[r].location for r in block_refs},
        )
        if not plan.ok:
            from ui.dialogs import show_paste_problems

            show_paste_problems(self, plan.problems)
            return False
        if not plan.edits:
            self.message.emit("没有可粘贴的单元格（合计栏自动计算，不能粘贴）")
            return False
        model.controller.set_cells(plan.edits, f"粘贴 {len(plan.edits)} 个单元格")
        note = f"已粘贴 {len(plan.edits)} 个单元格"
        if plan.skipped_computed:
            note += f"；合计栏自动计算，跳过 {plan.skipped_computed} 个值"
        if plan.overflow:
            note += f"；超出表格范围的 {plan.overflow} 个值未粘贴"
        self.message.emit(note)
        return True

    def _writable(self) -> bool:
        """False, with a note for the clerk, when the report is read-only."""
        if self.block_model.controller.read_only:
            self.message.emit(READ_ONLY_MESSAGE)
            return False
        return True

    def clear_selection(self) -> None:
        if not self._writable():
            return
        refs = self.selected_refs()
        if refs and self.block_model.controller.set_cells(dict.fromkeys(refs), f"清除 {len(refs)} 个单元格"):
            self.message.emit(f"已清除 {len(refs)} 个单元格")

    def set_selection_na(self) -> None:
        if not self._writable():
            return
        refs = self.selected_refs()
        if refs:
            self.block_model.controller.set_cells(dict.fromkeys(refs, NA), "设为不适用")

    def set_selection_zero(self) -> None:
        if not self._writable():
            return
        refs = self.selected_refs()
        if refs:
            self.block_model.controller.set_cells(dict.fromkeys(refs, Decimal(0)), "填入0")

    def use_computed_totals(self) -> None:
        if not self._writable():
            return
        refs = [r for r in self.selected_refs(editable_only=False) if r in self.block_model.controller.doc.stated]
        if refs:
            self.block_model.controller.set_cells(dict.fromkeys(refs), "改用自动计算的合计")

    def adopt_computed_totals(self) -> None:
        """采用计算值 for the selected totals the source printed blank."""
        if not self._writable():
            return
        count = self.block_model.controller.adopt_computed(self.selected_refs(editable_only=False))
        if count:
            self.message.emit(f"已采用计算值：{count} 个原文为空白的合计按各项之和填报，可按 Ctrl+Z 撤销")

    # ------------------------------------------------------------------ feedback and menu
    def _on_rejected(self, ref: str, reason: str) -> None:
        index = self.block_model.index_of(ref)
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), reason, self)
        self.message.emit(f"未修改：{reason}")

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        """The right-click menu for the current selection."""
        menu = QMenu(self)
        writable = not self.block_model.controller.read_only
        selected = writable and bool(self.selected_refs())
        actions: list[tuple[str, object, bool]] = [
            ("复制", self.copy_selection, True),
            ("粘贴", self.paste, writable and bool(QApplication.clipboard().text())),
            ("", None, True),
            ("填入0", self.set_selection_zero, selected),
            ("设为不适用", self.set_selection_na, selected),
            ("清除内容", self.clear_selection, selected),
        ]
        stated = [r for r in self.selected_refs(editable_only=False) if r in self.block_model.controller.doc.stated]
        if stated:
            actions.append(("改用自动计算的合计", self.use_computed_totals, writable))
        blank = self.block_model.controller.doc.blank_totals
        if any(r in blank for r in self.selected_refs(editable_only=False)):
            actions.append(("采用计算值", self.adopt_computed_totals, writable))
        for text, slot, enabled in actions:
            if not text:
                menu.addSeparator()
                continue
            action = QAction(text, menu)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            menu.addAction(action)
        extra = self.property("extra_actions")
        if extra:
            menu.addSeparator()
            for action in extra:
                menu.addAction(action)
        return menu

    def reveal(self, refs: list[str]) -> None:
        """Select these cells, make the first current and scroll it into view."""
        model = self.block_model
        mine = [r for r in refs if r in model.positions]
        if not mine:
            return
        first = model.index_of(mine[0])
        self.setCurrentIndex(first)
        sel = self.selectionModel()
        sel.clearSelection()
        selection = QItemSelection()
        for ref in mine:
            idx = model.index_of(ref)
            selection.select(idx, idx)
        sel.select(selection, QItemSelectionModel.SelectionFlag.Select)
        self.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
