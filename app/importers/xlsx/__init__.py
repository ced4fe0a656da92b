"""Import a workbook laid out like the official tables (ours, or made in Excel/WPS) by row and column labels (Qt-free).

Every sheet is read as a grid with merged cells expanded. A row is recognised by its label (the rightmost text
before its numbers), a column by its header labels above the block's first row. Widths, merges, blank rows,
title rows and label variants do not matter; every number that cannot be placed is reported.

Stages, one module each: read (``read``: sheets as grids) → locate (``locate``: cover items, rows, columns)
→ parse (``parse``: cell values, narrative) → report (``importer``: runs them, lists what was not found).
"""

from __future__ import annotations

from app.importers.common import ImportResult
from app.importers.source import read_bytes
from app.importers.xlsx.importer import XlsxImporter


def import_xlsx(data: bytes) -> ImportResult:
    """Import a report from the bytes of an .xlsx workbook."""
    return XlsxImporter(data).run()


def import_xlsx_file(path: str) -> ImportResult:
    """Import a workbook file (regular files only, size-capped); SourceError when it cannot be read."""
    return import_xlsx(read_bytes(path, "xlsx"))


__all__ = ["import_xlsx", "import_xlsx_file"]
