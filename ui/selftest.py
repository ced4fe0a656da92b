"""`nianbao selftest OUTDIR`: prove that an installed (or source) build works end to end.

Loads the non-zero sample project, validates it, exports PDF (and imports it back), Excel, Word (and imports the Word
document back), the web page and the audit sheet, renders the main window to PNG and writes
OUTDIR/selftest.txt (what ran, fonts used, timings). Exit status 0 only if every step worked. Used by
packaging/build-*.sh on the frozen builds, and by hand on a real PC.

The frozen Windows exe is windowed (no console): all results go to OUTDIR, never only to stdout.
"""

from __future__ import annotations

import platform
import re
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from app.resources import bundle_root, resource_path

if TYPE_CHECKING:
    from app.document import ReportDocument

SAMPLE = "samples/huaian-city-2024.json"
# PDF's standard 14 fonts: every viewer has them, so they are never embedded.
BASE14 = frozenset(
    {
        "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
        "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
    }
)  # fmt: skip
FONT = "fonts/wqy-microhei.ttc"


class SelftestError(Exception):
    """A step did not produce what it must; the message says what is missing."""


@dataclass
class Step:
    name: str
    ok: bool = False
    seconds: float = 0.0
    detail: list[str] = field(default_factory=list)


@dataclass
class Context:
    outdir: Path
    steps: list[Step] = field(default_factory=list)
    project: ReportDocument | None = None
    facts: dict[str, str] = field(default_factory=dict)


def need_module(name: str) -> ModuleType:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise SelftestError(f"缺少模块 {name}（{exc}）") from exc


