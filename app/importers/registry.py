"""The one registry of importers (file kind → importer): used by the command line, the window and the collector."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.importers.common import ImportResult, Problem, ProblemKind, SourceError, bound_numbers
from app.textclean import clean_text, describe_chars, unwritable_chars

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Importer:
    """One kind of published report that can be imported, and how."""

    kind: str  # stable id: "xlsx", "text", "html", "pdf"
    title: str  # what the clerk calls it: "Excel 工作簿"
    suffixes: tuple[str, ...]  # lower case, with the dot
    command: str  # the command-line subcommand
    help: str  # its help line
    load: Callable[[str], ImportResult]  # path → result; raises SourceError

    @property
    def patterns(self) -> str:
        return " ".join(f"*{s}" for s in self.suffixes)


def clean_result(result: ImportResult) -> ImportResult:
    """The final step of every import: numbers beyond the bounds left blank (bound_numbers), and the control
    characters (NUL, BEL, ESC, VT, FF …) a source brought into a text or the metadata removed, with one problem
    per field naming it: no file the project is exported to can carry them."""
    bound_numbers(result)
    doc = result.document
    places: list[tuple[str, str, tuple[str, ...], dict[str, str]]]
    places = [(m.id, f"基本信息“{m.label}”", (m.ref,), doc.meta) for m in doc.spec.metadata]
    places += [(key, f"正文“{f.title}”", (f.ref,), doc.texts) for key, f in doc.spec.text_fields.items()]
    for key, where, refs, store in places:
        chars = unwritable_chars(store.get(key, ""))
        if chars:
            store[key] = clean_text(store[key])
            message = f"含有控制字符或无法保存的字符（{describe_chars(chars)}），导入时已删除，请对照原文核对"
            result.problems.append(Problem(ProblemKind.CHECK, where, message, refs))
    return result


def _cleaning(load: Callable[[str], ImportResult]) -> Callable[[str], ImportResult]:
    def cleaned(path: str) -> ImportResult:
        return clean_result(load(path))

    return cleaned


# The loaders import their module on first use: the command line and the window start without openpyxl.
@_cleaning
def _load_xlsx(path: str) -> ImportResult:
    from app.importers.xlsx import import_xlsx_file

    return import_xlsx_file(path)


@_cleaning
def _load_text(path: str) -> ImportResult:
    from app.importers.text import import_text, read_text_file

    return import_text(read_text_file(path))


@_cleaning
def _load_html(path: str) -> ImportResult:
    from app.importers.html import import_html_file

    return import_html_file(path)


@_cleaning
def _load_pdf(path: str) -> ImportResult:
    from app.importers.pdf import import_pdf

    return import_pdf(path)


@_cleaning
def _load_docx(path: str) -> ImportResult:
    from app.importers.docx import import_docx_file

    return import_docx_file(path)


_IMPORTERS: list[Importer] = [
    Importer("xlsx", "Excel 工作簿", (".xlsx",), "import-xlsx", "从 Excel 工作簿导入年度报告表格", _load_xlsx),
    Importer("text", "文本文件", (".txt",), "import-text", "从文本导入已发布的年度报告", _load_text),
    Importer("html", "网页", (".html", ".htm"), "import-html", "从保存的网页导入已发布的年度报告", _load_html),
    Importer("pdf", "PDF 文件", (".pdf",), "import-pdf", "从 PDF 导入已发布的年度报告", _load_pdf),
    # .doc and .wps are listed so that choosing or dropping one says to save it as .docx first
    Importer(
        "docx", "Word 文档", (".docx", ".doc", ".wps"), "import-docx", "从 Word 文档（.docx）导入年度报告", _load_docx
    ),
]


def register(importer: Importer) -> None:
    """Add (or replace, by kind) an importer."""
    _IMPORTERS[:] = [i for i in _IMPORTERS if i.kind != importer.kind] + [importer]


def importers() -> tuple[Importer, ...]:
    return tuple(_IMPORTERS)


def importer_for(path: str | Path) -> Importer | None:
    """The importer for a file, chosen by its extension (None: not importable)."""
    suffix = Path(path).suffix.lower()
    return next((i for i in _IMPORTERS if suffix in i.suffixes), None)


def supported_suffixes() -> str:
    """ "xlsx、txt、html、htm、pdf" for messages."""
    return "、".join(s.lstrip(".") for i in _IMPORTERS for s in i.suffixes)


def import_file(path: str | Path) -> ImportResult:
    """Import any supported file; SourceError (a UserError) says in Chinese why it cannot be."""
    importer = importer_for(path)
    if importer is None:
        log.warning("import of %s refused: not an importable file type", path)
        raise SourceError(f"“{Path(path).name}”不是可导入的文件类型（{supported_suffixes()}）")
    try:
        result = importer.load(str(path))
    except UserError as exc:
        log.warning("import of %s (%s) failed: %s", path, importer.title, exc)
        raise
    log.info("imported %s (%s): %d problems listed", path, importer.title, len(result.problems))
    return result


def dialog_filter() -> str:
    """The file-dialog filter: every importable kind first, then each kind."""
    every = " ".join(i.patterns for i in _IMPORTERS)
    return ";;".join([f"可导入的报告 ({every})", *(f"{i.title} ({i.patterns})" for i in _IMPORTERS)])
