"""Read stage of the PDF importer: each page's characters with their boxes and its ruling lines, by pdfium (Qt-free).

Everything is bounded: the file's size (by the source caps), the number of pages, of characters and of drawing
objects, and the time spent; a PDF beyond any bound is refused with a message, never read for minutes.
"""

from __future__ import annotations

import ctypes
import itertools
import time
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.importers.common import SourceError

MAX_PAGES = 200  # a report has 5–15 pages
MAX_CHARS = 2_000_000
MAX_OBJECTS = 500_000  # drawing objects of all pages, forms included
MAX_SECONDS = 8.0  # with the later stages, no PDF takes more than 10 s; a real report reads in 1–2 s
_FORM_DEPTH = 4


@dataclass(frozen=True, slots=True)
class Char:
    """One character in page coordinates, y growing downwards (top of the page is 0): the box it is set in
    (the font's ascent to descent, its advance) and the centre of its ink (which cell it is printed in)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    cx: float
    cy: float


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight horizontal or vertical stretch of a drawn line or rectangle edge (y downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


class _Budget:
    def __init__(self) -> None:
        self.start = time.monotonic()
        self.chars = 0
        self.objects = 0

    def tick(self) -> None:
        if time.monotonic() - self.start > MAX_SECONDS:
            raise SourceError(f"读取该 PDF 超过 {MAX_SECONDS:.0f} 秒仍未完成，不像一份年度报告，已停止")


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise SourceError("该文件不是 PDF 文件（缺少 PDF 文件头），无法导入")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = pdfium_c.FPDF_GetLastError()
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise SourceError("该 PDF 已加密（需要密码才能打开），无法导入；请先取消密码或另存为不加密的 PDF") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise SourceError("该 PDF 使用了不支持的加密方式，无法导入；请另存为不加密的 PDF") from exc
        raise SourceError("无法读取该 PDF：文件已损坏或不是有效的 PDF 文件") from exc


def _matrix(obj: ctypes.c_void_p) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(
    inner: tuple[float, float, float, float, float, float], outer: tuple[float, float, float, float, float, float]
) -> tuple[float, float, float, float, float, float]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 (the usual names of a PDF matrix)
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_segments(
    obj: ctypes.c_void_p, outer: tuple[float, float, float, float, float, float], height: float
) -> list[Segment]:
    """The axis-parallel straight pieces of a stroked path, or of a filled one thin enough to be a rule."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return []
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n <= 0 or n > 10_000:
        return []
    a, b, c, d, e, f = _compose(_matrix(obj), outer)
    points: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        point = (px, height - py)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
            points.append([point])
        else:
            points[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and points[-1]:
            points[-1].append(points[-1][0])
    out: list[Segment] = []
    if not stroke.value:
        # a filled shape is a rule only when it is thin (a line drawn as a narrow rectangle); a shaded
        # background would otherwise add the edges of a table that is not there
        xs = [p[0] for run in points for p in run]
        ys = [p[1] for run in points for p in run]
        if not xs or not fill.value:
            return []
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if min(w, h) > 2.5:
            return []
        if w >= h:
            mid = (min(ys) + max(ys)) / 2
            return [Segment(min(xs), mid, max(xs), mid)]
        mid = (min(xs) + max(xs)) / 2
        return [Segment(mid, min(ys), mid, max(ys))]
    for run in points:
        for (x0, y0), (x1, y1) in itertools.pairwise(run):
            if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 1:
                out.append(Segment(min(x0, x1), y0, max(x0, x1), y0))
            elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 1:
                out.append(Segment(x0, min(y0, y1), x0, max(y0, y1)))
    return out


def _segments(page: pdfium.PdfPage, height: float, budget: _Budget) -> list[Segment]:
    out: list[Segment] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def walk(
        parent: ctypes.c_void_p, form: bool, outer: tuple[float, float, float, float, float, float], depth: int
    ) -> None:
        count = pdfium_c.FPDFFormObj_CountObjects(parent) if form else pdfium_c.FPDFPage_CountObjects(parent)
        for i in range(max(0, count)):
            budget.objects += 1
            if budget.objects > MAX_OBJECTS:
                raise SourceError(f"该 PDF 的图形对象超过 {MAX_OBJECTS} 个，不像一份年度报告，未导入")
            if budget.objects % 2000 == 0:
                budget.tick()
            obj = pdfium_c.FPDFFormObj_GetObject(parent, i) if form else pdfium_c.FPDFPage_GetObject(parent, i)
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                out.extend(_path_segments(obj, outer, height))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
                walk(obj, True, _compose(_matrix(obj), outer), depth + 1)

    walk(page.raw, False, identity, 0)
    return out


def _chars(page: pdfium.PdfPage, height: float, budget: _Budget) -> list[Char]:
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        budget.chars += max(0, n)
        if budget.chars > MAX_CHARS:
            raise SourceError(f"该 PDF 的文字超过 {MAX_CHARS} 个字符，不像一份年度报告，未导入")
        out: list[Char] = []
        box = pdfium_c.FS_RECTF()
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        for i in range(n):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue  # a space or line break pdfium inferred; positions tell the layout instead
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            ch = "\ufffd" if code in (0, 65534, 65535) or 55296 <= code <= 57343 or code > 1114111 else chr(code)
            if ch.isspace():
                continue
            # the loose box spans the font's ascent to descent and the glyph's advance: a full stop or a
            # full-width comma is as tall and as wide as it is set, so lines and gaps come out right
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, box):
                continue
            if not pdfium_c.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top):
                continue
            cx, cy = (left.value + right.value) / 2, height - (bottom.value + top.value) / 2
            out.append(Char(ch, box.left, height - box.top, box.right, height - box.bottom, cx, cy))
        return out
    finally:
        textpage.close()


def read_pages(data: bytes) -> list[Page]:
    """The pages of a PDF (its bytes), each with its characters and ruling lines; SourceError when it cannot
    or must not be read (not a PDF, damaged, encrypted, too many pages, too slow)."""
    budget = _Budget()
    pdf = _open(data)
    try:
        n = len(pdf)
        if n == 0:
            raise SourceError("该 PDF 没有任何页面，无法导入")
        if n > MAX_PAGES:
            raise SourceError(f"该 PDF 有 {n} 页，超过 {MAX_PAGES} 页，不像一份年度报告，未导入")
        pages: list[Page] = []
        for index in range(n):
            budget.tick()
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise SourceError(f"无法读取该 PDF 的第{index + 1}页：文件已损坏") from exc
            try:
                width, height = page.get_size()
                pages.append(
                    Page(index + 1, width, height, _chars(page, height, budget), _segments(page, height, budget))
                )
            finally:
                page.close()
        return pages
    finally:
        pdf.close()
