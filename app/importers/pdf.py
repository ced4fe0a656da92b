"""Import a published PDF through the text `pdftotext -layout` gives for it (poppler-utils; Qt-free)."""

from __future__ import annotations

import os
import shutil
import subprocess

from app.importers.common import ImportResult, SourceError
from app.importers.source import check_source
from app.importers.text import import_text


def pdftotext_available() -> bool:
    return shutil.which("pdftotext") is not None


def pdf_text(path: str) -> str:
    """`pdftotext -layout PATH -` as str; SourceError when the tool is missing or fails."""
    if not pdftotext_available():
        raise SourceError("未找到 pdftotext（poppler-utils），无法读取 PDF；可先将 PDF 中的文字另存为文本文件再导入")
    check_source(path, "pdf")
    # absolute, so a name such as "-q" or "-layout" is never read as an option (by poppler's or xpdf's tool)
    source = os.path.abspath(path)
    try:
        proc = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", source, "-"], capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SourceError(f"pdftotext 运行失败：{exc}") from exc
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceError(
            "无法读取该 PDF：文件可能已损坏、已加密或不是 PDF 文件" + (f"（pdftotext：{detail[-1]}）" if detail else "")
        )
    text = proc.stdout.decode("utf-8", "replace")
    if not text.strip():
        raise SourceError("该 PDF 中没有可提取的文字（可能是扫描图片），无法导入")
    return text


def import_pdf(path: str) -> ImportResult:
    """Import a report from a PDF whose text can be extracted (not a scanned image)."""
    return import_text(pdf_text(path), layout=True)
