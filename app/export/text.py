"""Text shared by the exporters: the title lines, paragraphs of a narrative field, the draft notice, and the
cleaning of characters a file cannot carry."""

from __future__ import annotations

import re

from app.document import ReportDocument
from app.export.layout import GridCell
from app.numbers import format_value
from app.textclean import clean_text, describe_chars, unwritable_chars

DRAFT_MARK = "草稿"
DRAFT_NOTE = "草稿：本报告尚有未改正的错误，不得作为正式报告印发或公开"

_ORDINAL = re.compile(r"^（[一二三四五六七八九十]+）")


def title_lines(doc: ReportDocument) -> list[str]:
    """The title on two lines as published: the agency, then "YYYY年政府信息公开工作年度报告"."""
    agency = doc.meta.get("agency", "").strip()
    rest = doc.title[len(agency) :] if agency and doc.title.startswith(agency) else doc.title
    return [clean_text(line) for line in (agency, rest) if line]


def cell_text(doc: ReportDocument, cell: GridCell) -> str:
    """What a grid cell shows: its label, or the value as the exports print it (blank, 不适用, the fee's decimals)."""
    if cell.ref is None:
        return cell.text
    value_type = doc.spec.cells[cell.ref].block.value_type
    return format_value(doc.value(cell.ref), value_type, doc.fee_decimals)


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs (lines) of a narrative text, stripped."""
    text = clean_text(text)
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]


def run_in_heading(text: str) -> tuple[str, str]:
    """Split "（三）政府信息管理情况。正文…" into its own heading and the rest (for texts that carry it)."""
    if not _ORDINAL.match(text):
        return "", text
    stop = text.find("。")
    if 0 < stop <= 30:
        return text[: stop + 1], text[stop + 1 :]
    match = re.match(r"^\S{1,30}", text)
    head = match.group() if match else text
    return head, text[len(head) :]


def unwritable_places(doc: ReportDocument) -> list[str]:
    """One message per place of the report whose text holds characters a file cannot carry (removed on export)."""
    from app.export.pdf import pieces  # every text the report prints, named for the clerk

    found: dict[str, list[str]] = {}
    for piece in pieces(doc):
        for char in unwritable_chars(piece.text):
            chars = found.setdefault(piece.where, [])
            if char not in chars:
                chars.append(char)
    return [
        f"{where}：含有无法写入文件的控制字符（{describe_chars(chars)}），导出时已删除"
        for where, chars in found.items()
    ]
