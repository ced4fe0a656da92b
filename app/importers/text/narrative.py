"""Parse stage of the text importer for prose: paragraphs between two places of the source, the preamble
and contact details, and each narrative field of the text sections (Qt-free)."""

from __future__ import annotations

import re

from app.importers.common import ProblemKind
from app.importers.layouts import has_subheadings
from app.importers.text.locate import locate_subtopics
from app.importers.text.reading import Reading
from app.importers.text.stream import SourceText
from app.importers.title import find_title
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


# Lines of a saved page or a portal's header around the title: they belong to the title block, not the preamble.
_PAGE_HEADER = re.compile(
    r"^(?:(?:标题|题目|名称|发布时间|发布日期|成文日期|公开日期|来源|信息来源|浏览次数|点击数|索引号|发布机构|发文机关|"
    r"文号|栏目|主题分类|原文链接|本地目录|当前位置|首页|字号|字体|【字体|分享|打印)(?:[:：\s]|$)|页面链接|=+)"
)
_RUN_TOGETHER = 300
_OPENING = re.compile(r"本年度报告|本报告|根据《|依据《|按照《")
_DATE_LINE = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$")


def _after_title_block(text: str, start: int, end: int) -> int:
    """The offset where the preamble starts: after the title line(s) and the page header lines around
    them (发布时间、来源、当前位置……); everything after that up to 一、 is the preamble, kept whole."""
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        raw = text[pos:line_end].strip()
        line = re.sub(r"\s+", "", raw)
        if len(line) > _RUN_TOGETHER and _PAGE_HEADER.match(raw):
            # a page whose header, title and text ran into one line: the preamble starts at its first words
            title = find_title(line[:_RUN_TOGETHER])
            opening = _OPENING.search(line, title.end if title else 0)
            if opening is not None:
                return pos + _raw_index(text[pos:line_end], opening.start())
        elif line and not (_PAGE_HEADER.match(raw) or _DATE_LINE.match(line)):
            title = find_title(line)
            if title is None or (title.before and len(title.before) > 40):
                return pos
            if title.end < len(line):  # the title runs into the first paragraph (pages whose lines ran together)
                return pos + _raw_index(text[pos:line_end], title.end)
        pos = line_end + 1
    return end


def _raw_index(raw: str, compact_index: int) -> int:
    """The offset in ``raw`` of the character at ``compact_index`` of its spaceless form."""
    seen = 0
    for offset, ch in enumerate(raw):
        if ch.isspace():
            continue
        if seen == compact_index:
            return offset
        seen += 1
    return len(raw)


def read_metadata(r: Reading, title_end: int, first_section: int) -> None:
    """Publish date, preamble and contact details from the text before 一、."""
    doc = r.doc
    flat = re.sub(r"\s+", "", r.src.text)
    date = re.search(r"(?:发布时间|发布日期|成文日期|公开日期)[:：](\d{4})-(\d{1,2})-(\d{1,2})", flat)
    if date:
        doc.meta["publish_date"] = f"{date.group(1)}年{int(date.group(2))}月{int(date.group(3))}日"
    end = r.src.stream.offset(first_section)
    preamble = clean(r.src, _after_title_block(r.src.text, title_end, end), end)
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
    fields = [f for f in sec.fields if f.heading]
    subs = locate_subtopics(r.src, fields, lo, hi)
    intro = next((f for f in sec.fields if not f.heading), None)
    first = subs[0].start if subs else hi
    text = clean(r.src, s.offset(lo), s.offset(first))
    if intro is not None:
        doc.texts[intro.id] = text
    for i, sub in enumerate(subs):
        end = subs[i + 1].start if i + 1 < len(subs) else hi
        body = clean(r.src, s.offset(sub.end), s.offset(end))
        if sub.number <= len(fields):
            fld = fields[sub.number - 1]
            doc.texts[fld.id] = body
            where = f"一、总体情况的第{sub.number}个小标题"
            if sub.how == "run_on":
                shown = body[:16] + "……" if len(body) > 16 else body
                r.log.add(
                    ProblemKind.CHECK,
                    sub.start,
                    f"{where}不是“{fld.title}”，且与正文连在一起（“{shown}”），无法确定小标题到哪里结束；"
                    f"已连同小标题作为“{fld.title}”导入，请核对",
                    (f"text.{fld.id}",),
                )
            elif sub.how == "delimited" and not all(word in sub.title for word in fld.heading_words):
                r.log.add(
                    ProblemKind.CHECK,
                    sub.start,
                    f"{where}为“{sub.title}”，已作为“{fld.title}”导入，请核对",
                    (f"text.{fld.id}",),
                )
        else:
            last = fields[-1]
            heading = r.src.text[s.offset(sub.start) : s.offset(sub.end)].strip()
            doc.texts[last.id] = (doc.texts[last.id] + "\n" + heading + body).strip()
            r.log.add(
                ProblemKind.NOTE,
                sub.start,
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
