"""Format packs: declarations installed into the user's data folder, versioned, validated, with fallback (Qt-free).

A pack is a TOML file with a ``[pack]`` table (edition, version, name, issuer) and a format declaration.
Installed packs live in ``<formats>/<edition>/<version>.toml``. This module reads a pack's metadata and
its file, bounded in size and in the shape of its keys (every start of the program reads them).
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.fileio import FileTooLargeError, NotRegularFileError, describe_read_error, read_regular
from app.spec.loader import SpecError

__all__ = ["FORMATS_DIR_ENV", "MAX_PACK_BYTES", "PackInfo", "formats_dir", "read_info"]

FORMATS_DIR_ENV = "NIANBAO_FORMATS_DIR"  # tests and portable installs point this at a folder
# The shipped declarations are about 20 KB. tomllib reads about 0.6 MB a second, and an installed pack is read
# at every start: the cap keeps the check of any file well under a second (bench/format_packs.py).
MAX_PACK_BYTES = 256 * 1024
# An edition names a folder, so it is kept to characters every file system accepts.
_EDITION = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,39}")
_VERSION = re.compile(r"\d{1,9}(\.\d{1,9}){0,5}")
_PACK_KEYS = ("edition", "version", "name", "issuer")
MAX_KEY_PARTS = 6  # the declarations use at most three (sections.blocks.rows)


@dataclass(frozen=True, slots=True)
class PackInfo:
    """What a pack's ``[pack]`` table says about it."""

    edition: str
    version: tuple[int, ...]  # trailing zeros dropped: 1, 1.0 and 1.0.0 are the same version
    name: str
    issuer: str

    @property
    def version_text(self) -> str:
        return ".".join(str(n) for n in self.version)


def formats_dir() -> Path:
    """The folder of installed packs (not created): %APPDATA%\\nianbao\\formats on Windows."""
    override = os.environ.get(FORMATS_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "nianbao" / "formats"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nianbao" / "formats"


def _quote(value: object) -> str:
    text = f"“{value}”" if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _version(source: str, value: object) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        parts = [value]
    elif isinstance(value, str) and _VERSION.fullmatch(value):
        parts = [int(p) for p in value.split(".")]
    else:
        raise SpecError(source, "[pack]", f"“version”应为整数或形如 “1.2” 的版本号，现为 {_quote(value)}")
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _info(source: str, table: object) -> PackInfo:
    if not isinstance(table, dict):
        raise SpecError(source, "", f"“pack”应为表（[pack]），现为 {_quote(table)}")
    if "extends" in table:  # TOML puts every key after [pack] into that table
        raise SpecError(source, "[pack]", "“extends”应写在文件开头、[pack] 表之前（写在其后即属于 [pack] 表）")
    for key in table:
        if key not in _PACK_KEYS:
            raise SpecError(source, "[pack]", f"未知键 “{key}”，应为 {'、'.join(_PACK_KEYS)} 之一")
    for key in _PACK_KEYS:
        if key not in table:
            raise SpecError(source, "[pack]", f"缺少 “{key}”")
    edition = table["edition"]
    if not isinstance(edition, str) or not _EDITION.fullmatch(edition):
        raise SpecError(
            source, "[pack]", f"“edition”应为由字母、数字、-、_ 组成的格式版本名（如 “2021”），现为 {_quote(edition)}"
        )
    texts = {}
    for key in ("name", "issuer"):
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise SpecError(source, "[pack]", f"“{key}”应为不空的文字，现为 {_quote(value)}")
        texts[key] = value.strip()
    return PackInfo(edition, _version(source, table["version"]), texts["name"], texts["issuer"])


def _check_keys(source: str, text: str) -> None:
    """Refuse keys of more than MAX_KEY_PARTS dotted parts before parsing: tomllib takes quadratic time on them
    (a 40 KB line of ``x.x.x…`` takes 15 s), and a pack is read at every start of the program."""
    for number, line in enumerate(text.splitlines(), 1):
        line = line.lstrip()
        if line.startswith("["):
            key = line.split("]", 1)[0]
        elif "=" in line:
            key = line.split("=", 1)[0]
        else:
            continue
        if key.count(".") >= MAX_KEY_PARTS and _dots_outside_quotes(key) >= MAX_KEY_PARTS:
            raise SpecError(source, "", f"第{number}行的键层次过多（超过 {MAX_KEY_PARTS} 层），不是格式声明")


def _dots_outside_quotes(key: str) -> int:
    dots, quote = 0, ""
    for char in key:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ".":
            dots += 1
    return dots


def _toml(source: str, text: str) -> dict[str, Any]:
    _check_keys(source, text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"第{at.group(1)}行第{at.group(2)}列" if at else "某处"
        raise SpecError(source, "", f"不是有效的 TOML 文件，{where}有语法错误") from None


def _read_text(path: Path, source: str) -> str:
    try:
        data = read_regular(path, MAX_PACK_BYTES)
    except FileTooLargeError as exc:
        raise SpecError(
            source, "", f"文件过大（{exc.size // 1024} KB），格式包不超过 {MAX_PACK_BYTES // 1024} KB"
        ) from None
    except NotRegularFileError:
        raise SpecError(source, "", "不是普通文件") from None
    except OSError as exc:
        raise SpecError(source, "", describe_read_error(exc, path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(source, "", "不是 UTF-8 编码的文本文件") from None


def read_info(path: str | os.PathLike[str]) -> PackInfo | None:
    """The ``[pack]`` table of the file ``path`` (None when it has none), read bounded, or SpecError."""
    file = Path(path)
    try:
        data = _toml(str(file), _read_text(file, str(file)))
    except RecursionError:  # tables or lists nested thousands deep: no declaration is written so
        raise SpecError(str(file), "", "嵌套层次过深，不是格式声明") from None
    return _info(str(file), data["pack"]) if "pack" in data else None
