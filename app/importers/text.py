"""Import a published report from plain text: pasted, saved from a portal page, or `pdftotext -layout` output (Qt-free).

Tables are read by their row labels, not by column positions: a row's numbers are the numbers between its
label and the next label, in order. That survives merged cells that broke or shifted the columns, labels
wrapped over several lines with the numbers printed in between, and vertical group labels. Numbers that
ran together without separators are only split when the split is forced (one digit per cell); otherwise
the row is reported as unreadable and left blank.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from app.document import ReportDocument
from app.importers.common import ImportResult, Problem, ProblemKind, SourceError
from app.labels import Found, find_in, is_cosmetic, label_key, strip_numbering, variant_keys
from app.spec import available_editions, edition_for_year, load_spec
from app.spec.model import Block, ReportSpec, Row, Section
from app.values import CellValue

_PAGE_NUMBER = re.compile(r"^[ \t\u3000]*[-—–－]?[ \t]*\d{1,3}[ \t]*[-—–－]?[ \t]*$|^[ \t]*第\s*\d+\s*页.*$", re.M)
_UNIT_NOTE = re.compile(r"[（(][^（）()\n]{0,40}?(?:单位|小数)[^（）()\n]{0,40}?[)）]")
_TOKEN = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[/—–\-∅]+")
BLANK_CELL = "∅"  # written by the HTML converter for an empty table cell
_TITLE = re.compile(r"(\d{4})年度?(.*?)政府信息公开(?:工作)?年度?报告")
_SUBTOPIC_WORDS = ("主动公开", "依申请", "信息管理", "平台", "监督")
_CN_NUMBERS = "一二三四五六七八九十"
_PAGE_FOOTER = re.compile(
    r"^(?:附件[:：]|附件下载|主办单位|承办单位|版权所有|网站标识码|备案号|扫一扫|分享到|打印本页|关闭窗口|上一篇|下一篇|相关链接|【)"
)
_TRAILING_JUNK = ("附件下载", "附件：", "【打印本页】", "【关闭窗口】", "打印本页", "关闭窗口", "【打印】", "【关闭】")


# --------------------------------------------------------------------------- the character stream
@dataclass
class _Stream:
    """The source as a compact, normalised character sequence that remembers where each character came from."""

    source: str
    compact: str
    offsets: list[int]  # compact index → offset in source
    gap_before: list[bool]  # compact index → whitespace before it in the source
    line_starts: list[int]
    masked: set[int] = field(default_factory=set)  # compact indexes inside unit notes like （单位：万元）

    @classmethod
    def build(cls, source: str) -> _Stream:
        chars: list[str] = []
        offsets: list[int] = []
        gaps: list[bool] = []
        gap = True
        for offset, ch in enumerate(source):
            if ch.isspace():
                gap = True
                continue
            norm = unicodedata.normalize("NFKC", ch)
            for c in norm:
                if c.isspace() or c in "“”‘’\"'「」『』":
                    continue
                chars.append(c)
                offsets.append(offset)
                gaps.append(gap)
                gap = False
        for i in range(1, len(chars) - 1):  # "1、申请人" → "1.申请人"
            if chars[i] == "、" and chars[i - 1].isdigit() and not chars[i + 1].isdigit():
                chars[i] = "."
        line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        stream = cls(source, "".join(chars), offsets, gaps, line_starts)
        for m in _UNIT_NOTE.finditer(source):
            stream.masked.update(range(stream.index_at(m.start()), stream.index_at(m.end())))
        return stream

    def index_at(self, offset: int) -> int:
        """The first compact index at or after a source offset."""
        return bisect.bisect_left(self.offsets, offset)

    def offset(self, index: int) -> int:
        return self.offsets[index] if index < len(self.offsets) else len(self.source)

    def line(self, index: int) -> int:
        return bisect.bisect_right(self.line_starts, self.offset(index))


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    value: Decimal | None  # None: a blank mark ("/", "—", empty cell)
    index: int

    @property
    def plain_digits(self) -> bool:
        return self.text.isdigit()


@dataclass
class _Anchor:
    """A located row label (or another piece of table text that ends the numbers of the row before it)."""

    found: Found
    block: Block | None = None
    row: Row | None = None
    edition: str = ""


class _Reader:
    def __init__(self, text: str, layout: bool | None) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        self.layout = ("\f" in text or len(_PAGE_NUMBER.findall(text)) >= 2) if layout is None else layout
        # page numbers and form feeds become spaces, so that offsets stay those of the source
        text = text.replace("\f", "\n")
        text = _PAGE_NUMBER.sub(lambda m: " " * len(m.group(0)), text)
        self.text = text
        self.s = _Stream.build(text)
        self.problems: list[Problem] = []
        self.labels: dict[str, str] = {}
        self.short_rows: list[tuple[int, str, list[str]]] = []
        self.grouped: dict[str, list[tuple[int, str, list[str]]]] = {}

    # ----------------------------------------------------------------------- problems
    def where(self, index: int | None) -> tuple[str, int | None]:
        """ "第57行" (and the character position when the line is long, as in pages that ran together)."""
        if index is None:
            return "全文", None
        line = self.s.line(index)
        start = self.s.line_starts[line - 1]
        end = self.text.find("\n", start)
        if (end if end >= 0 else len(self.text)) - start > 200:
            return f"第{line}行第{self.s.offset(index) - start + 1}字处", line
        return f"第{line}行", line

    def problem(self, kind: ProblemKind, index: int | None, message: str, refs: Sequence[str] = ()) -> None:
        source, line = self.where(index)
        self.problems.append(Problem(kind, source, message, tuple(refs), line))

    def printed(self, hit: Found) -> str:
        """The label as printed: the matched span without numbers printed inside it."""
        span = re.sub(r"(?<!^)\d+(?=\D|$)", "", self.s.compact[hit.start : hit.end])
        if len(span) - len(hit.positions) <= 2:
            return span
        return "".join(self.s.compact[p] for p in hit.positions)

    # ----------------------------------------------------------------------- metadata
    def title(self) -> tuple[str, int | None, int]:
        """Agency, year and the offset where the title ends."""
        lines = self.text.split("\n")
        pos = 0
        previous = ""
        for number, line in enumerate(lines[:60]):
            compact = re.sub(r"\s+", "", line)
            match = _TITLE.search(compact)
            if match:
                before = re.sub(r"^(?:标题|题目|名称)[:：]", "", compact[: match.start()])
                agency = before or match.group(2) or previous
                if not before and not match.group(2) and previous:
                    agency = previous
                return agency.strip("：: "), int(match.group(1)), pos + len(line)
            if compact and not compact.startswith(("标题", "发布", "文号", "栏目", "原文", "本地", "页面", "==")):
                previous = compact if len(compact) <= 40 else ""
            pos += len(line) + 1
            _ = number
        return "", None, 0

    # ----------------------------------------------------------------------- sections
    @staticmethod
    def _heading_keys(spec: ReportSpec, sec: Section) -> list[str]:
        others = [load_spec(e) for e in available_editions() if e != spec.edition]
        titles = [sec] + [o.section(sec.id) for o in others if o.section(sec.id).title != sec.title]
        keys: list[str] = []
        for title in titles:
            for variant in variant_keys(title.title, title.variants):
                keys.append(f"{sec.number}、{variant}")
        return keys

    def second_report(self, spec: ReportSpec, after: int) -> int | None:
        """Where another report starts after the last section (two reports in one file), or None.

        That is where both 一、总体情况 and 二、主动公开政府信息情况 appear again (one of them alone may
        be quoted in the text), moved back to a title line just before them."""
        hits = [self._find_heading(self._heading_keys(spec, spec.sections[i]), after) for i in (0, 1)]
        starts = [h.start for h in hits if h is not None and h.score >= 1.0]
        if len(starts) < 2:
            return None
        start = min(starts)
        titles = list(_TITLE.finditer(self.s.compact, after, start))
        title = titles[-1] if titles else None
        if title is not None and start - title.end() <= 400:
            line = self.s.line(title.end() - 1)
            return max(after, self.s.index_at(self.s.line_starts[line - 1]))
        return start

    def find_sections(self, spec: ReportSpec, start: int) -> dict[str, Found]:
        found: dict[str, Found] = {}
        cursor = self.s.index_at(start)
        for sec in spec.sections:
            keys = self._heading_keys(spec, sec)
            hit = self._find_heading(keys, cursor)
            if hit is None:
                continue
            found[sec.id] = hit
            cursor = hit.end
            printed = self.s.compact[hit.start : hit.end]
            if not is_cosmetic(printed, sec.heading):
                self.labels[f"section:{sec.id}"] = printed
        return found

    def _find_heading(self, keys: list[str], cursor: int) -> Found | None:
        best: Found | None = None
        for key in keys:
            pos = cursor
            while True:
                hit = find_in(self.s.compact, key, pos, len(self.s.compact), min_score=0.85)
                if hit is None:
                    break
                # a heading starts a line or follows the end of a sentence
                before = self.s.compact[hit.start - 1] if hit.start else "。"
                # a heading starts a line or follows the end of a sentence; an exact heading may follow
                # anything (pages whose text ran together)
                if hit.score >= 1.0 or self.s.gap_before[hit.start] or before in "。:;!?>":
                    if best is None or hit.start < best.start:
                        best = hit
                    break
                pos = hit.start + 1
        return best

    # ----------------------------------------------------------------------- narrative
    def clean(self, start: int, end: int) -> str:
        """Source text between two offsets as paragraphs (one per line)."""
        segment = self.text[start:end]
        lines = segment.split("\n")
        if not self.layout:
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

    def subtopics(self, lo: int, hi: int) -> list[tuple[int, int, int, str]]:
        """（一）…（五） headings inside 一: (number 1-5, compact start, compact end of heading, title)."""
        out: list[tuple[int, int, int, str]] = []
        cursor = lo
        number = 1
        while cursor < hi:
            mark = f"({_CN_NUMBERS[number - 1]})" if number <= 10 else ""
            pos = self.s.compact.find(mark, cursor, hi) if mark else -1
            if pos < 0:
                break
            before = self.s.compact[pos - 1] if pos > lo else "。"
            if not (self.s.gap_before[pos] or before in "。:;!?" or pos == lo):
                cursor = pos + 1
                continue
            # the heading runs to the first 。 ： or whitespace (at most 30 characters)
            offset = self.s.offset(pos)
            seg = self.text[offset : offset + 40]
            m = re.match(r"[（(][一二三四五六七八九十]+[）)]([^。：:\s\n]{0,30})([。：:]?)", seg)
            title = m.group(1) if m else ""
            head_end_offset = offset + (m.end() if m else 3)
            out.append((number, pos, self.s.index_at(head_end_offset), title))
            cursor = self.s.index_at(head_end_offset)
            number += 1
        return out

    # ----------------------------------------------------------------------- tables
    def tokens(self, lo: int, hi: int, consumed: set[int]) -> list[_Token]:
        chars: list[str] = []
        index: list[int] = []
        for i in range(lo, hi):
            ch = self.s.compact[i]
            if self.s.gap_before[i]:
                chars.append(" ")
                index.append(i)
            if i in consumed or i in self.s.masked or not (ch.isdigit() or ch in ",.-−/—–∅"):
                ch = " "
            chars.append(ch)
            index.append(i)
        joined = "".join(chars)
        out: list[_Token] = []
        for m in _TOKEN.finditer(joined):
            text = m.group(0)
            if text.strip("-") == "" and len(text) > 2:
                continue  # a rule line, not a cell
            if set(text) <= set("/—–-∅"):
                out.append(_Token(text, None, index[m.start()]))
            else:
                try:
                    out.append(_Token(text, Decimal(text.replace(",", "").replace("−", "-")), index[m.start()]))
                except InvalidOperation:
                    continue
        return out


# --------------------------------------------------------------------------- splitting numbers into cells
def split_cells(tokens: Sequence[_Token], count: int) -> tuple[list[Decimal | None] | None, str]:
    """The cell values when the tokens determine them, else None; plus a note on how they were read."""
    tokens = list(tokens)
    while len(tokens) > count and tokens[-1].value is None:
        tokens.pop()  # empty cells after the last column
    while len(tokens) > count and tokens[0].value is None:
        tokens.pop(0)  # empty cells of the label area
    if len(tokens) == count:
        return [t.value for t in tokens], ""
    digits = sum(len(t.text) for t in tokens)
    if tokens and len(tokens) < count and all(t.plain_digits for t in tokens) and digits == count:
        values: list[Decimal | None] = [Decimal(d) for t in tokens for d in t.text]
        return values, "原文中数字连在一起、没有分隔，按每格一位数读取（只有这一种读法）"
    return None, ""


def complete_row(values: Sequence[Decimal | None]) -> list[Decimal] | None:
    """Six numbers for a seven-column row of table 三 (parts + 总计): the row when every reading agrees.

    One cell is missing and it is not known which. Reading it as the missing 总计 (the sum of the parts), or as
    any one missing part (总计 minus the others), must give the same seven numbers; otherwise None.
    """
    if len(values) != 6 or any(v is None for v in values):
        return None
    nums = [v for v in values if v is not None]
    readings = [[*nums, sum(nums, Decimal(0))]]
    parts, total = nums[:5], nums[5]
    for k in range(6):
        missing = total - sum(parts, Decimal(0))
        if missing >= 0:
            readings.append([*parts[:k], missing, *parts[k:], total])
    first = readings[0]
    return first if all(r == first for r in readings) else None


# --------------------------------------------------------------------------- the importer
class TextImporter(_Reader):
    def __init__(self, text: str, layout: bool | None = None) -> None:
        super().__init__(text, layout)

    def run(self) -> ImportResult:
        agency, year, title_end = self.title()
        if year is None:
            match = re.search(r"(\d{4})年1月1日", re.sub(r"\s+", "", self.text))
            year = int(match.group(1)) if match else None
        if not agency or year is None:
            self.problem(
                ProblemKind.UNREADABLE, 0, "未找到报告标题（机关名称和年度），请在基本信息中填写", ("meta.agency",)
            )
        edition = edition_for_year(year) if year else "2021"
        spec = load_spec(edition)
        doc = ReportDocument.new(agency, year) if year else ReportDocument(spec)
        if not year:
            doc.meta["agency"] = agency
        self.doc = doc
        sections = self.find_sections(spec, title_end)
        if "s1" not in sections and "s2" not in sections:
            raise SourceError(
                "没有找到年度报告的各部分标题（如“一、总体情况”“二、主动公开政府信息情况”），这不像一份政府信息公开工作年度报告"
            )
        order = [s for s in spec.sections if s.id in sections]
        text_end = len(self.s.compact)
        if order:
            second = self.second_report(spec, sections[order[-1].id].end)
            if second is not None:
                text_end = second
                self.problem(
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
                self.problem(ProblemKind.UNREADABLE, None, f"未找到“{sec.heading}”部分")
        self.metadata(title_end, sections[order[0].id].start if order else len(self.s.compact))
        for sec in spec.sections:
            if sec.id not in bounds:
                continue
            lo, hi = bounds[sec.id]
            if sec.kind == "text":
                self.narrative(sec, lo, hi)
            else:
                self.table(sec, lo, hi)
        doc.source_labels.update(self.labels)
        doc.apply({})  # recompute totals
        return ImportResult(doc, self.problems)

    # ----------------------------------------------------------------------- metadata
    def metadata(self, title_end: int, first_section: int) -> None:
        doc = self.doc
        flat = re.sub(r"\s+", "", self.text)
        date = re.search(r"(?:发布时间|发布日期|成文日期|公开日期)[:：](\d{4})-(\d{1,2})-(\d{1,2})", flat)
        if date:
            doc.meta["publish_date"] = f"{date.group(1)}年{int(date.group(2))}月{int(date.group(3))}日"
        preamble = self.clean(title_end, self.s.offset(first_section))
        cut = [preamble.find(w) for w in ("本报告", "根据《") if preamble.find(w) >= 0]
        if cut:
            preamble = preamble[min(cut) :]
        elif len(preamble) > 0 and "==" in preamble:
            preamble = ""
        if preamble:
            doc.meta["preamble"] = preamble
            compact = re.sub(r"\s+", "", preamble)
            patterns = {
                "contact_address": r"地址[:：]([^，,；;。）)]+)",
                "contact_postcode": r"邮编[:：]?(\d{6})",
                "contact_phone": r"电话(?:/传真)?[:：]?([\d\-－—]{7,})",
                "contact_email": r"邮箱[:：]?([\w.\-]+@[\w\-]+(?:\.[\w\-]+)+)",
            }
            for key, pattern in patterns.items():
                m = re.search(pattern, compact)
                if m:
                    doc.meta[key] = m.group(1)
        agency = doc.meta.get("agency", "")
        if agency.endswith("人民政府"):
            doc.meta["agency_type"] = "人民政府"
        self.problem(
            ProblemKind.CHECK,
            None,
            f"机关类型（{doc.meta.get('agency_type')}）和统计口径（{doc.meta.get('scope')}）原文未写明，已按默认值填写，请核对",
            ("meta.agency_type", "meta.scope"),
        )

    # ----------------------------------------------------------------------- narrative
    def narrative(self, sec: Section, lo: int, hi: int) -> None:
        doc = self.doc
        s = self.s
        if sec.id == "s1":
            subs = self.subtopics(lo, hi)
            fields = [f for f in sec.fields if f.heading]
            intro = next((f for f in sec.fields if not f.heading), None)
            first = subs[0][1] if subs else hi
            text = self.clean(s.offset(lo), s.offset(first))
            if intro is not None:
                doc.texts[intro.id] = text
            for i, (number, _start, head_end, title) in enumerate(subs):
                end = subs[i + 1][1] if i + 1 < len(subs) else hi
                body = self.clean(s.offset(head_end), s.offset(end))
                if number <= len(fields):
                    fld = fields[number - 1]
                    doc.texts[fld.id] = body
                    words = _SUBTOPIC_WORDS[number - 1] if number <= len(_SUBTOPIC_WORDS) else ""
                    if words and words not in title:
                        self.problem(
                            ProblemKind.CHECK,
                            _start,
                            f"一、总体情况的第{number}个小标题为“{title}”，已作为“{fld.title}”导入，请核对",
                            (f"text.{fld.id}",),
                        )
                else:
                    last = fields[-1]
                    heading = self.text[s.offset(_start) : s.offset(head_end)].strip()
                    doc.texts[last.id] = (doc.texts[last.id] + "\n" + heading + body).strip()
                    self.problem(
                        ProblemKind.NOTE,
                        _start,
                        f"总体情况中另有小标题“{heading}”，格式只规定五个方面，已接在“{last.title}”之后",
                        (f"text.{last.id}",),
                    )
            for fld in fields[len(subs) :]:
                if fld.required:
                    self.problem(ProblemKind.CHECK, lo, f"一、总体情况中未找到“{fld.title}”小标题", (f"text.{fld.id}",))
            if not subs and intro is not None and text and any(f.required for f in fields):
                self.problem(
                    ProblemKind.CHECK,
                    lo,
                    "一、总体情况没有（一）至（五）小标题，全文已放入总述，请按五个方面整理",
                    (f"text.{intro.id}",),
                )
            return
        body = self.clean(s.offset(lo), s.offset(hi))
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
            self.problem(ProblemKind.UNREADABLE, lo, f"“{sec.heading}”部分没有正文", (f"text.{sec.fields[0].id}",))

    # ----------------------------------------------------------------------- tables
    def _layout_spec(self, sec: Section, lo: int, hi: int) -> ReportSpec:
        """The edition whose table layout the source uses for this section (table 二 differs)."""
        spec = self.doc.spec
        if sec.id != "s2":
            return spec
        region = self.s.compact[lo:hi]
        scores = {}
        for edition in available_editions():
            other = load_spec(edition)
            labels = {label_key(c.label) for b in other.section("s2").blocks for c in b.columns}
            labels |= {label_key(r.label) for b in other.section("s2").blocks for r in b.rows}
            scores[edition] = sum(1 for lab in labels if lab in region)
        best = max(scores, key=lambda e: (scores[e], e == spec.edition))
        return load_spec(best) if scores[best] > scores.get(spec.edition, 0) else spec

    def _rows(self, sec: Section, layout: ReportSpec) -> list[tuple[Block, Row, str, bool]]:
        """(block, row, edition, optional) in reading order; table 三 adds the other edition's （六） rows."""
        out: list[tuple[Block, Row, str, bool]] = []
        for blk in layout.section(sec.id).blocks:
            if not blk.row_labels:
                continue
            for row in blk.rows:
                out.append((blk, row, layout.edition, False))
        if sec.id == "s3":
            for edition in available_editions():
                if edition == layout.edition:
                    continue
                other = load_spec(edition).block("t3")
                own = {r.id for _, r, _, _ in out}
                extra = [r for r in other.rows if r.id not in own]
                for row in extra:
                    # insert before （七）总计, in the other edition's order
                    at = next(i for i, (_, r, _, _) in enumerate(out) if r.id == "result_total")
                    out.insert(at, (other, row, edition, True))
        return out

    def _find_row(self, row: Row, lo: int, hi: int) -> Found | None:
        key = label_key(row.label)
        for candidate in variant_keys(row.label, row.variants):
            hit = find_in(self.s.compact, candidate, lo, hi, min_score=0.8)
            if hit is not None:
                return hit
        core = strip_numbering(key)
        if core != key and len(core) >= 4:
            return find_in(self.s.compact, core, lo, hi, min_score=0.85)
        return None

    def table(self, sec: Section, lo: int, hi: int) -> None:
        layout = self._layout_spec(sec, lo, hi)
        spec = self.doc.spec
        if layout is not spec:
            self.problem(
                ProblemKind.NOTE,
                lo,
                f"{sec.heading}使用的是{layout.name}（{layout.edition}版）的表格行列，"
                f"与{self.doc.year or ''}年度应使用的{spec.name}不同；数字已原样保留，"
                "由“表格行列与年度格式不符”检查（FMT-T3-ROWSET）列出",
            )
        rows = self._rows(sec, layout)
        anchors: list[_Anchor] = []
        cursor = lo
        for blk, row, edition, optional in rows:
            hit = self._find_row(row, cursor, hi)
            if hit is None:
                if not optional:
                    refs = [blk.ref(row.id, c.id) for c in blk.columns] if edition == spec.edition else []
                    self.problem(
                        ProblemKind.UNREADABLE,
                        cursor,
                        f"表{sec.number}中未找到“{row.display_name}”这一行，该行未导入",
                        refs,
                    )
                continue
            anchors.append(_Anchor(hit, blk, row, edition))
            if not optional:
                cursor = hit.end
                printed = self.printed(hit)
                if edition == spec.edition and not is_cosmetic(printed, row.label):
                    self.labels[f"row:{blk.id}.{row.id}"] = printed
        # other printed table text that ends the numbers of the row before it
        for mark in ("第二十条",):
            pos = self.s.compact.find(mark, lo, hi)
            while pos >= 0:
                anchors.append(_Anchor(Found(pos, pos + len(mark), tuple(range(pos, pos + len(mark))), 1.0)))
                pos = self.s.compact.find(mark, pos + 1, hi)
        anchors.sort(key=lambda a: a.found.start)
        consumed = {p for a in anchors for p in a.found.positions}
        for i, anchor in enumerate(anchors):
            if anchor.row is None or anchor.block is None:
                continue
            end = anchors[i + 1].found.start if i + 1 < len(anchors) else hi
            tokens = self.tokens(anchor.found.start, end, consumed)
            optional = any(r is anchor.row for _, r, _, opt in rows if opt)
            if optional and not tokens:
                continue  # the group label （六）其他处理 of the 2021 layout, not a row of its own
            self.store_row(sec, anchor.block, anchor.row, anchor.edition, tokens, anchor.found.start)
        if self.short_rows:
            self.grouped[
                "只有6个数字（应为7个），缺少哪一栏无法确定；无论缺少哪一栏，按“总计=各栏之和”推算的结果都相同，"
                "已按此读取（总计按各栏之和计算）"
            ] = self.short_rows
            self.short_rows = []
        for note, items in self.grouped.items():
            first, _ = self.where(items[0][0])
            last, _ = self.where(items[-1][0])
            names = "、".join(name for _, name, _ in items)
            count = f"有{len(items)}行" if len(items) > 1 else ""
            self.problems.append(
                Problem(
                    ProblemKind.CHECK,
                    first if first == last else f"{first}至{last}",
                    f"表{sec.number}中{count}“{names}”{note}，请核对原文",
                    tuple(r for _, _, refs in items for r in refs),
                    self.s.line(items[0][0]),
                )
            )
        self.grouped = {}
        blocks_without_labels = [b for b in layout.section(sec.id).blocks if not b.row_labels]
        for blk in blocks_without_labels:
            start = anchors[-1].found.end if anchors else lo
            tokens = self.tokens(start, hi, consumed)
            self.store_row(sec, blk, blk.rows[0], layout.edition, tokens, start)

    def store_row(self, sec: Section, blk: Block, row: Row, edition: str, tokens: list[_Token], at: int) -> None:
        doc = self.doc
        spec = doc.spec
        own = edition == spec.edition
        refs = [blk.ref(row.id, c.id) for c in blk.columns]
        where = f"表{sec.number} · {row.display_name}" if blk.row_labels else f"表{sec.number}"
        line_at = tokens[0].index if tokens else at
        if not tokens:
            self.problem(ProblemKind.UNREADABLE, at, f"{where}：没有找到数字，该行留空", refs if own else [])
            return
        values, note = split_cells(tokens, len(refs))
        if values is None and len(refs) == 7 and len(tokens) == 6 and blk.id == "t3":
            completed = complete_row([t.value for t in tokens])
            if completed is not None:
                # the 总计 was not printed: it is computed, not stated
                self._put(blk, row, edition, completed[:6], refs[:6])
                self.short_rows.append((line_at, row.display_name, refs[:6] if own else []))
                return
        if values is None:
            shown = " ".join(t.text for t in tokens)
            self.problem(
                ProblemKind.UNREADABLE,
                line_at,
                f"{where}：应有{len(refs)}个数字，原文为“{shown}”，无法确定各栏的数字，该行留空，请对照原文填写",
                refs if own else [],
            )
            return
        self._put(blk, row, edition, values, refs)
        if note:
            self.grouped.setdefault(note, []).append((line_at, row.display_name, refs if own else []))
        blanks = [ref for ref, v in zip(refs, values, strict=True) if v is None]
        if blanks:
            names = "、".join(spec_cell_name(load_spec(edition), r) for r in blanks)
            self.problem(ProblemKind.CHECK, line_at, f"{where}：原文{names}为空白或“/”，已留空", blanks if own else [])

    def _put(self, blk: Block, row: Row, edition: str, values: Sequence[Decimal | None], refs: Sequence[str]) -> None:
        doc = self.doc
        layout = load_spec(edition)
        for ref, value in zip(refs, values, strict=True):
            cell: CellValue = value
            if edition != doc.spec.edition:
                doc.foreign_cells[f"{edition}:{ref}"] = cell
            elif layout.cells[ref].computed:
                if cell is not None:
                    doc.stated[ref] = cell
            else:
                doc.cells[ref] = cell


def spec_cell_name(spec: ReportSpec, ref: str) -> str:
    return spec.cells[ref].column.display_name


def import_text(text: str, *, layout: bool | None = None) -> ImportResult:
    """Import a report from its text. ``layout``: the text comes from `pdftotext -layout` (None: detect)."""
    return TextImporter(text, layout).run()


def read_text_file(path: str) -> str:
    """A text file as str, trying UTF-8 and then GB18030 (files saved on Chinese Windows)."""
    with open(path, "rb") as handle:
        data = handle.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("无法识别文件的文字编码（应为 UTF-8 或 GBK）")
