"""Report stage of the text importer: problems located by source line, and notes shared by several rows
said once for all of them (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence

from app.importers.common import Problem, ProblemKind
from app.importers.text.stream import SourceText

# A row noted for review: (compact index of its first number, row name, cells concerned)
NotedRow = tuple[int, str, list[str]]


class ProblemLog:
    """The problems of one text import, in source order, each naming its line (第57行)."""

    def __init__(self, src: SourceText) -> None:
        self.src = src
        self.items: list[Problem] = []
        self._grouped: dict[str, list[NotedRow]] = {}
        self._last: dict[str, list[NotedRow]] = {}

    def where(self, index: int | None) -> tuple[str, int | None]:
        """ "第57行" (and the character position when the line is long, as in pages that ran together)."""
        if index is None:
            return "全文", None
        s = self.src.stream
        line = s.line(index)
        start = s.line_starts[line - 1]
        end = self.src.text.find("\n", start)
        if (end if end >= 0 else len(self.src.text)) - start > 200:
            return f"第{line}行第{s.offset(index) - start + 1}字处", line
        return f"第{line}行", line

    def add(self, kind: ProblemKind, index: int | None, message: str, refs: Sequence[str] = ()) -> None:
        source, line = self.where(index)
        self.items.append(Problem(kind, source, message, tuple(refs), line))

    def note_row(self, note: str, row: NotedRow, *, last: bool = False) -> None:
        """Remember a row that needs ``note``; said once per table for all its rows (see flush_rows),
        after the other notes when ``last``."""
        (self._last if last else self._grouped).setdefault(note, []).append(row)

    def flush_rows(self, table_number: str) -> None:
        """One CHECK problem per note of the table just read, naming its rows and their line range."""
        for note, items in [*self._grouped.items(), *self._last.items()]:
            first, _ = self.where(items[0][0])
            last, _ = self.where(items[-1][0])
            names = "、".join(name for _, name, _ in items)
            count = f"有{len(items)}行" if len(items) > 1 else ""
            self.items.append(
                Problem(
                    ProblemKind.CHECK,
                    first if first == last else f"{first}至{last}",
                    f"表{table_number}中{count}“{names}”{note}，请核对原文",
                    tuple(r for _, _, refs in items for r in refs),
                    self.src.stream.line(items[0][0]),
                )
            )
        self._grouped = {}
        self._last = {}
