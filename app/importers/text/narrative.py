"""Parse stage of the text importer for prose: paragraphs between two places of the source, the preamble
and contact details, and each narrative field of the text sections (Qt-free)."""

from __future__ import annotations

import re

from app.importers.common import ProblemKind
from app.importers.layouts import has_subheadings
from app.importers.text.locate import locate_subtopics
from app.importers.text.reading import Reading
from app.importers.text.stream import SourceText
from app.spec.model import Section

_PAGE_FOOTER = re.compile(
    r"^(?:附件[:：]|附件下载|主办单位|承办单位|版权所有|网站标识码|备案号|扫一扫|分享到|打印本页|关闭窗口|上一篇|下一篇|相关链接|【)"
)
_TRAILING_JUNK = ("附件下载", "附件：", "【打印本页】", "【关闭窗口】", "打印本页", "关闭窗口", "【打印】", "【关闭】")
_CONTACTS = {
    "contact_address": r"地址[:：]([^，,；;。）)]+)",
    "contact_postcode": r"邮编[:：]?(\d{6})",
    "contact_phone": r"电话(?:/传真)?[:：]?([\d\-－—]{7,})",
    "contact_email": r"邮箱[:：]?([\w.\-]+@[\w\-]+(?:\.[\w\-]+)+)",
}


def clean(src: SourceText, start: int, end: int) -> str:
    """Source text between two offsets as paragraphs (one per line)."""
    lines = src.text[start:end].split("\n")
    if not src.layout:
        text = "\n".join(ln.strip(" \t\u3000") for ln in lines if ln.strip())
    else:
        paragraphs: list[str] = []
        current = ""
        for number, ln in enumerate(lines):
            if not ln.strip():
                continue
            indent = len(ln) - len(ln.lstrip(" \t\u3000"))
            if indent >= 2 and current and number > 0:
                paragraphs.append(current)
                current = ""
            current += ln.strip()
        paragraphs.append(current)
        text = "\n".join(p for p in paragraphs if p)
        # pdftotext puts a space between Chinese and Latin letters or digits
        text = re.sub(r"(?<=[^\x00-\x7f]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) (?=[^\x00-\x7f])", "", text)
    text = text.strip()
    changed = True
    while changed:
        changed = False
        for junk in _TRAILING_JUNK:
            if text.endswith(junk):
                text = text[: -len(junk)].rstrip()
                changed = True
    return text


def read_metadata(r: Reading, title_end: int, first_section: int) -> None:
    """Publish date, preamble and contact details from the text before 一、."""
    doc = r.doc
    flat = re.sub(r"\s+", "", r.src.text)
    date = re.search(r"(?:发布时间|发布日期|成文日期|公开日期)[:：](\d{4})-(\d{1,2})-(\d{1,2})", flat)
    if date:
        doc.meta["publish_date"] = f"{date.group(1)}年{int(date.group(2))}月{int(date.group(3))}日"
    preamble = clean(r.src, title_end, r.src.stream.offset(first_section))
    cut = [preamble.find(w) for w in ("本报告", "根据《") if preamble.find(w) >= 0]
    if cut:
        preamble = preamble[min(cut) :]
    elif len(preamble) > 0 and "==" in preamble:
        preamble = ""
    if preamble:
        doc.meta["preamble"] = preamble
        compact = re.sub(r"\s+", "", preamble)
        for key, pattern in _CONTACTS.items():
            m = re.search(pattern, compact)
            if m:
                doc.meta[key] = m.group(1)
    agency = doc.meta.get("agency", "")
    if agency.endswith("人民政府"):
        doc.meta["agency_type"] = "人民政府"
    r.log.add(
        ProblemKind.CHECK,
        None,
        f"机关类型（{doc.meta.get('agency_type')}）和统计口径（{doc.meta.get('scope')}）原文未写明，已按默认值填写，请核对",
        ("meta.agency_type", "meta.scope"),
    )


def read_narrative(r: Reading, sec: Section, lo: int, hi: int) -> None:
    """The fields of a text section from compact[lo:hi] (一 is split at its subheadings)."""
    if has_subheadings(sec):
        _read_overview(r, sec, lo, hi)
        return
    doc = r.doc
    s = r.src.stream
    body = clean(r.src, s.offset(lo), s.offset(hi))
    if sec is doc.spec.sections[-1]:
        # the last section runs to the end of a saved page: drop its attachments and footer
        kept = []
        for line in body.split("\n"):
            if _PAGE_FOOTER.match(line):
                break
            kept.append(line)
        body = "\n".join(kept).strip()
    doc.texts[sec.fields[0].id] = body
    if not body:
        r.log.add(ProblemKind.UNREADABLE, lo, f"“{sec.heading}”部分没有正文", (f"text.{sec.fields[0].id}",))


def _read_overview(r: Reading, sec: Section, lo: int, hi: int) -> None:
    doc = r.doc
    s = r.src.stream
    subs = locate_subtopics(r.src, lo, hi)
    fields = [f for f in sec.fields if f.heading]
    intro = next((f for f in sec.fields if not f.heading), None)
    first = subs[0][1] if subs else hi
    text = clean(r.src, s.offset(lo), s.offset(first))
    if intro is not None:
        doc.texts[intro.id] = text
    for i, (number, start, head_end, title) in enumerate(subs):
        end = subs[i + 1][1] if i + 1 < len(subs) else hi
        body = clean(r.src, s.offset(head_end), s.offset(end))
        if number <= len(fields):
            fld = fields[number - 1]
            doc.texts[fld.id] = body
            if not all(word in title for word in fld.heading_words):
                r.log.add(
                    ProblemKind.CHECK,
                    start,
                    f"一、总体情况的第{number}个小标题为“{title}”，已作为“{fld.title}”导入，请核对",
                    (f"text.{fld.id}",),
                )
        else:
            last = fields[-1]
            heading = r.src.text[s.offset(start) : s.offset(head_end)].strip()
            doc.texts[last.id] = (doc.texts[last.id] + "\n" + heading + body).strip()
            r.log.add(
                ProblemKind.NOTE,
                start,
                f"总体情况中另有小标题“{heading}”，格式只规定五个方面，已接在“{last.title}”之后",
                (f"text.{last.id}",),
            )
    for fld in fields[len(subs) :]:
        if fld.required:
            r.log.add(ProblemKind.CHECK, lo, f"一、总体情况中未找到“{fld.title}”小标题", (f"text.{fld.id}",))
    if not subs and intro is not None and text and any(f.required for f in fields):
        r.log.add(
            ProblemKind.CHECK,
            lo,
            "一、总体情况没有（一）至（五）小标题，全文已放入总述，请按五个方面整理",
            (f"text.{intro.id}",),
        )
