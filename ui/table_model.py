"""BlockModel: one block of a report table (e.g. 表三) as a Qt table model over the controller."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.document import formulas_for
from app.numbers import NumberError, format_decimal, format_value, parse_value
from app.spec.model import Block, CellInfo, Severity
from app.values import NA, CellValue, numeric
from ui import palette
from ui.controller import DocumentController

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

COMPUTED_BG = QColor(palette.COMPUTED_BG)
ERROR_BG = QColor(palette.ERROR_BG)
WARNING_BG = QColor(palette.WARNING_BG)
COMPUTED_FG = QColor(palette.COMPUTED_TEXT)
NA_FG = QColor(palette.MUTED_TEXT)
REF_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's stable ref, e.g. "t3.new.natural"


@dataclass(frozen=True, slots=True)
class CellMark:
    """How the grid shows one kind of cell mark (a name of ReportDocument.MARK_KINDS).

    ``tooltip`` may name ``{kept}``: what the mark keeps (e.g. the digits as printed).
    """

    kind: str
    background: QColor
    tooltip: str


# In order of precedence: a cell holding several marks takes the first one's tint; every tooltip line is shown.
CELL_MARKS: tuple[CellMark, ...] = (
    CellMark("unread", QColor(palette.UNREAD_BG), "导入时未能读取，请按原报告填写"),
    CellMark(
        "blank_totals",
        QColor(palette.BLANK_TOTAL_BG),
        "原报告此合计为空，现按各项之和计算；核对各项无误后可右键选择“采用计算值”",
    ),
    # the adopted sum is the report's value now: shown like any total, the tooltip keeps the record
    CellMark("adopted_totals", COMPUTED_BG, "原报告此合计为空，已采用计算值（各项之和）"),
    CellMark("inferred", QColor(palette.INFERRED_BG), "推定值（原文“{kept}”），请核对后确认"),
)


class BlockModel(QAbstractTableModel):
    """Rows and columns of one spec Block; values, totals and issue tints come from the controller."""

    input_rejected = Signal(str, str)  # ref, Chinese reason

    def __init__(self, controller: DocumentController, block: Block, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.block = block
        self.refs = [[block.ref(r.id, c.id) for c in block.columns] for r in block.rows]
        self.positions = {ref: (i, j) for i, row in enumerate(self.refs) for j, ref in enumerate(row)}
        self._na_font = QFont()
        self._na_font.setItalic(True)
        controller.cells_changed.connect(self._on_cells_changed)
        controller.issues_changed.connect(self._on_issues_changed)
        controller.document_replaced.connect(self._on_replaced)

    # ------------------------------------------------------------------ structure
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.block.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.block.columns)

    def ref_at(self, index: Index) -> str:
        return self.refs[index.row()][index.column()]

    def index_of(self, ref: str) -> QModelIndex:
        row, column = self.positions[ref]
        return self.index(row, column)

    def info(self, index: Index) -> CellInfo:
        return self.controller.spec.cells[self.ref_at(index)]

    def is_computed(self, index: Index) -> bool:
        return self.info(index).computed

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.is_computed(index) and not self.controller.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.block.columns):
                return " · ".join(self.block.columns[section].path)
        elif 0 <= section < len(self.block.rows):
            return " ".join(self.block.rows[section].path)
        return None

    # ------------------------------------------------------------------ data
    def text(self, ref: str) -> str:
        doc = self.controller.doc
        return format_value(doc.value(ref), self.block.value_type, doc.fee_decimals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ref = self.ref_at(index)
        doc = self.controller.doc
        computed = doc.spec.cells[ref].computed
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text(ref)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            # A mark says what the clerk has to do with the cell; the blank it leaves is reported (and
            # listed in the tooltip) but would otherwise paint every marked cell the same error red.
            mark = self.mark(ref)
            if mark is not None:
                return QBrush(mark.background)
            severity = self.controller.severity_for(ref)
            if severity is Severity.ERROR:
                return QBrush(ERROR_BG)
            if severity is Severity.WARNING:
                return QBrush(WARNING_BG)
            return QBrush(COMPUTED_BG) if computed else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if doc.value(ref) is NA:
                return QBrush(NA_FG)
            return QBrush(COMPUTED_FG) if computed else None
        if role == Qt.ItemDataRole.FontRole:
            return self._na_font if doc.value(ref) is NA else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(ref)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{doc.spec.cells[ref].location}：{self.text(ref) or '空白'}"
        if role == REF_ROLE:
            return ref
        return None

    def marks(self, ref: str) -> list[CellMark]:
        """The marks ``ref`` holds, in order of precedence."""
        held = self.controller.doc.marks_of((ref,)).get(ref, {})
        return [m for m in CELL_MARKS if m.kind in held]

    def mark(self, ref: str) -> CellMark | None:
        marks = self.marks(ref)
        return marks[0] if marks else None

    def tooltip(self, ref: str) -> str:
        info = self.controller.spec.cells[ref]
        held = self.controller.doc.marks_of((ref,)).get(ref, {})
        lines = [info.location, *(m.tooltip.format(kept=held[m.kind]) for m in CELL_MARKS if m.kind in held)]
        if info.computed:
            lines.append(self.computed_explanation(ref))
        elif self.controller.doc.cells.get(ref) is None and ref not in self.controller.doc.unread:
            lines.append("空白（未填写）；没有数据请填0，不适用请填“不适用”")
        for issue in self.controller.issues_for(ref):
            mark = "已核实说明：" + (issue.explanation or "") if issue.explained else ""
            lines.append(f"【{issue.severity.label}】{issue.message}" + (f"\n{mark}" if mark else ""))
        return "\n".join(lines)

    def computed_explanation(self, ref: str) -> str:
        """Why a total cannot be typed in, and what it is the sum of."""
        spec = self.controller.spec
        doc = self.controller.doc
        formula = formulas_for(spec).by_target[ref][0]
        info = spec.cells[ref]
        first, last = spec.cells[formula.parts[0]], spec.cells[formula.parts[-1]]
        if first.row.id == info.row.id:
            parts = f"{first.column.display_name}至{last.column.display_name}各栏"
        else:
            parts = f"{first.row.display_name}至{last.row.display_name}各项"
        text = f"合计栏，自动计算（{parts}之和），不能直接填写；修改各项数值后自动更新。"
        stated = doc.stated.get(ref)
        if stated is not None:
            total = doc.totals()[ref]
            text += (
                f"\n导入的报告中此处填报为{format_decimal(numeric(stated))}，"
                f"各项之和为{format_decimal(total)}。右键选择“改用自动计算的合计”可清除填报值。"
            )
        return text

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or self.is_computed(index)
            or self.controller.read_only
        ):
            return False
        ref = self.ref_at(index)
        parsed: CellValue
        if isinstance(value, str):
            try:
                parsed = parse_value(value, self.block.value_type)
            except NumberError as exc:
                self.input_rejected.emit(ref, str(exc))
                return False
        else:
            parsed = value
        location = self.controller.spec.cells[ref].location
        self.controller.set_cells({ref: parsed}, f"编辑 {location}")
        return True

    # ------------------------------------------------------------------ change notification
    def _on_cells_changed(self, refs: frozenset[str]) -> None:
        mine = [self.positions[r] for r in refs if r in self.positions]
        if not mine:
            return
        rows = [p[0] for p in mine]
        cols = [p[1] for p in mine]
        self.dataChanged.emit(self.index(min(rows), min(cols)), self.index(max(rows), max(cols)))

    def _on_issues_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self.rowCount() - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
            )

    def _on_replaced(self) -> None:
        self.beginResetModel()
        self.endResetModel()
