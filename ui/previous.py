"""Last year's report as the window knows it (for the cross-year rules): loaded, or why not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.document import ReportDocument


@dataclass(frozen=True, slots=True)
class PreviousReport:
    """Last year's report: loaded, or why not (all empty: none linked)."""

    document: ReportDocument | None = None
    path: Path | None = None
    reason: str = ""

    @property
    def label(self) -> str:
        """One short line for the status bar and the issue list (empty: no previous report linked)."""
        if self.document is not None:
            year = f"{self.document.year}年度" if self.document.year else "上年度"
            name = self.path.name if self.path else ""
            return f"跨年度检查：对照{year}报告" + (f"“{name}”" if name else "")
        if self.reason:
            return "跨年度检查未进行：上年度报告无法打开"
        return ""

    @property
    def detail(self) -> str:
        """The full path, or the full reason it could not be loaded."""
        if self.document is not None:
            return str(self.path) if self.path else ""
        return self.reason


NO_PREVIOUS = PreviousReport()


def previous_for(doc: ReportDocument, path: Path | None) -> PreviousReport:
    """Load the project's linked previous report, or say why it could not be loaded."""
    if not doc.previous_project:
        return NO_PREVIOUS
    from app.yearly import load_previous, resolve_link  # not needed for the first paint

    previous, reason = load_previous(doc, path)
    link = resolve_link(doc, path)
    return PreviousReport(previous, link.resolve() if link is not None else None, reason)
