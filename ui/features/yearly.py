"""Year after year: 新建下一年度报告, the link to last year's report, 现行有效件数 suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.document import ReportDocument
from app.errors import UserError
from app.numbers import format_decimal
from app.persistence import ProjectError, load
from ui import dialogs, palette
from ui.features.base import Feature, StatusItem, WindowContext
from ui.features.files import PROJECT_FILTER
from ui.menus import Group, Menu, MenuItem
from ui.previous import NO_PREVIOUS, PreviousReport

if TYPE_CHECKING:
    from app.yearly import NextYear, StockSuggestion

STOCK_MENU_PATH = "编辑 → 按上年数据推算现行有效件数…"


# ---------------------------------------------------------------------------- the confirm dialog
class SuggestionDialog(QDialog):
    """What was prefilled (plain text) and the 现行有效件数 suggestions as check boxes, all ticked."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        intro: str,
        suggestions: Sequence[StockSuggestion],
        footer: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.suggestions = list(suggestions)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        text.setObjectName("intro")
        layout.addWidget(text)
        self.boxes: list[QCheckBox] = []
        if self.suggestions:
            ask = QLabel("表二“现行有效件数”可按上年度数据推算，请核对后勾选要填入的项：")
            ask.setWordWrap(True)
            layout.addWidget(ask)
            for suggestion in self.suggestions:
                box = QCheckBox(suggestion_text(suggestion))
                box.setChecked(True)
                box.setToolTip(suggestion.describe())
                self.boxes.append(box)
                layout.addWidget(box)
        if footer:
            note = QLabel(footer)
            note.setWordWrap(True)
            note.setStyleSheet(palette.text_style(palette.HINT_TEXT))
            layout.addWidget(note)
        buttons = QDialogButtonBox(self)
        if self.suggestions:
            self.ok_button = buttons.addButton("填入所选", QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton("暂不填入", QDialogButtonBox.ButtonRole.RejectRole)
        else:
            self.ok_button = buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # A top-level window sizes itself from size hints, which guess the width of wrapped labels:
        # fix the width and give each label its height at that width, so no line is cut off.
        em = self.fontMetrics().horizontalAdvance("中")
        width = 40 * em
        self.setFixedWidth(width)
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        for label in self.findChildren(QLabel):
            if label.wordWrap():
                label.setMinimumHeight(label.heightForWidth(inner))

    def chosen(self) -> list[StockSuggestion]:
        return [s for s, box in zip(self.suggestions, self.boxes, strict=True) if box.isChecked()]


def suggestion_text(s: StockSuggestion) -> str:
    """Two lines: “规章现行有效件数：填入 11 件（现为 空白）” and how it was worked out."""
    row = s.location.split(" · ")[-2] if " · " in s.location else s.location
    now = _shown(s.current)
    return (
        f"{row}现行有效件数：填入 {format_decimal(s.value)} 件（现为 {now}）\n"
        f"＝上年度现行有效 {format_decimal(s.previous_stock)} + 本年制发 {format_decimal(s.issued)}"
        f" − 本年废止 {format_decimal(s.repealed)}"
    )


def ask_suggestions(
    parent: QWidget | None, title: str, intro: str, suggestions: Sequence[StockSuggestion], footer: str = ""
) -> list[StockSuggestion]:
    """Show the dialog; the suggestions the clerk confirmed (empty when none or cancelled)."""
    dialog = SuggestionDialog(parent, title, intro, suggestions, footer)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return dialog.chosen()
    finally:
        dialog.deleteLater()


# ---------------------------------------------------------------------------- 新建下一年度报告
def _shown(value: object) -> str:
    return format_decimal(value) if isinstance(value, Decimal) else "空白"


def prefill_summary(result: NextYear, previous: ReportDocument) -> str:
    """Plain Chinese: what the new report took from last year's."""
    doc = result.document
    last = f"{previous.year}年度" if previous.year else "上年度"
    lines = [f"已根据{last}报告新建《{doc.title}》（尚未保存）。", "已带入：机关名称、联系方式等基本信息。"]
    if result.prefilled:
        spec = doc.spec
        first = spec.cells[result.prefilled[0].ref]
        source_row = previous.spec.cells[result.prefilled[0].source_ref].row.display_name
        parts = "、".join(f"{spec.cells[p.ref].column.display_name} {_shown(p.value)}" for p in result.prefilled)
        lines.append(
            f"表{first.section.number}“{first.row.display_name}”已按{last}报告“{source_row}”逐栏填入：{parts}。"
        )
    lines.extend(result.notes)
    lines.append("各部分的文字没有带入；编辑文字时，右侧可对照上年度内容。")
    return "\n".join(lines)


class YearlyFeature(Feature):
    """Last year's report: start the next year from it, link it for the cross-year rules, re-offer 现行有效件数."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window)
        self.act_next_year = self.action(
            "新建下一年度报告(&Y)…",
            self.new_next_year,
            None,
            "选择上一年度的报告项目，带入基本信息和上年结转数，新建下一年度的报告",
        )
        self.act_choose_previous = self.action(
            "选择上一年度报告(&L)…",
            self.choose_previous,
            None,
            "选择上一年度的报告项目，进行跨年度检查（上年结转、现行有效件数、内容雷同）",
        )
        self.act_unlink_previous = self.action(
            "取消关联上一年度报告", self.unlink_previous, None, "不再进行跨年度检查（可撤销）"
        )
        self.act_stock = self.action(
            "按上年数据推算现行有效件数(&K)…",
            self.offer_stock,
            None,
            "表二现行有效件数 = 上年度现行有效件数 + 本年制发件数 − 本年废止件数，核对后填入（可撤销）",
        )
        self.disable_when_read_only(
            self.act_next_year, self.act_choose_previous, self.act_unlink_previous, self.act_stock
        )
        self.previous_label = QLabel()
        self.previous_label.hide()
        window.controller.previous_changed.connect(self._update_previous)
        self._update_previous()

    def menu_items(self) -> list[MenuItem]:
        return [
            MenuItem(Menu.FILE, Group.FILE_DOCUMENT, 20, self.act_next_year),
            MenuItem(Menu.EDIT, Group.EDIT_YEARLY, 10, self.act_stock),
            MenuItem(Menu.CHECK, Group.CHECK_YEARLY, 10, self.act_choose_previous),
            MenuItem(Menu.CHECK, Group.CHECK_YEARLY, 20, self.act_unlink_previous),
            MenuItem(Menu.CHECK, Group.CHECK_YEARLY, 30, self.act_stock),
        ]

    def status_items(self) -> list[StatusItem]:
        return [StatusItem(10, self.previous_label)]

    def _update_previous(self) -> None:
        """The status bar says which previous report the cross-year checks use, or why there is none."""
        previous = self.window.controller.previous_report
        label = self.previous_label
        label.setText(previous.label)
        label.setToolTip(previous.detail)
        label.setStyleSheet("" if previous.document is not None else palette.text_style(palette.WARNING_TEXT))
        label.setVisible(bool(previous.label))
        if not self.window.read_only:
            self.act_unlink_previous.setEnabled(bool(self.window.controller.doc.previous_project))
            self.act_stock.setEnabled(previous.document is not None)

    # ------------------------------------------------------------------ 新建下一年度报告
    def new_next_year(self) -> bool:
        """文件 → 新建下一年度报告…: pick last year's project, then start from it."""
        window = self.window
        if window.read_only or not window.confirm_discard():
            return False
        name, _ = QFileDialog.getOpenFileName(
            window.widget, "选择上一年度的报告项目", str(window.start_dir()), PROJECT_FILTER
        )
        return bool(name) and self.start_next_year(Path(name))

    def start_next_year(self, path: Path) -> bool:
        """Open a new, unsaved report for the year after ``path``'s, linked to it; offer the suggestions."""
        from app.yearly import next_year

        window = self.window
        try:
            previous = load(path)
            result = next_year(previous, path, None)
        except ProjectError as exc:
            dialogs.show_error(window.widget, "无法打开上年度报告", str(exc))
            return False
        except UserError as exc:
            dialogs.show_error(window.widget, "无法新建下一年度报告", str(exc))
            return False
        window.replace_document(result.document, None, modified=True, previous=PreviousReport(previous, path.resolve()))
        offered = [s for s in result.suggestions if s.differs]
        footer = f"本年制发、废止件数尚未填写，暂按 0 计算。填写后可用“{STOCK_MENU_PATH}”重新推算。" if offered else ""
        chosen = ask_suggestions(window.widget, "新建下一年度报告", prefill_summary(result, previous), offered, footer)
        self.apply_suggestions(chosen)
        window.status(f"已新建《{result.document.title}》，请填写后保存", 10000)
        return True

    def apply_suggestions(self, chosen: Sequence[StockSuggestion]) -> bool:
        """Write the confirmed values as one undo step."""
        if not chosen:
            return False
        values = {s.ref: s.value for s in chosen}
        done = self.window.controller.set_cells(values, f"按上年数据填入现行有效件数（{len(chosen)} 项）")
        if done:
            self.window.status(f"已填入 {len(chosen)} 项现行有效件数，可按 Ctrl+Z 撤销", 8000)
        return done

    # ------------------------------------------------------------------ re-offer later
    def offer_stock(self) -> bool:
        """按上年数据推算现行有效件数…: offer again, with this year's 制发/废止 as typed so far."""
        from app.yearly import stock_suggestions

        window = self.window
        previous = window.controller.previous
        if previous is None:
            dialogs.show_error(
                window.widget,
                "按上年数据推算",
                "尚未关联上年度报告，无法推算。请先用“校验 → 选择上一年度报告…”选择上年度的报告项目。",
            )
            return False
        window.flush_edits()
        suggestions = stock_suggestions(window.controller.doc, previous)
        if not suggestions:
            window.status("上年度报告的表二栏目与本年不同，无法推算现行有效件数", 8000)
            return False
        offered = [s for s in suggestions if s.differs]
        if not offered:
            window.status("现行有效件数与按上年数据推算的结果一致，无需修改", 8000)
            return False
        intro = f"按{previous.year}年度报告的现行有效件数和本年表二已填的制发、废止件数推算。"
        return self.apply_suggestions(ask_suggestions(window.widget, "按上年数据推算现行有效件数", intro, offered))

    # ------------------------------------------------------------------ link / unlink
    def choose_previous(self) -> bool:
        """校验 → 选择上一年度报告…"""
        start = self.window.controller.previous_report.path
        folder = start.parent if start is not None else self.window.start_dir()
        name, _ = QFileDialog.getOpenFileName(self.window.widget, "选择上一年度的报告项目", str(folder), PROJECT_FILTER)
        return bool(name) and self.link_previous_path(Path(name))

    def link_previous_path(self, path: Path) -> bool:
        from app.yearly import relative_link

        window = self.window
        if window.path is not None and path.resolve() == window.path.resolve():
            dialogs.show_error(window.widget, "选择上一年度报告", "所选文件就是本报告，请选择上一年度的报告项目。")
            return False
        try:
            previous = load(path)
        except ProjectError as exc:
            dialogs.show_error(window.widget, "无法打开上年度报告", str(exc))
            return False
        link = relative_link(path, window.path)
        if not window.controller.link_previous(link, PreviousReport(previous, path.resolve())):
            window.status(f"已在使用上年度报告“{path.name}”")
            return False
        window.status(f"已关联上年度报告“{path.name}”，已进行跨年度检查；保存后记入本报告（可按 Ctrl+Z 撤销）", 10000)
        return True

    def unlink_previous(self) -> bool:
        if not self.window.controller.link_previous(None, NO_PREVIOUS):
            return False
        self.window.status("已取消关联上年度报告，不再进行跨年度检查（可按 Ctrl+Z 撤销）", 8000)
        return True
