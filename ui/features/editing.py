"""Editing: 撤销 / 重做, 本表空白格填0, 不适用, 清除, 全部改用自动计算的合计, 确认推定值."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from ui.features.base import Feature, WindowContext
from ui.menus import Group, Menu, MenuItem
from ui.pages import TableSectionPage

if TYPE_CHECKING:
    from ui.table_view import BlockView  # loaded with the first table, after the first paint


class EditingFeature(Feature):
    """Changes to the cells as a whole, each one undo step; the undo history itself."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        key = QKeySequence.StandardKey
        stack = window.controller.undo_stack
        # Our own undo action (not createUndoAction): with a cell still open, 撤销 from the menu
        # cancels that entry, as Excel does, instead of undoing an earlier step behind it.
        self.act_undo = QAction("撤销", window.widget)
        self.act_undo.setEnabled(stack.canUndo())
        self.act_undo.triggered.connect(self.undo)
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.undoTextChanged.connect(lambda text: self.act_undo.setText(f"撤销 {text}" if text else "撤销"))
        self.act_undo.setShortcuts([QKeySequence(key.Undo)])
        self.act_redo = stack.createRedoAction(window.widget, "重做")
        redo_keys = QKeySequence.keyBindings(key.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # what Word/WPS users press
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.act_redo.setShortcuts(redo_keys)
        window.widget.addAction(self.act_undo)
        window.widget.addAction(self.act_redo)
        self.act_fill_zero = self.action(
            "本表空白格填0(&Z)", self.fill_blanks_with_zero, None, "把当前页表格中所有空白的单元格填为0（可撤销）"
        )
        self.act_use_computed = self.action(
            "全部改用自动计算的合计",
            self.use_computed_totals,
            None,
            "导入的报告中填写的合计与各项之和不一致时，改用自动计算的合计（可撤销）",
        )
        self.act_na = self.action("所选单元格设为不适用", self._on_view(lambda view: view.set_selection_na()))
        self.act_clear = self.action("清除所选单元格", self._on_view(lambda view: view.clear_selection()))
        self.act_confirm_inferred = self.action(
            "确认所选推定值",
            self._on_view(lambda view: self.confirm_inferred(view.selected_refs(editable_only=False))),
            None,
            "已对照原文核对过所选的推定值（导入时从连在一起的数字推定）：保留数值，取消推定标记（可撤销）",
        )
        self.act_confirm_all_inferred = self.action(
            "全部确认推定值",
            lambda: self.confirm_inferred(None),
            None,
            "已对照原文核对过全部推定值：保留数值，取消所有推定标记（可撤销）",
        )
        self.disable_when_read_only(
            self.act_fill_zero,
            self.act_use_computed,
            self.act_na,
            self.act_clear,
            self.act_confirm_inferred,
            self.act_confirm_all_inferred,
        )
        window.controller.content_changed.connect(self._update_actions)
        window.controller.undo_stepped.connect(self._on_undo_step)
        self._update_actions()

    def menu_items(self) -> list[MenuItem]:
        return [
            MenuItem(Menu.EDIT, Group.EDIT_UNDO, 10, self.act_undo),
            MenuItem(Menu.EDIT, Group.EDIT_UNDO, 20, self.act_redo),
            MenuItem(Menu.EDIT, Group.EDIT_CELLS, 10, self.act_fill_zero),
            MenuItem(Menu.EDIT, Group.EDIT_CELLS, 20, self.act_na),
            MenuItem(Menu.EDIT, Group.EDIT_CELLS, 30, self.act_clear),
            MenuItem(Menu.EDIT, Group.EDIT_CELLS, 40, self.act_use_computed),
            MenuItem(Menu.EDIT, Group.EDIT_CELLS, 50, self.act_confirm_inferred),
            MenuItem(Menu.EDIT, Group.EDIT_CELLS, 60, self.act_confirm_all_inferred),
        ]

    def cell_actions(self) -> list[QAction]:
        return [self.act_fill_zero, self.act_confirm_inferred]

    def document_replaced(self, *, modified: bool) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        if not self.window.read_only:
            doc = self.window.controller.doc
            self.act_use_computed.setEnabled(bool(doc.stated))
            self.act_confirm_inferred.setEnabled(bool(doc.inferred))
            self.act_confirm_all_inferred.setEnabled(bool(doc.inferred))

    def _on_undo_step(self, refs: tuple[str, ...], text: str, undone: bool) -> None:
        """Show what an undo or redo changed: it may be on another tab than the one in view."""
        message = f"已撤销：{text}" if undone else f"已重做：{text}"
        if not self.window.reveal_refs(refs, message):
            self.window.status(message, 8000)

    def _on_view(self, method: Callable[[BlockView], None]) -> Callable[[], None]:
        def run() -> None:
            view = self.window.current_view()
            if view is not None and not self.window.read_only:
                method(view)

        return run

    def undo(self) -> None:
        """编辑 → 撤销: cancel a cell entry still open; otherwise undo the last step."""
        for page in self.window.pages:
            if isinstance(page, TableSectionPage) and any(view.cancel_editor() for view in page.views):
                self.window.status("已取消正在输入的内容")
                return
        self.window.controller.undo_stack.undo()

    def fill_blanks_with_zero(self) -> None:
        """本表空白格填0: every blank input cell of the current tab's tables, as one undo step."""
        page = self.window.current_page()
        if not isinstance(page, TableSectionPage):
            self.window.status("请先切换到表格页（二、三、四）")
            return
        page.ensure_built()
        doc = self.window.controller.doc
        refs = [
            ref
            for view in page.views
            for row in view.block_model.refs
            for ref in row
            if not doc.spec.cells[ref].computed and doc.cells[ref] is None
        ]
        if not refs:
            self.window.status("本表没有空白单元格")
            return
        self.window.controller.set_cells(dict.fromkeys(refs, Decimal(0)), f"本表空白格填0（{len(refs)} 个）")
        self.window.status(f"已将 {len(refs)} 个空白单元格填为0，可按 Ctrl+Z 撤销")

    def use_computed_totals(self) -> None:
        """Drop every stated total (from an imported report) in one undo step."""
        stated = list(self.window.controller.doc.stated)
        if self.window.controller.set_cells(dict.fromkeys(stated), f"改用自动计算的合计（{len(stated)} 个）"):
            self.window.status(f"{len(stated)} 个合计改为自动计算，可按 Ctrl+Z 撤销")

    def confirm_inferred(self, refs: list[str] | None) -> None:
        """确认推定值: the 推定 values among ``refs`` (all when None) keep their value and lose the mark (one undo
        step, which brings the marks back)."""
        if self.window.read_only:
            return
        count = self.window.controller.confirm_inferred(refs)
        if count:
            self.window.status(f"已确认 {count} 个推定值，可按 Ctrl+Z 撤销")
        else:
            self.window.status("所选单元格中没有推定值" if refs is not None else "本报告没有待确认的推定值")
