"""Reading a source file for any importer: regular files only, a size cap per kind, its encoding detected (Qt-free).

Every importer reads its file through ``read_bytes`` or ``read_text``, so that a FIFO or a device never
blocks, an oversized file is refused before it is read, and an undecodable text says which encodings
were tried. Every failure is a SourceError whose Chinese message names the file.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.fileio import FileTooLargeError, NotRegularFileError, describe_read_error, read_regular
from app.importers.common import SourceError

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SourceKind:
    """What the clerk calls one kind of source, and the largest such file that is read at all."""

    title: str
    max_bytes: int


# Published reports are a few hundred kilobytes; 20 MB leaves room for embedded images and fonts.
KINDS: dict[str, SourceKind] = {
    "text": SourceKind("文本文件", 20 * _MB),
    "html": SourceKind("网页", 20 * _MB),
    "pdf": SourceKind("PDF 文件", 20 * _MB),
    "xlsx": SourceKind("Excel 工作簿", 20 * _MB),
    "docx": SourceKind("Word 文档", 20 * _MB),
}

# Encodings in the order they are tried after a byte-order mark; the names are the clerk's.
_TRIED = "UTF-8、UTF-8（带 BOM）、GB18030（含 GBK、GB2312）、UTF-16（Unicode，带或不带 BOM）"
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CLERK_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16（Unicode）",
    "utf-16-be": "UTF-16 Big Endian（Unicode big endian）",
    "gb18030": "GB18030",
}
# Words every report contains; text decoded in the wrong encoding has none of them.
_REPORT_WORDS = ("政府", "信息", "公开", "年度", "报告")
_BIG5_WORDS = ("政府", "資訊", "公開", "年度", "報告")
_SAMPLE = 64 * 1024


def _size_text(size: int) -> str:
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{max(1, size // 1024)} KB"


def read_bytes(path: str | os.PathLike[str], kind: str) -> bytes:
    """The whole file, if it is a regular file not larger than the cap of its kind; else SourceError."""
    source = KINDS[kind]
    name = str(path)
    try:
        return read_regular(path, source.max_bytes)
    except IsADirectoryError as exc:
        raise SourceError(f"“{name}”是文件夹，不是文件") from exc
    except NotRegularFileError as exc:
        raise SourceError(f"“{name}”不是普通文件（可能是设备或管道），无法导入") from exc
    except FileTooLargeError as exc:
        raise SourceError(_too_large(name, exc.size, source)) from exc
    except OSError as exc:
        raise SourceError(describe_read_error(exc, path)) from exc


def _too_large(name: str, size: int, source: SourceKind) -> str:
    return (
        f"“{name}”有 {_size_text(size)}，超过{source.title}导入的上限 {_size_text(source.max_bytes)}；"
        "年度报告通常不超过 1 MB，请确认选择的文件是否正确"
    )


def read_text(path: str | os.PathLike[str], kind: str = "text") -> str:
    """A text source as str: read_bytes, then decode_text."""
    return decode_text(read_bytes(path, kind), Path(path).name)


def decode_text(data: bytes, name: str, declared: str | None = None) -> str:
    """Bytes of a text or a web page as str.

    A byte-order mark decides. Otherwise UTF-16 recognised by its zero bytes, then UTF-8 (Chinese text in
    GB18030 is practically never valid UTF-8, so a page that declares GB2312 but was saved as UTF-8 is read
    right), then GB18030 (which contains GBK and GB2312). Big5 (declared, or recognised by its words) is
    refused; anything else says which encodings were tried.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"“{name}”以 {_CLERK_NAMES[encoding]} 的标记开头，但第 {exc.start + len(bom) + 1} 个字节处"
                    f"不是有效的 {_CLERK_NAMES[encoding]} 文字，文件可能已损坏"
                ) from exc
    big5 = declared is not None and _codec_name(declared) in ("big5", "big5hkscs", "cp950")
    for encoding in (*_utf16_guess(data), "utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and (big5 or not _looks_like_a_report(text, _REPORT_WORDS)) and _is_big5(data):
            break
        return text
    if _is_big5(data):
        raise SourceError(
            f"“{name}”似乎是繁体中文 Big5 编码，无法导入（已尝试 {_TRIED}）；"
            "请用记事本打开后“另存为”，编码选择 UTF-8，再导入"
        )
    raise SourceError(
        f"无法识别“{name}”的文字编码（已尝试 {_TRIED}）；请用记事本打开后“另存为”，编码选择 UTF-8，再导入"
    )


def _codec_name(declared: str) -> str:
    try:
        return codecs.lookup(declared).name
    except LookupError:
        return ""


def _utf16_guess(data: bytes) -> list[str]:
    """UTF-16 without a byte-order mark: digits, spaces and line ends put a zero byte in every other place."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or b"\x00" not in sample:
        return []
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = len(sample) // 2
    # the other side has zeros too, but fewer: characters such as 一 (U+4E00) have a zero low byte
    if odd >= pairs // 20 and even * 3 <= odd:
        return ["utf-16-le"]
    if even >= pairs // 20 and odd * 3 <= even:
        return ["utf-16-be"]
    return []


def _looks_like_a_report(text: str, words: tuple[str, ...]) -> bool:
    return sum(1 for w in words if w in text) >= 2


def _is_big5(data: bytes) -> bool:
    try:
        text = data.decode("big5")
    except UnicodeDecodeError:
        return False
    return _looks_like_a_report(text, _BIG5_WORDS)


_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a web page declares in its first 4 KB (meta charset or http-equiv), if any."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None
