"""GroupHeaderView: a header that draws the official table's merged, multi-level header groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHeaderView, QWidget

PAD = 6  # pixels of padding inside a header cell (before scaling by the font)


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One drawn cell: levels [level0, level1] × sections [first, last], with its label."""

    text: str
    level0: int
    level1: int
    first: int
    last: int
    leaf: bool


def header_cells(paths: Sequence[tuple[str, ...]], depth: int) -> list[HeaderCell]:
    """Merge header paths into spanning cells, as in the printed form.

    A path's last label is the leaf: it spans from its own level to the deepest one. Group
    labels (the earlier ones) merge across neighbouring sections sharing the same prefix.
    """
    cells: list[HeaderCell] = []
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if level < len(path) - 1:
                j = i
                while (
                    j + 1 < len(paths)
                    and len(paths[j + 1]) - 1 > level
                    and paths[j + 1][: level + 1] == path[: level + 1]
                ):
                    j += 1
                cells.append(HeaderCell(path[level], level, level, i, j, False))
                i = j + 1
                continue
            if level == len(path) - 1:
                cells.append(HeaderCell(path[level], level, depth - 1, i, i, True))
            i += 1
    return cells


class GroupHeaderView(QHeaderView):
    """Horizontal: column groups stacked in rows. Vertical: row groups side by side, as a frozen label column.

    Section sizes are the table's column widths (horizontal) or row heights (vertical); the
    level sizes (row heights of a horizontal header, column widths of a vertical one) are
    computed by ``relayout`` from the text so no label is clipped.
    """

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._paths: list[tuple[str, ...]] = []
        self._depth = 1
        self._cells: list[HeaderCell] = []
        self._levels: list[int] = [0]
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    # ------------------------------------------------------------------ configuration
    def set_paths(self, paths: Sequence[tuple[str, ...]]) -> None:
        self._paths = [tuple(p) for p in paths]
        self._depth = max((len(p) for p in self._paths), default=1)
        self._cells = header_cells(self._paths, self._depth)
        self._levels = [0] * self._depth

    @property
    def cells(self) -> list[HeaderCell]:
        return list(self._cells)

    def pad(self) -> int:
        return max(PAD, self.fontMetrics().height() // 3)

    def text_height(self, text: str, width: int) -> int:
        """Height of ``text`` wrapped into ``width`` pixels, padding included."""
        fm = QFontMetrics(self.font())
        inner = max(1, width - 2 * self.pad())
        rect = fm.boundingRect(
            QRect(0, 0, inner, 10_000), int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter), text
        )
        return rect.height() + 2 * self.pad()

    def layout_horizontal(self, widths: Sequence[int]) -> None:
        """Set column widths and derive each header level's height from the wrapped labels."""
        for i, w in enumerate(widths):
            self.resizeSection(i, w)
        levels = [self.fontMetrics().height() + 2 * self.pad()] * self._depth
        for cell in self._cells:
            if not cell.leaf:
                width = sum(widths[cell.first : cell.last + 1])
                levels[cell.level0] = max(levels[cell.level0], self.text_height(cell.text, width))
        for cell in self._cells:
            if cell.leaf:
                need = self.text_height(cell.text, widths[cell.first])
                have = sum(levels[cell.level0 : cell.level1 + 1])
                if need > have:
                    levels[cell.level1] += need - have
        self._levels = levels
        self.updateGeometries()
        self.viewport().update()

    def layout_vertical(self, level_widths: Sequence[int], min_height: int) -> None:
        """Set the label columns' widths and derive each row's height from its wrapped label."""
        self._levels = list(level_widths)
        heights = [min_height] * len(self._paths)
        for cell in self._cells:
            if cell.leaf:
                width = sum(self._levels[cell.level0 : cell.level1 + 1])
                heights[cell.first] = max(heights[cell.first], self.text_height(cell.text, width))
        for cell in self._cells:  # a group label taller than its rows stretches its last row
            if not cell.leaf:
                need = self.text_height(cell.text, self._levels[cell.level0])
                have = sum(heights[cell.first : cell.last + 1])
                if need > have:
                    heights[cell.last] += need - have
        for i, h in enumerate(heights):
            self.resizeSection(i, h)
        self.updateGeometries()
        self.viewport().update()

    # ------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        total = sum(self._levels)
        if self.orientation() == Qt.Orientation.Horizontal:
            return QSize(base.width(), total)
        return QSize(total, base.height())

    def cell_rect(self, cell: HeaderCell) -> QRect:
        """The cell's rectangle in viewport coordinates."""
        start = self.sectionViewportPosition(cell.first)
        end = self.sectionViewportPosition(cell.last) + self.sectionSize(cell.last)
        offset = sum(self._levels[: cell.level0])
        extent = sum(self._levels[cell.level0 : cell.level1 + 1])
        if self.orientation() == Qt.Orientation.Horizontal:
            return QRect(start, offset, end - start, extent)
        return QRect(offset, start, extent, end - start)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._cells:
            super().paintEvent(event)
            return
        painter = QPainter(self.viewport())
        pal = self.palette()
        background = pal.color(QPalette.ColorRole.Button)
        line = pal.color(QPalette.ColorRole.Mid)
        painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
        horizontal = self.orientation() == Qt.Orientation.Horizontal
        visible = self.viewport().rect()
        pad = self.pad()
        for cell in self._cells:
            rect = self.cell_rect(cell)
            if not rect.intersects(event.rect()):
                continue
            painter.fillRect(rect, background)
            painter.save()
            painter.setPen(line)
            painter.drawLine(rect.topRight(), rect.bottomRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.restore()
            if horizontal or cell.leaf:
                text_rect = rect
            else:  # keep a tall group label in view while its rows scroll
                text_rect = rect.intersected(visible)
                if text_rect.height() < self.text_height(cell.text, rect.width()):
                    text_rect = rect
            align = Qt.AlignmentFlag.AlignCenter
            if not horizontal and cell.leaf:
                align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(
                text_rect.adjusted(pad, pad // 2, -pad, -pad // 2),
                int(align | Qt.TextFlag.TextWordWrap),
                cell.text,
            )
        painter.end()
