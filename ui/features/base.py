"""What a window feature is, and the part of the window it may use (WindowContext), so features never import it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget

from app.document import ReportDocument
from ui.controller import READ_ONLY_MESSAGE, DocumentController
from ui.menus import MenuItem
from ui.previous import PreviousReport
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.pages import Page
    from ui.table_view import BlockView


class WindowContext(Protocol):
    """The services the main window offers its features (MainWindow implements it)."""

    controller: DocumentController
    settings: Settings
    tabs: QTabWidget
    pages: list[Page]

    @property
    def widget(self) -> QMainWindow:
        """The window itself: parent of dialogs, actions and docks; its status bar."""
        ...

    @property
    def path(self) -> Path | None:
        """The open report's file (None: not saved yet)."""
        ...

    @property
    def read_only(self) -> bool:
        """The report was opened read-only: nothing may change it or write over its file."""
        ...

    def status(self, text: str, milliseconds: int = 5000) -> None:
        """A passing message in the status bar."""
        ...

    def start_dir(self) -> Path:
        """Where file dialogs open."""
        ...

    def confirm_discard(self) -> bool:
        """Ask before the open report is replaced or closed with unsaved changes; True to go on."""
        ...

    def flush_edits(self, *, close_cell_editors: bool = True) -> None:
        """Commit what is still being typed."""
        ...

    def replace_document(
        self,
        doc: ReportDocument,
        path: Path | None,
        *,
        modified: bool = False,
        previous: PreviousReport | None = None,
    ) -> None:
        """Show another report (its linked previous report is loaded unless ``previous`` is given)."""
        ...

    def mark_saved(self, path: Path) -> None:
        """The report is now stored in ``path``, as shown."""
        ...

    def is_modified(self) -> bool: ...

    def reveal_refs(self, refs: Sequence[str], message: str = "") -> bool:
        """Show the tab of the first known ref and select the refs on it; False if none is known."""
        ...

    def current_page(self) -> Page | None: ...

    def current_view(self) -> BlockView | None:
        """The grid the clerk works in on the current tab (None on a text tab)."""
        ...

    def add_dock(self, dock: QDockWidget, *, weight: int, lines: int) -> None:
        """Place a dock along the bottom, beside the others: ``weight`` shares the width, ``lines`` is its height."""
        ...

    def add_menu_items(self, items: Sequence[MenuItem]) -> None:
        """Add menu entries after the window was built (e.g. the toggle of a dock created on first use)."""
        ...

    def open_window(
        self, doc: ReportDocument, path: Path | None, *, read_only: bool = False, modified: bool = False
    ) -> WindowContext:
        """Another report in a window of its own, not shown yet (the collector's units and sums).

        The caller keeps it alive; ``modified``: a new report not saved anywhere yet (closing asks).
        """
        ...


@dataclass(frozen=True, slots=True)
class StatusItem:
    """A permanent status-bar widget; ``order`` places it from left to right."""

    order: int
    widget: QWidget


class Feature(QObject):
    """One feature of the window. Subclasses create their actions and widgets in ``__init__`` and
    return them from the contribution methods; the hooks are called by the window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window

    def action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        """An action of the window (its shortcut works wherever the focus is in the window)."""
        action = QAction(text, self.window.widget)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.widget.addAction(action)
        return action

    def disable_when_read_only(self, *actions: QAction) -> None:
        """Actions that change the report or its file are off in a read-only window, and say why."""
        if self.window.read_only:
            for action in actions:
                action.setEnabled(False)
                action.setStatusTip(READ_ONLY_MESSAGE)
                action.setToolTip(READ_ONLY_MESSAGE)

    # ------------------------------------------------------------------ contributions
    def menu_items(self) -> list[MenuItem]:
        return []

    def status_items(self) -> list[StatusItem]:
        return []

    def cell_actions(self) -> list[QAction]:
        """Extra entries for the context menu of the tables."""
        return []

    # ------------------------------------------------------------------ hooks
    def document_replaced(self, *, modified: bool) -> None:
        """Another report is shown (new, opened, imported, restored); ``modified``: not saved yet."""

    def pages_changed(self) -> None:
        """The tabs were built (at start, or again for a report of another edition)."""

    def accepts_drop(self, path: Path) -> bool:
        """Whether a file dropped on the window is for this feature."""
        return False

    def drop(self, path: Path) -> None:
        """Handle a dropped file this feature accepted (called after the drop event has finished)."""

    def closing(self) -> None:
        """The window closes (the clerk has already agreed to lose or save changes)."""
