"""The text importer's run: read the source, locate the title and sections, parse each section, report (Qt-free)."""

from __future__ import annotations

import re

from app.document import ReportDocument
from app.importers.common import ImportResult, ProblemKind, SourceError
from app.importers.text.locate import locate_second_report, locate_sections, locate_title
from app.importers.text.narrative import read_metadata, read_narrative
from app.importers.text.reading import Reading
from app.importers.text.report import ProblemLog
from app.importers.text.stream import SourceText
from app.importers.text.tables import read_table
from app.spec import edition_for_year, load_spec

# The longest text read at all. Published reports have 5,000–50,000 characters; reading costs about 2 µs and
# 100 bytes per character, so this bound keeps any text (a file, a page's text, a paste) to a few seconds and
# about 150 MB, where a 20 MB text took 13 s and 870 MB.
MAX_TEXT_CHARS = 1_000_000


def import_text(text: str, *, layout: bool | None = None) -> ImportResult:
    """Import a report from its text. ``layout``: the text comes from `pdftotext -layout` (None: detect)."""
    if len(text) > MAX_TEXT_CHARS:
        raise SourceError(
            f"文字有 {len(text) // 10_000} 万字，超过可导入的上限 {MAX_TEXT_CHARS // 10_000} 万字；"
            "年度报告通常不超过 5 万字，请确认选择的内容是否正确"
        )
    src = SourceText.prepare(text, layout)
    log = ProblemLog(src)
    agency, year, title_end = locate_title(src.text)
    if year is None:
        match = re.search(r"(\d{4})年1月1日", re.sub(r"\s+", "", src.text))
        year = int(match.group(1)) if match else None
    if not agency or year is None:
        log.add(ProblemKind.UNREADABLE, 0, "未找到报告标题（机关名称和年度），请在基本信息中填写", ("meta.agency",))
    spec = load_spec(edition_for_year(year))
    doc = ReportDocument.new(agency, year) if year else ReportDocument(spec)
    if not year:
        doc.meta["agency"] = agency
    r = Reading(src, doc, log)
    s = src.stream
    sections = locate_sections(s, spec, title_end, r.labels)
    if not any(sec.id in sections for sec in spec.sections[:2]):
        raise SourceError(
            "没有找到年度报告的各部分标题（如“一、总体情况”“二、主动公开政府信息情况”），这不像一份政府信息公开工作年度报告"
        )
    order = [sec for sec in spec.sections if sec.id in sections]
    text_end = len(s.compact)
    if order:
        second = locate_second_report(s, spec, sections[order[-1].id].end)
        if second is not None:
            text_end = second
            log.add(
                ProblemKind.UNREADABLE,
                second,
                "从这里起是另一份年度报告（各部分标题再次出现），没有导入；一个文件只能导入一份报告，请分开后分别导入",
            )
    bounds: dict[str, tuple[int, int]] = {}
    for i, sec in enumerate(order):
        end = sections[order[i + 1].id].start if i + 1 < len(order) else text_end
        bounds[sec.id] = (sections[sec.id].end, end)
    for sec in spec.sections:
        if sec.id not in sections:
            log.add(ProblemKind.UNREADABLE, None, f"未找到“{sec.heading}”部分")
    read_metadata(r, title_end, sections[order[0].id].start if order else len(s.compact))
    for sec in spec.sections:
        if sec.id not in bounds:
            continue
        lo, hi = bounds[sec.id]
        if sec.kind == "text":
            read_narrative(r, sec, lo, hi)
        else:
            read_table(r, sec, lo, hi)
    doc.source_labels.update(r.labels)
    doc.apply({})  # recompute totals
    return ImportResult(doc, log.items)
