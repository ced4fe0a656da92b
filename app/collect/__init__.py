"""The collector (汇总): reading every unit's report in a folder, the status board, the sum, the workbook (Qt-free)."""

from app.collect.board import Board, FileEntry, ScanCache, Status, UnitRow, scan
from app.collect.roster import CollectError, Roster, normalise_name
from app.collect.submission import write_submission
from app.collect.summary import Contribution, SummaryResult, summarise, unit_value

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
]
