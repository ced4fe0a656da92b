"""DocumentController: owns the open report, its undo stack and the coalesced live validation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.document import ReportDocument, formulas_for
from app.spec.model import ReportSpec, Severity
from app.values import CellValue
from ui.commands import (
    SetCellsCommand,
    SetExplanationCommand,
    SetMarksCommand,
    SetPreviousCommand,
    SetTextCommand,
)
from ui.previous import NO_PREVIOUS, PreviousReport

if TYPE_CHECKING:
    from app.rules import Issue

VALIDATION_DELAY_MS = 30
READ_ONLY_MESSAGE = "此报告以只读方式打开，不能修改"


class DocumentController(QObject):
    """The one place that changes the document; views listen to its signals.

    Mutations from the clerk go through ``set_cells``/``set_text``/``set_explanation``, which push
    undo commands. The commands call the ``apply_*`` methods, which change the document and
    emit what changed. Validation runs on a short single-shot timer, so a burst of edits (a
    paste, repeated undo) validates once.
    """

    cells_changed = Signal(object)  # frozenset[str]: edited and recomputed cell refs
    text_changed = Signal(str)  # "text.<field>" or "meta.<field>"
    issues_changed = Signal()
    document_replaced = Signal()
    previous_changed = Signal()  # last year's report was linked, unlinked or (re)loaded
    content_changed = Signal()  # any change of the document, including undo/redo
    undo_stepped = Signal(object, str, bool)  # refs, the step's text, True for undo / False for redo

    def __init__(
        self,
        doc: ReportDocument | None = None,
        parent: QObject | None = None,
        *,
        validate: bool = True,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.doc = doc or ReportDocument.new()
        self._read_only = read_only
        self.previous_report = NO_PREVIOUS
        self.undo_stack = QUndoStack(self)
        self.validation_done = True
        self.issues: list[Issue] = []
        self._by_ref: dict[str, list[Issue]] = {}  # every issue naming the ref (tooltips, notes)
        self._tint_by_ref: dict[str, list[Issue]] = {}  # the issues that colour the ref
        self._text_session = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATION_DELAY_MS)
        self._timer.timeout.connect(self.validate_now)
        if validate:
            self.validate_now()
        else:  # the window validates right after its first paint
            self.validation_done = False

    # ------------------------------------------------------------------ document
    def set_document(self, doc: ReportDocument, previous: PreviousReport = NO_PREVIOUS) -> None:
        """Replace the report (new/open/restore); the undo history starts afresh."""
        self._timer.stop()
        self.doc = doc
        self.previous_report = previous
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.validate_now(emit=False)
        self.document_replaced.emit()
        self.previous_changed.emit()
        self.issues_changed.emit()

    @property
    def previous(self) -> ReportDocument | None:
        """Last year's report when it is linked and could be read (the cross-year rules then run)."""
        return self.previous_report.document

    def set_previous(self, previous: PreviousReport, *, validate: bool = True) -> None:
        """Use ``previous`` for the cross-year rules (the link in the document is not changed)."""
        self.previous_report = previous
        self.previous_changed.emit()
        if validate:
            self.validate_now()

    @property
    def spec(self) -> ReportSpec:
        return self.doc.spec

    @property
    def read_only(self) -> bool:
        """The report is only shown: every change the clerk asks for is refused (nothing is pushed)."""
        return self._read_only

    # ------------------------------------------------------------------ reading
    def raw_value(self, ref: str) -> CellValue:
        """What an undo must restore: the entry, or for a total its stated value (None = computed)."""
        if self.doc.spec.cells[ref].computed:
            return self.doc.stated.get(ref)
        return self.doc.cells[ref]

    def text_value(self, key: str) -> str:
        kind, _, name = key.partition(".")
        return (self.doc.texts if kind == "text" else self.doc.meta).get(name, "")

    def issues_for(self, ref: str) -> list[Issue]:
        return self._by_ref.get(ref, [])

    def severity_for(self, ref: str) -> Severity | None:
        """The worst unexplained issue colouring ``ref`` (None when it has none).

        A stated total that does not match its parts colours only the total (its first ref): the
        parts are listed in the issue and selected when it is activated, but are not wrong.
        """
        worst: Severity | None = None
        for issue in self._tint_by_ref.get(ref, ()):
            if issue.explained:
                continue
            if worst is None or issue.severity.rank < worst.rank:
                worst = issue.severity
        return worst

    # ------------------------------------------------------------------ user actions (undoable)
    def set_cells(self, edits: Mapping[str, CellValue], text: str) -> bool:
        """Push one undo step setting ``edits``; cells already holding the value are left out."""
        new = {ref: v for ref, v in edits.items() if self.raw_value(ref) != v}
        if not new or self._read_only:
            return False
        old = {ref: self.raw_value(ref) for ref in new}
        self.undo_stack.push(SetCellsCommand(self, old, new, text, self.doc.marks_of(new)))
        return True

    def set_marks(self, marks: Mapping[str, Mapping[str, str]], text: str) -> bool:
        """Push one undo step giving each ref of ``marks`` exactly the marks listed for it (values untouched);
        refs already holding them are left out."""
        old = self.doc.marks_of(marks)
        new = {ref: held for ref, held in marks.items() if dict(held) != old.get(ref, {})}
        if not new or self._read_only:
            return False
        self.undo_stack.push(SetMarksCommand(self, old, new, text))
        return True

    def adopt_computed(self, refs: Iterable[str]) -> int:
        """采用计算值: the totals among ``refs`` that the source printed blank keep their computed sum as the
        report's value (one undo step); returns how many."""
        marks = self.doc.adopt_computed(refs)
        return self._mark_step(marks, "采用计算值（{what}，原文为空白）", "个合计")

    def set_text(self, key: str, value: str, label: str) -> bool:
        old = self.text_value(key)
        if old == value or self._read_only:
            return False
        self.undo_stack.push(SetTextCommand(self, key, old, value, f"修改{label}", self._text_session))
        return True

    def end_text_session(self) -> None:
        """The editor lost focus: the next text change is a new undo step."""
        self._text_session += 1

    def set_explanation(self, key: str, note: str | None) -> bool:
        note = note.strip() if note else None
        old = self.doc.explanations.get(key)
        if (note or None) == old or self._read_only:
            return False
        self.undo_stack.push(SetExplanationCommand(self, key, old, note or None))
        return True

    def link_previous(self, link: str | None, previous: PreviousReport) -> bool:
        """Link (or with ``None`` unlink) last year's project as one undo step."""
        if self._read_only or (link == self.doc.previous_project and previous.document is self.previous):
            return False
        text = "关联上年度报告" if link else "取消关联上年度报告"
        old = (self.doc.previous_project, self.previous_report)
        self.undo_stack.push(SetPreviousCommand(self, old, (link, previous), text))
        return True

    def confirm_inferred(self, refs: Iterable[str] | None) -> int:
        """确认推定值: the 推定 values among ``refs`` (all when None) keep their value and lose the mark, as one
        undo step; returns how many."""
        marks = self.doc.confirm_inferred(refs)
        return self._mark_step(marks, "确认推定值（{what}）", "格")

    def _mark_step(self, marks: Mapping[str, Mapping[str, str]], text: str, unit: str) -> int:
        """Push the mark change as one undo step named by its first cell ("表三 · … 等3格"); how many cells."""
        if not marks:
            return 0
        first = self.spec.cells[next(iter(marks))].location
        what = first if len(marks) == 1 else f"{first} 等{len(marks)}{unit}"
        return len(marks) if self.set_marks(marks, text.format(what=what)) else 0

    # ------------------------------------------------------------------ raw application (commands only)
    def apply_cells(
        self, values: Mapping[str, CellValue], marks: Mapping[str, Mapping[str, str]] | None = None
    ) -> None:
        """Set ``values``; with ``marks`` (an undo), the cells then hold exactly those marks again."""
        changes = self.doc.apply(values)
        if marks is not None:
            self.doc.restore_marks(values, marks)
        self.cells_changed.emit(changes.all)
        self._changed()

    def apply_marks(self, marks: Mapping[str, Mapping[str, str]]) -> None:
        self.doc.restore_marks(marks, marks)
        self.cells_changed.emit(frozenset(marks))
        self._changed()

    def apply_text(self, key: str, value: str) -> None:
        kind, _, name = key.partition(".")
        (self.doc.texts if kind == "text" else self.doc.meta)[name] = value
        self.text_changed.emit(key)
        self._changed()

    def apply_explanation(self, key: str, note: str | None) -> None:
        if note is None:
            self.doc.explanations.pop(key, None)
        else:
            self.doc.explanations[key] = note
        self._changed()

    def apply_previous(self, link: str | None, previous: PreviousReport) -> None:
        self.doc.previous_project = link
        self.previous_report = previous
        self.previous_changed.emit()
        self._changed()

    def report_undo_step(self, refs: tuple[str, ...], text: str, undone: bool) -> None:
        self.undo_stepped.emit(refs, text, undone)

    def _changed(self) -> None:
        self.content_changed.emit()
        self._timer.start()

    # ------------------------------------------------------------------ validation
    @property
    def validation_pending(self) -> bool:
        return self._timer.isActive()

    def validate_now(self, emit: bool = True) -> None:
        from app.rules import validate  # imported on first use: not needed for the first paint

        self._timer.stop()
        self.validation_done = True
        self.issues = validate(self.doc, self.previous)
        total_rules = {f.rule for defs in formulas_for(self.doc.spec).by_target.values() for f in defs}
        by_ref: dict[str, list[Issue]] = {}
        tint: dict[str, list[Issue]] = {}
        for issue in self.issues:
            for ref in dict.fromkeys(issue.refs):
                by_ref.setdefault(ref, []).append(issue)
            tinted = issue.refs[:1] if issue.rule in total_rules else dict.fromkeys(issue.refs)
            for ref in tinted:
                tint.setdefault(ref, []).append(issue)
        self._by_ref = by_ref
        self._tint_by_ref = tint
        if emit:
            self.issues_changed.emit()
