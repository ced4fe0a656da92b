"""Undo commands: every change the clerk makes to a report is one of these on the QUndoStack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from app.values import CellValue
from ui.previous import PreviousReport

TEXT_COMMAND_ID = 1001


class CommandTarget(Protocol):
    """What the commands change: the document controller (which depends on this module, not the reverse)."""

    def apply_cells(
        self, values: Mapping[str, CellValue], marks: Mapping[str, Mapping[str, str]] | None = None
    ) -> None: ...

    def apply_marks(self, marks: Mapping[str, Mapping[str, str]]) -> None: ...

    def apply_text(self, key: str, value: str) -> None: ...

    def apply_explanation(self, key: str, note: str | None) -> None: ...

    def apply_previous(self, link: str | None, previous: PreviousReport) -> None: ...

    def report_undo_step(self, refs: tuple[str, ...], text: str, undone: bool) -> None: ...


class _ReportedCommand(QUndoCommand):
    """A command whose undo and redo are reported to the window (not the first do, which the clerk just saw)."""

    def __init__(self, controller: CommandTarget, text: str) -> None:
        super().__init__(text)
        self._controller = controller
        self._done_once = False

    def _stepped(self, refs: tuple[str, ...], *, undone: bool) -> None:
        if undone or self._done_once:
            self._controller.report_undo_step(refs, self.text(), undone)
        else:
            self._done_once = True


class SetCellsCommand(_ReportedCommand):
    """Set one or many cells at once (an edit, a paste, a clear, 填0); holds refs, values and marks only.

    Setting a cell clears its import marks (未能读取, 原报告为空 …); ``old_marks`` are the marks the cells
    held before, which undo puts back with the old values.
    """

    def __init__(
        self,
        controller: CommandTarget,
        old: Mapping[str, CellValue],
        new: Mapping[str, CellValue],
        text: str,
        old_marks: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        super().__init__(controller, text)
        self._old = dict(old)
        self._new = dict(new)
        self._old_marks = dict(old_marks or {})

    @property
    def refs(self) -> frozenset[str]:
        return frozenset(self._new)

    def redo(self) -> None:
        self._controller.apply_cells(self._new)
        self._stepped(tuple(self._new), undone=False)

    def undo(self) -> None:
        self._controller.apply_cells(self._old, self._old_marks)
        self._stepped(tuple(self._new), undone=True)


class SetMarksCommand(_ReportedCommand):
    """Change the import marks of cells and nothing else (采用计算值); ``old`` and ``new`` give each ref the
    full set of marks it holds before and after."""

    def __init__(
        self,
        controller: CommandTarget,
        old: Mapping[str, Mapping[str, str]],
        new: Mapping[str, Mapping[str, str]],
        text: str,
    ) -> None:
        super().__init__(controller, text)
        self._old = {ref: dict(old.get(ref, {})) for ref in new}
        self._new = {ref: dict(held) for ref, held in new.items()}

    def redo(self) -> None:
        self._controller.apply_marks(self._new)
        self._stepped(tuple(self._new), undone=False)

    def undo(self) -> None:
        self._controller.apply_marks(self._old)
        self._stepped(tuple(self._new), undone=True)


class SetTextCommand(_ReportedCommand):
    """Set a narrative text ("text.s1_active") or a metadata item ("meta.agency").

    Commits of the same field within one editing session (until the editor loses focus) merge
    into a single undo step.
    """

    def __init__(self, controller: CommandTarget, key: str, old: str, new: str, text: str, session: int) -> None:
        super().__init__(controller, text)
        self.key = key
        self.old = old
        self.new = new
        self.session = session

    def id(self) -> int:
        return TEXT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetTextCommand) or other.key != self.key or other.session != self.session:
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self._controller.apply_text(self.key, self.new)
        self._stepped((self.key,), undone=False)

    def undo(self) -> None:
        self._controller.apply_text(self.key, self.old)
        self._stepped((self.key,), undone=True)


class SetExplanationCommand(QUndoCommand):
    """Add, change or remove the 核实说明 of a warning."""

    def __init__(self, controller: CommandTarget, key: str, old: str | None, new: str | None) -> None:
        super().__init__("核实说明" if new else "清除核实说明")
        self._controller = controller
        self._key = key
        self._old = old
        self._new = new

    def redo(self) -> None:
        self._controller.apply_explanation(self._key, self._new)

    def undo(self) -> None:
        self._controller.apply_explanation(self._key, self._old)


class SetPreviousCommand(QUndoCommand):
    """Link or unlink last year's project (the link is saved with the report)."""

    def __init__(
        self,
        controller: CommandTarget,
        old: tuple[str | None, PreviousReport],
        new: tuple[str | None, PreviousReport],
        text: str,
    ) -> None:
        super().__init__(text)
        self._controller = controller
        self._old = old
        self._new = new

    def redo(self) -> None:
        self._controller.apply_previous(*self._new)

    def undo(self) -> None:
        self._controller.apply_previous(*self._old)
