"""Text shared by the exporters: the title lines, paragraphs of a narrative field, the draft notice."""

from __future__ import annotations

from app.document import ReportDocument

DRAFT_MARK = "草稿"
DRAFT_NOTE = "草稿：本报告尚有未改正的错误，不得作为正式报告印发或公开"


def title_lines(doc: ReportDocument) -> list[str]:
    """The title on two lines as published: the agency, then "YYYY年政府信息公开工作年度报告"."""
    agency = doc.meta.get("agency", "").strip()
    rest = doc.title[len(agency) :] if agency and doc.title.startswith(agency) else doc.title
    return [line for line in (agency, rest) if line]


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs (lines) of a narrative text, stripped."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
