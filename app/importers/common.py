"""What every importer returns: the document plus the list of things the clerk must review (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from app.document import ReportDocument
from app.errors import UserError
from app.numbers import bounds_text, shown, within_bounds
from app.spec import load_spec
from app.values import CellValue


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
        # 推定 values stay marked only where the final list still names them (a later reading may replace them)
        listed = {ref for problem in self.problems if problem.kind is ProblemKind.CHECK for ref in problem.refs}
        self.document.inferred = {ref: kept for ref, kept in self.document.inferred.items() if ref in listed}

    @property
    def unreadable(self) -> list[Problem]:
        return [p for p in self.problems if p.kind is ProblemKind.UNREADABLE]


# How much of an out-of-bounds number a message quotes: enough to recognise it in the source.
_QUOTED_CHARS = 20


def _printed(value: Decimal) -> str:
    # str() keeps a huge exponent in scientific form ("1E+999999999"): never a billion-digit string.
    return shown(str(value), _QUOTED_CHARS)


def bound_numbers(result: ImportResult) -> ImportResult:
    """The last check every import passes: a number beyond the bounds of app.numbers (1e300, a 5,000-digit
    integer, an absurd exponent) never enters the project. Its cell is left blank and marked unread, and one
    problem names the cell and the printed value, in place of what the importer said about that cell."""
    doc = result.document
    stores: list[tuple[dict[str, CellValue], bool]] = [(doc.cells, True), (doc.stated, False)]
    for store, entered in [*stores, (doc.foreign_cells, False)]:
        for key, value in list(store.items()):
            if not isinstance(value, Decimal) or within_bounds(value):
                continue
            if entered:
                store[key] = None
                doc.unread.add(key)
            else:
                del store[key]  # a stated total is then computed from its parts; a foreign value is not kept
            _replace_problems(result, key, value)
    return result


def _replace_problems(result: ImportResult, key: str, value: Decimal) -> None:
    """One UNREADABLE problem for ``key`` where the importer's first problem about it was (or at the end)."""
    edition, _, ref = key.rpartition(":")
    spec = load_spec(edition) if edition else result.document.spec
    info = spec.cells.get(ref)
    where = info.location if info is not None else ref
    own = not edition
    message = f"数值“{_printed(value)}”超出可导入的范围（{bounds_text()}），已留空，请对照原文填写"
    about = [i for i, p in enumerate(result.problems) if p.refs == (ref,)] if own else []
    source = result.problems[about[0]].source if about else where
    if source != where:
        message = f"{where}：{message}"
    problem = Problem(ProblemKind.UNREADABLE, source, message, (ref,) if own else ())
    if about:
        result.problems[about[0]] = problem
        for i in reversed(about[1:]):
            del result.problems[i]
    else:
        result.problems.append(problem)


class SourceError(UserError):
    """The source cannot be imported at all (not a report, unreadable file); the message is Chinese."""
