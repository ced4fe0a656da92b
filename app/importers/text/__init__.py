"""Import a published report from plain text: pasted, saved from a portal page, or `pdftotext -layout` output (Qt-free).

Tables are read by their row labels, not by column positions: a row's numbers are the numbers between its
label and the next label, in order. That survives merged cells that broke or shifted the columns, labels
wrapped over several lines with the numbers printed in between, and vertical group labels. Numbers that
ran together without separators are only split when the split is forced (one digit per cell); otherwise
the row is reported as unreadable and left blank.

The stages, one module each, usable on their own (the PDF and HTML importers build on them):
read (``stream``: the source as a compact character stream) → locate (``locate``: title, headings,
row labels) → parse (``narrative``: prose fields; ``cells`` and ``tables``: numbers into cells) →
report (``report``: problems by source line). ``importer`` runs them in order.
"""

from __future__ import annotations

from app.importers.source import read_text
from app.importers.text.cells import BLANK_CELL
from app.importers.text.importer import import_text


def read_text_file(path: str) -> str:
    """A text file as str (regular files only, size-capped, encoding detected); SourceError otherwise."""
    return read_text(path, "text")


__all__ = ["BLANK_CELL", "import_text", "read_text_file"]
