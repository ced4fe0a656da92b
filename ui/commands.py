"""Undo commands: every change the clerk makes to a report is one of these on the QUndoStack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from app.values import CellValue

if TYPE_CHECKING:
    from ui.controller import DocumentController, PreviousReport

TEXT_COMMAND_ID = 1001
_DONE_ONCE = "_done_once"


def _stepped(command: QUndoCommand, refs: tuple[str, ...], *, undone: bool) -> None:
    """Tell the window about an undo or redo (not about the first do, which the clerk just saw)."""
    if undone or getattr(command, _DONE_ONCE, False):
        command._controller.undo_stepped.emit(refs, command.text(), undone)  # type: ignore[attr-defined]
    else:
        setattr(command, _DONE_ONCE, True)


class SetCellsCommand(QUndoCommand):
    """Set one or many cells at once (an edit, a paste, a clear, 填0); holds refs and values only."""

    def __init__(
        self,
        controller: DocumentController,
        old: Mapping[str, CellValue],
        new: Mapping[str, CellValue],
        text: str,
    ) -> None:
        super().__init__(text)
        self._controller = controller
        self._old = dict(old)
        self._new = dict(new)

    @property
    def refs(self) -> frozenset[str]:
        return frozenset(self._new)

    def redo(self) -> None:
        self._controller.apply_cells(self._new)
        _stepped(self, tuple(self._new), undone=False)

    def undo(self) -> None:
        self._controller.apply_cells(self._old)
        _stepped(self, tuple(self._new), undone=True)


class SetTextCommand(QUndoCommand):
    """Set a narrative text ("text.s1_active") or a metadata item ("meta.agency").

    Commits of the same field within one editing session (until the editor loses focus) merge
    into a single undo step.
    """

    def __init__(self, controller: DocumentController, key: str, old: str, new: str, text: str, session: int) -> None:
        super().__init__(text)
        self._controller = controller
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
        _stepped(self, (self.key,), undone=False)

    def undo(self) -> None:
        self._controller.apply_text(self.key, self.old)
        _stepped(self, (self.key,), undone=True)


class SetExplanationCommand(QUndoCommand):
    """Add, change or remove the 核实说明 of a warning."""

    def __init__(self, controller: DocumentController, key: str, old: str | None, new: str | None) -> None:
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
        controller: DocumentController,
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
