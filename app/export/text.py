"""Text shared by the exporters: the title lines, paragraphs of a narrative field, the draft notice."""

from __future__ import annotations

import re

from app.document import ReportDocument

DRAFT_MARK = "草稿"
DRAFT_NOTE = "草稿：本报告尚有未改正的错误，不得作为正式报告印发或公开"

_ORDINAL = re.compile(r"^（[一二三四五六七八九十]+）")


def title_lines(doc: ReportDocument) -> list[str]:
    """The title on two lines as published: the agency, then "YYYY年政府信息公开工作年度报告"."""
    agency = doc.meta.get("agency", "").strip()
    rest = doc.title[len(agency) :] if agency and doc.title.startswith(agency) else doc.title
    return [line for line in (agency, rest) if line]


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs (lines) of a narrative text, stripped."""
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
