"""What every importer returns: the document plus the list of things the clerk must review (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.document import ReportDocument
from app.errors import UserError


class ProblemKind(StrEnum):
    """How much a problem matters for the imported numbers and texts."""

    UNREADABLE = "unreadable"  # nothing was taken from the source here; the cell or text is left blank
    CHECK = "check"  # something was read, but the clerk should compare it with the source
    NOTE = "note"  # information about the source (another edition's layout, a label variant …)

    @property
    def label(self) -> str:
        return {"unreadable": "无法读取", "check": "请核对", "note": "说明"}[self.value]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing the import could not read with certainty.

    ``source`` names the place in the source in Chinese ("第57行", "工作表“表三”C12单元格");
    ``refs`` the cells or texts of the project concerned.
    """

    kind: ProblemKind
    source: str
    message: str
    refs: tuple[str, ...] = ()
    line: int | None = None

    def __str__(self) -> str:
        return f"[{self.kind.label}] {self.source}：{self.message}"

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind.value, "source": self.source, "message": self.message}
        if self.refs:
            out["cells"] = list(self.refs)
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass
class ImportResult:
    """The imported project and everything that needs the clerk's review, in source order."""

    document: ReportDocument
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Every importer lists what it could not read; the entered cells concerned stay marked in the
        # project. A total not read is computed from its parts, which is what the rules then check.
        # An importer that builds on another's result (PDF, Word) lists its own problems: they decide.
        cells = self.document.spec.cells
        self.document.unread = {
            ref
            for problem in self.problems
            if problem.kind is ProblemKind.UNREADABLE
            for ref in problem.refs
            if ref in cells and not cells[ref].computed
        }

    @property
    def unreadable(self) -> list[Problem]:
        return [p for p in self.problems if p.kind is ProblemKind.UNREADABLE]


class SourceError(UserError):
    """The source cannot be imported at all (not a report, unreadable file); the message is Chinese."""
