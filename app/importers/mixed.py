"""Documents whose narrative is text and whose tables are grids (Word, PDF): one way to read both (Qt-free).

The narrative goes through the text importer, the tables through the Excel importer's grid logic; the text
importer's problems about table cells are dropped (its lines hold no table), and its line numbers are put
back in the document's own terms (paragraph, page).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from app.importers.common import ImportResult, Problem
from app.importers.text import import_text
from app.importers.xlsx.importer import XlsxImporter
from app.importers.xlsx.read import Sheet


def text_and_tables(
    lines: Sequence[str],
    origins: Sequence[int],
    sheets: list[Sheet],
    *,
    layout: bool,
    line_source: Callable[[int, str], str],
    tables_name: str,
) -> ImportResult:
    """Import ``lines`` (``origins[i]``: the paragraph or page of line i + 1) and the table ``sheets``.

    ``line_source(origin, source)`` names a text problem's place; ``tables_name`` replaces "工作簿" in the
    grid problems ("Word 文档的表格").
    """
    result = import_text("\n".join(lines), layout=layout)
    doc = result.document
    table_cells = set(doc.spec.cells)
    problems: list[Problem] = []
    for problem in result.problems:
        if problem.refs and set(problem.refs) <= table_cells:
            continue  # the lines hold no table: the tables are read below, from their grids
        if problem.line is not None and 0 < problem.line <= len(origins):
            problem = replace(problem, source=line_source(origins[problem.line - 1], problem.source))
        problems.append(problem)
    grid = XlsxImporter(sheets=sheets)
    grid.tables(doc)
    problems += [replace(p, source=p.source.replace("工作簿", tables_name)) for p in grid.problems]
    doc.apply({})
    return ImportResult(doc, problems)