def pdf_fonts(data: bytes) -> list[str]:
    """BaseFont names in a PDF (subset prefixes like ABCDEF+ kept: they show embedding)."""
    names = {m.decode("latin-1") for m in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", data)}
    return sorted(names)


# ---------------------------------------------------------------- steps


def check_round_trip(step: Step, project: ReportDocument, imported: ReportDocument, after: str) -> None:
    """An export read back (``after``: "PDF 导入后") must give every cell of ``project`` unchanged."""
    differ = [ref for ref, value in project.cells.items() if imported.cells.get(ref) != value]
    step.detail.append(f"cells differing after the round trip: {len(differ)} of {len(project.cells)}")
    if differ:
        raise SelftestError(f"{after}有 {len(differ)} 个单元格与原项目不同：{', '.join(differ[:5])}")


def step_environment(ctx: Context, step: Step) -> None:
    frozen = bool(getattr(sys, "frozen", False))
    step.detail += [
        f"frozen: {frozen}",
        f"executable: {sys.executable}",
        f"python: {sys.version.split()[0]}",
        f"system: {platform.system()} {platform.release()} {platform.machine()}",
        f"bundle: {bundle_root()}",
    ]
    try:
        from importlib.metadata import version

        step.detail.append(f"version: nianbao {version('nianbao')}")
    except Exception:  # not installed as a distribution (frozen or plain checkout)
        pass


def step_resources(ctx: Context, step: Step) -> None:
    for rel in (SAMPLE, FONT):
        path = resource_path(rel)
        if not path.is_file():
            raise SelftestError(f"缺少资源文件 {path}")
        step.detail.append(f"{rel}: {path.stat().st_size} bytes")
    spec_dir = bundle_root() / "app" / "spec" / "data"
    tomls = sorted(p.name for p in spec_dir.glob("*.toml")) if spec_dir.is_dir() else []
    step.detail.append(f"app/spec/data: {', '.join(tomls) or '（无）'}")


def step_load(ctx: Context, step: Step) -> None:
    persistence = need_module("app.persistence")
    path = resource_path(SAMPLE)
    ctx.project = persistence.load(path)
    step.detail.append(f"loaded {path.name}: {ctx.project.title}")


def step_validate(ctx: Context, step: Step) -> None:
    rules = need_module("app.rules")
    issues = list(rules.validate(ctx.project))
    counts: dict[str, int] = {}
    for issue in issues:
        sev = str(issue.severity)
        counts[sev] = counts.get(sev, 0) + 1
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "无问题"
    step.detail.append(f"issues: {len(issues)} ({summary})")
    if rules.has_errors(issues):
        raise SelftestError("示例项目有校验错误")


def step_pdf(ctx: Context, step: Step) -> None:
    pdf = need_module("app.export.pdf")
    fonts = need_module("app.export.fonts")
    step.detail += [f"font {line}" for line in fonts.system_fonts().describe()]
    data: bytes = pdf.build_pdf(ctx.project)
    out = ctx.outdir / "report.pdf"
    out.write_bytes(data)
    if not data.startswith(b"%PDF"):
        raise SelftestError("report.pdf 不是 PDF 文件")
    names = pdf_fonts(data)
    ctx.facts["pdf_fonts"] = ", ".join(names)
    step.detail += [
        f"report.pdf: {len(data)} bytes, {pdf.page_count(data)} pages",
        f"PDF fonts: {', '.join(names) or '（无）'}",
    ]
    embedded = [f for f in names if re.match(r"[A-Z]{6}\+", f)]
    not_embedded = [f for f in names if f not in embedded]
    base14 = [f for f in not_embedded if f in BASE14]
    if set(not_embedded) - set(base14):
        raise SelftestError(f"PDF 字体未嵌入：{', '.join(not_embedded)}")
    if not embedded:
        raise SelftestError("PDF 中没有嵌入的中文字体")
    if base14:
        # Every PDF viewer has the 14 standard fonts, but they hold no Chinese glyphs.
        step.detail.append(f"警告：PDF 使用了未嵌入的标准字体 {', '.join(base14)}（不含中文字形）")


def step_pdf_import(ctx: Context, step: Step) -> None:
    """The exported PDF read back by the bundled PDF reader (pypdfium2): every cell must come back unchanged."""
    importer = need_module("app.importers.pdf")
    project = ctx.project
    assert project is not None  # NEEDS_PROJECT
    source = ctx.outdir / "report.pdf"
    if not source.is_file():
        raise SelftestError("缺少 report.pdf（导出 PDF 未成功）")
    result = importer.import_pdf(str(source))
    step.detail.append(f"imported {source.name}: {result.document.title}, {len(result.problems)} import notes")
    check_round_trip(step, project, result.document, "PDF 导入后")


def step_xlsx(ctx: Context, step: Step) -> None:
    xlsx = need_module("app.export.xlsx")
    data: bytes = xlsx.build_workbook(ctx.project)
    out = ctx.outdir / "report.xlsx"
    out.write_bytes(data)
    from openpyxl import load_workbook

    wb = load_workbook(out)
    step.detail += [f"report.xlsx: {len(data)} bytes", f"sheets: {', '.join(wb.sheetnames)}"]


def step_docx(ctx: Context, step: Step) -> None:
    """Word out and back in: the exported .docx must import with the same cells (python-docx, lxml bundled)."""
    docx = need_module("app.export.docx")
    importer = need_module("app.importers.docx")
    project = ctx.project
    assert project is not None  # NEEDS_PROJECT
    data: bytes = docx.build_docx(project)
    out = ctx.outdir / "report.docx"
    out.write_bytes(data)
    result = importer.import_docx_file(str(out))
    step.detail.append(f"report.docx: {len(data)} bytes, imported back: {result.document.title}")
    check_round_trip(step, project, result.document, "Word 文档导入后")


def step_html(ctx: Context, step: Step) -> None:
    html = need_module("app.export.html")
    data: bytes = html.build_html(ctx.project)
    out = ctx.outdir / "report.html"
    out.write_bytes(data)
    text = data.decode("utf-8")
    step.detail.append(f"report.html: {len(data)} bytes, {text.count('<table')} tables")
    if text.count("<table") < 3 or "<script" in text:
        raise SelftestError("report.html 缺少表格或含有脚本")


def step_audit(ctx: Context, step: Step) -> None:
    audit = need_module("app.export.audit")
    seal = need_module("app.seal")
    data: bytes = audit.build_audit(ctx.project)
    (ctx.outdir / "audit.pdf").write_bytes(data)
    names = pdf_fonts(data)
    step.detail += [f"audit.pdf: {len(data)} bytes", f"data SHA-256: {seal.canonical_hash(ctx.project)}"]
    if not data.startswith(b"%PDF") or not any(re.match(r"[A-Z]{6}\+", f) for f in names):
        raise SelftestError("audit.pdf 不是嵌入中文字体的 PDF")


def step_window(ctx: Context, step: Step) -> None:
    from PySide6.QtCore import QLibraryInfo, Qt, QTranslator, qVersion
    from PySide6.QtGui import QGuiApplication

    application = need_module("ui.application")
    main_window = need_module("ui.main_window")
    settings = need_module("ui.settings")

    # The real start-up path: names, zh_CN translator, bundled font, icon.
    app = application.create_application([sys.argv[0] if sys.argv else "nianbao"])
    step.detail.append(f"Qt {qVersion()}, platform {QGuiApplication.platformName()}")

    translator = QTranslator()
    tr_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = translator.load("qtbase_zh_CN", tr_dir)
    step.detail.append(f"qtbase_zh_CN.qm: {'loaded' if loaded else 'NOT FOUND'} ({tr_dir})")
    if not loaded:
        raise SelftestError(f"找不到 Qt 中文翻译 qtbase_zh_CN.qm（{tr_dir}）")

    # Settings go to OUTDIR: the selftest never touches the user's own settings.
    window = main_window.MainWindow(
        ctx.project, resource_path(SAMPLE), settings=settings.Settings(ctx.outdir / "settings.ini")
    )
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    image = window.grab().toImage()
    out = ctx.outdir / "window.png"
    if not image.save(str(out), "PNG"):
        raise SelftestError("无法保存 window.png")
    ui_font = window.font()
    ctx.facts["ui_font"] = ", ".join(ui_font.families())
    step.detail += [
        f"window.png: {image.width()}x{image.height()}, {out.stat().st_size} bytes",
        f"UI font: {', '.join(ui_font.families())} {ui_font.pointSizeF():g}pt",
    ]
    step_px = 7
    colours = {image.pixel(x, y) for x in range(0, image.width(), step_px) for y in range(0, image.height(), step_px)}
    if len(colours) < 3:
        raise SelftestError("窗口截图是空白的")
    window.hide()  # not close(): closing may ask about unsaved changes


def step_window_import(ctx: Context, step: Step) -> None:
    """An import through the window's worker thread (the frozen build must run threads), and a read-only window."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    application = need_module("ui.application")
    main_window = need_module("ui.main_window")
    settings = need_module("ui.settings")
    application.create_application([sys.argv[0] if sys.argv else "nianbao"])
    source = ctx.outdir / "report.xlsx"
    if not source.is_file():
        raise SelftestError("缺少 report.xlsx（导出 Excel 未成功）")

    viewer = main_window.MainWindow(
        ctx.project, resource_path(SAMPLE), settings=settings.Settings(ctx.outdir / "settings.ini"), read_only=True
    )
    viewer.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    viewer.show()
    if "只读" not in viewer.windowTitle() or viewer.controller.set_cells({"t3.new.natural": None}, "selftest"):
        raise SelftestError("只读窗口可以修改报告")
    viewer.hide()

    window = main_window.MainWindow(settings=settings.Settings(ctx.outdir / "settings.ini"))
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    outcomes: list[str] = []
    window.importing.finished.connect(outcomes.append)
    if not window.importing.import_path(source):
        raise SelftestError("窗口未能开始导入")
    wait = QEventLoop()
    window.importing.finished.connect(wait.quit)
    QTimer.singleShot(30_000, wait.quit)
    wait.exec()
    doc = window.controller.doc
    step.detail.append(f"imported {source.name} in the background: {outcomes or ['（超时）']}, {doc.title}")
    if outcomes != ["imported"] or ctx.project is None or doc.cells != ctx.project.cells:
        raise SelftestError(f"窗口后台导入 {source.name} 未成功：{outcomes or '超过 30 秒'}")
    window.controller.undo_stack.setClean()
    window.hide()


def step_collect(ctx: Context, step: Step) -> None:
    """汇总: a folder of two units (one a sealed 报送文件) in OUTDIR, read into the board and summed cell by cell."""
    from decimal import Decimal

    collect = need_module("app.collect")
    persistence = need_module("app.persistence")
    if ctx.project is None:
        raise SelftestError("缺少示例项目")
    folder = ctx.outdir / "collect"
    folder.mkdir(exist_ok=True)
    ref = "t2_1.regulation.issued"
    units = {"甲局": Decimal(3), "乙局": Decimal(4)}
    for name, value in units.items():
        doc = persistence.load(resource_path(SAMPLE))
        doc.meta.update(agency=name, scope="本机关", agency_type="政府部门")
        doc.apply({ref: value})
        if name == "甲局":
            collect.write_submission(doc, folder / f"{name}（报送）.json")
        else:
            persistence.save(doc, folder / f"{name}.json")
    board = collect.scan(folder)
    rows = {r.agency: (r.status.value, r.seal.value) for r in board.rows}
    step.detail.append(f"board: {rows}")
    if rows != {"甲局": ("通过", "完好"), "乙局": ("通过", "无")}:
        raise SelftestError(f"汇总看板不符：{rows}")
    summary = collect.summarise(board)
    total = summary.document.cells.get(ref)
    step.detail.append(f"sum of {ref}: {total}")
    if total != sum(units.values()) or summary.document.meta.get("scope") != "本级政府汇总":
        raise SelftestError(f"汇总结果不符：{ref} = {total}")


SELFTEST_PACK = """extends = "2021"
[pack]
edition = "2021"
version = 1
name = "自检调整"
issuer = "年报助手自检"
[[rules]]
id = "TXT-02"
severity = "error"
"""


def step_format_packs(ctx: Context, step: Step) -> None:
    """格式包: the shipped declarations pass the pack check; an adjustment installs into a folder in OUTDIR."""
    import os
    from importlib import resources

    packs = need_module("app.spec.packs")
    for edition, name in need_module("app.spec.builtin").BUILTIN_FILES.items():
        with resources.as_file(resources.files("app.spec") / "data" / name) as path:
            spec = packs.validate(path).spec
        step.detail.append(f"{name}: valid, edition {spec.edition}, {len(spec.rules)} rules")
        if spec.edition != edition:
            raise SelftestError(f"{name} 的格式版本为 {spec.edition}，应为 {edition}")
    source = ctx.outdir / "selftest-pack.toml"
    source.write_text(SELFTEST_PACK, encoding="utf-8")
    before = os.environ.get(packs.FORMATS_DIR_ENV)
    os.environ[packs.FORMATS_DIR_ENV] = str(ctx.outdir / "formats")
    try:
        packs.reset()
        for old in (ctx.outdir / "formats" / "2021").glob("*.toml"):  # left by an earlier run into this OUTDIR
            old.unlink()
        packs.reset()
        info, target = packs.install(source)
        active = packs.resolve("2021")
        severity = next((r.severity for r in active.rules if r.id == "TXT-02"), None) if active else None
        step.detail.append(f"installed {info.edition} v{info.version_text} → {target}; TXT-02: {severity}")
        if severity != "error" or packs.list_warnings():
            raise SelftestError(f"安装的格式包未生效：TXT-02 为 {severity}")
    finally:
        if before is None:
            os.environ.pop(packs.FORMATS_DIR_ENV, None)
        else:
            os.environ[packs.FORMATS_DIR_ENV] = before
        packs.reset()


STEPS: list[tuple[str, Callable[[Context, Step], None]]] = [
    ("环境", step_environment),
    ("资源文件", step_resources),
    ("读取示例项目", step_load),
    ("校验", step_validate),
    ("导出 PDF", step_pdf),
    ("导入 PDF", step_pdf_import),
    ("导出 Excel", step_xlsx),
    ("导出并导入 Word", step_docx),
    ("导出网页", step_html),
    ("导出审核报告", step_audit),
    ("主窗口截图", step_window),
    ("窗口后台导入与只读窗口", step_window_import),
    ("汇总各单位报告", step_collect),
    ("格式包", step_format_packs),
]
# Steps that make no sense once an earlier one failed.
NEEDS_PROJECT = {
    step_collect,
    step_validate,
    step_pdf,
    step_pdf_import,
    step_xlsx,
    step_docx,
    step_html,
    step_audit,
    step_window_import,
}


def run(outdir: Path) -> Context:
    ctx = Context(outdir=outdir)
    for name, fn in STEPS:
        step = Step(name)
        ctx.steps.append(step)
        if fn in NEEDS_PROJECT and ctx.project is None:
            step.detail.append("跳过：示例项目未能读取")
            continue
        t0 = time.perf_counter()
        try:
            fn(ctx, step)
            step.ok = True
        except SelftestError as exc:
            step.detail.append(f"错误：{exc}")
        except Exception as exc:
            step.detail.append(f"异常：{type(exc).__name__}: {exc}")
            step.detail += traceback.format_exc().rstrip().splitlines()
        step.seconds = time.perf_counter() - t0
    return ctx


def report(ctx: Context, total: float) -> str:
    ok = all(s.ok for s in ctx.steps)
    lines = [f"年报助手自检 selftest: {'通过 PASS' if ok else '失败 FAIL'}", ""]
    for s in ctx.steps:
        lines.append(f"[{'OK' if s.ok else 'FAIL'}] {s.name} ({s.seconds * 1000:.0f} ms)")
        lines += [f"    {d}" for d in s.detail]
    lines += [
        "",
        f"fonts: PDF: {ctx.facts.get('pdf_fonts', '-')}; UI: {ctx.facts.get('ui_font', '-')}",
    ]
    lines.append(f"total: {total:.2f} s")
    failed = [s.name for s in ctx.steps if not s.ok]
    lines.append(f"steps: {len(ctx.steps) - len(failed)} ok, {len(failed)} failed")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        _say("用法：nianbao selftest 输出目录")
        return 2
    outdir = Path(argv[0]).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    ctx = run(outdir)
    text = report(ctx, time.perf_counter() - t0)
    (outdir / "selftest.txt").write_text(text, encoding="utf-8")
    _say(text)
    return 0 if all(s.ok for s in ctx.steps) else 1


def _say(text: str) -> None:
    # A windowed exe has no stdout (None) on Windows.
    stream = sys.stdout
    if stream is not None:
        try:
            stream.write(text + "\n")
            stream.flush()
        except (OSError, UnicodeError):
            pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
