"""The collector (汇总): reading every unit's report in a folder, the status board, the sum, the workbook (Qt-free)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.collect.board import Board, FileEntry, ScanCache, Status, UnitRow, scan
from app.collect.roster import CollectError, Roster, normalise_name
from app.collect.submission import write_submission
from app.collect.summary import Contribution, SummaryResult, summarise, unit_value

if TYPE_CHECKING:
    import os


def write_summary_workbook(path: str | os.PathLike[str], board: Board, summary: SummaryResult | None) -> None:
    """The 汇总明细 workbook (app.collect.workbook, loaded on first use: openpyxl is not needed to scan)."""
    from app.collect.workbook import write_summary_workbook as write

    write(path, board, summary)


__all__ = [
    "Board",
    "CollectError",
    "Contribution",
    "FileEntry",
    "Roster",
    "ScanCache",
    "Status",
    "SummaryResult",
    "UnitRow",
    "normalise_name",
    "scan",
    "summarise",
    "unit_value",
    "write_submission",
    "write_summary_workbook",
]
