"""Format packs: declarations installed into the user's data folder, versioned, validated, with fallback (Qt-free).

A pack is a TOML file with a ``[pack]`` table (edition, version, name, issuer) and either a whole
declaration or, with ``extends = "EDITION"``, only what differs from a shipped edition (the override
form of app.spec.loader.merge: raised severities, added label variants …). Installed packs live in
``<formats>/<edition>/<version>.toml``; the newest valid version of an edition is the active one and
older ones are kept. A broken installed pack never stops the app: it is skipped with a Chinese warning
(``list_warnings``) and the next older valid version, or the shipped declaration, is used.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.fileio import (
    FileTooLargeError,
    NotRegularFileError,
    SaveError,
    describe_os_error,
    describe_read_error,
    read_regular,
    write_atomic,
)
from app.spec.builtin import BUILTIN_FILES, builtin_declaration, shipped_editions
from app.spec.loader import SpecError, merge, parse_toml, read_declaration, spec_from_table
from app.spec.model import ReportSpec, Severity

__all__ = [
    "FORMATS_DIR_ENV",
    "MAX_PACK_BYTES",
    "EditionEntry",
    "InstallError",
    "Pack",
    "PackInfo",
    "formats_dir",
    "install",
    "installed_editions",
    "list_editions",
    "list_warnings",
    "parse_pack",
    "reset",
    "resolve",
    "rule_table",
    "validate",
]

FORMATS_DIR_ENV = "NIANBAO_FORMATS_DIR"  # tests and portable installs point this at a folder
# The shipped declarations are about 20 KB. tomllib reads about 0.6 MB a second, and an installed pack is read
# at every start: the cap keeps the check of any file well under a second (bench/format_packs.py).
MAX_PACK_BYTES = 256 * 1024
# An edition names a folder, so it is kept to characters every file system accepts.
_EDITION = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,39}")
_VERSION = re.compile(r"\d{1,9}(\.\d{1,9}){0,5}")
_PACK_KEYS = ("edition", "version", "name", "issuer")
MAX_KEY_PARTS = 6  # the declarations use at most three (sections.blocks.rows)


class InstallError(UserError):
    """A valid pack that cannot be installed (not newer than the active one, or the folder is not writable)."""


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


@dataclass(frozen=True, slots=True)
class Pack:
    """A validated pack: its metadata and the declaration it yields (with its base edition applied)."""

    info: PackInfo | None  # None for a bare declaration (a shipped file): it can be checked, not installed
    spec: ReportSpec
    extends: str  # the shipped edition it adjusts; "" for a whole declaration


@dataclass(frozen=True, slots=True)
class EditionEntry:
    """One line of the list of formats: a shipped declaration or one installed version of a pack."""

    edition: str
    name: str  # the format's name; "" when the pack cannot be read
    source: str  # "内置" or who issued the pack
    pack_name: str  # the pack's own name; "" for a shipped declaration or an unreadable pack
    version: str  # "" for a shipped declaration
    path: Path | None  # the installed file; None for a shipped declaration
    active: bool  # the declaration the app uses for this edition
    problem: str = ""  # why an installed pack is not used (Chinese); "" when it is valid
    spec: ReportSpec | None = field(default=None, compare=False, repr=False)  # None when it cannot be read

    @property
    def builtin(self) -> bool:
        return self.path is None


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
    _check_keys(source, text)  # before tomllib: long dotted keys make it slow
    return parse_toml(source, text)


def parse_pack(text: str, source: str = "") -> Pack:
    """The pack in ``text``, loaded as strictly as a shipped declaration, or SpecError naming what is wrong.

    A text without ``[pack]`` is checked as a bare declaration (``info`` None), so that the shipped
    files pass the same check; only a pack with ``[pack]`` can be installed.
    """
    try:
        return _parse_pack(text, source)
    except RecursionError:  # tables or lists nested thousands deep: no declaration is written so
        raise SpecError(source, "", "嵌套层次过深，不是格式声明") from None


def _parse_pack(text: str, source: str) -> Pack:
    data = _toml(source, text)
    info = _info(source, data.pop("pack")) if "pack" in data else None
    extends = data.pop("extends", "")
    if extends:
        if not isinstance(extends, str) or extends not in BUILTIN_FILES:
            shipped = "、".join(shipped_editions())
            raise SpecError(source, "顶层", f"“extends”：未知的内置格式版本 {_quote(extends)}，应为 {shipped} 之一")
        base_text, base_source = builtin_declaration(extends)
        data = merge(read_declaration(base_text, base_source), data, source)
    spec = spec_from_table(data, source)
    if info is not None and spec.edition != info.edition:
        raise SpecError(
            source, "[pack]", f"“edition”为 “{info.edition}”，而声明的 [report] edition 为 “{spec.edition}”，两者应一致"
        )
    return Pack(info, spec, str(extends))


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


def validate(path: str | os.PathLike[str]) -> Pack:
    """The pack in the file ``path`` (read bounded: regular files of at most MAX_PACK_BYTES), or SpecError."""
    file = Path(path)
    return parse_pack(_read_text(file, str(file)), str(file))


# ---------------------------------------------------------------- installed packs


@dataclass(frozen=True, slots=True)
class _Installed:
    path: Path
    version: tuple[int, ...]
    pack: Pack | None
    problem: str


def _stem_version(name: str) -> tuple[int, ...] | None:
    if not name.endswith(".toml") or not _VERSION.fullmatch(name[: -len(".toml")]):
        return None
    return _version("", name[: -len(".toml")])


def _check_installed(edition: str, path: Path, version: tuple[int, ...]) -> _Installed:
    try:
        pack = validate(path)
    except SpecError as exc:
        return _Installed(path, version, None, str(exc))
    if pack.info is None:
        return _Installed(path, version, None, f"格式包 {path}：缺少 [pack] 表")
    if pack.info.edition != edition or pack.info.version != version:
        problem = (
            f"格式包 {path}：文件中写明的是 {pack.info.edition} 版第 {pack.info.version_text} 版，"
            f"与所在位置（{edition} 版第 {'.'.join(map(str, version))} 版）不符"
        )
        return _Installed(path, version, None, problem)
    return _Installed(path, version, pack, "")


@cache
def _versions(edition: str) -> tuple[_Installed, ...]:
    """Every installed version of ``edition``, newest first, each validated (once per run)."""
    folder = formats_dir() / edition
    try:
        names = [e.name for e in os.scandir(folder) if e.is_file() and not e.name.startswith(".")]
    except OSError:  # no folder (nothing installed), or unreadable: the shipped declaration serves
        return ()
    found = [(v, folder / n) for n in names if (v := _stem_version(n)) is not None]
    return tuple(_check_installed(edition, p, v) for v, p in sorted(found, reverse=True))


@cache
def installed_editions() -> tuple[str, ...]:
    """Editions with at least one installed file (valid or not), in folder-name order."""
    try:
        entries = list(os.scandir(formats_dir()))
    except OSError:
        return ()
    return tuple(sorted(e.name for e in entries if e.is_dir() and _EDITION.fullmatch(e.name)))


def _active(edition: str) -> _Installed | None:
    return next((v for v in _versions(edition) if v.pack is not None), None)


def resolve(edition: str) -> ReportSpec | None:
    """The declaration of the active installed pack of ``edition``; None when none is installed and valid."""
    active = _active(edition)
    return active.pack.spec if active is not None and active.pack is not None else None


def available_installed() -> list[str]:
    """Installed editions that have a valid pack."""
    return [e for e in installed_editions() if _active(e) is not None]


def list_warnings() -> list[str]:
    """A Chinese message for each installed pack that is skipped although it is newer than what is used."""
    warnings = []
    for edition in installed_editions():
        fallback = "改用内置格式" if edition in BUILTIN_FILES else "该格式不可用"
        active = _active(edition)
        if active is not None:
            fallback = f"改用已安装的第 {'.'.join(map(str, active.version))} 版"
        for item in _versions(edition):
            if item is active:
                break
            warnings.append(f"已安装的格式包无法使用，{fallback}。{item.problem}")
    return warnings


def list_editions() -> list[EditionEntry]:
    """Every edition available, shipped or installed, with each installed version; newest edition first."""
    from app.spec import load_spec  # the package imports this module

    editions = sorted(set(shipped_editions()) | set(installed_editions()), reverse=True)
    entries = []
    for edition in editions:
        active = _active(edition)
        for item in _versions(edition):
            pack = item.pack
            entries.append(
                EditionEntry(
                    edition=edition,
                    name=pack.spec.name if pack else "",
                    source=pack.info.issuer if pack and pack.info else "",
                    pack_name=pack.info.name if pack and pack.info else "",
                    version=".".join(map(str, item.version)),
                    path=item.path,
                    active=item is active,
                    problem=item.problem,
                    spec=pack.spec if pack else None,
                )
            )
        if edition in shipped_editions():
            builtin = load_spec(edition) if active is None else _builtin_spec(edition)
            entries.append(EditionEntry(edition, builtin.name, "内置", "", "", None, active is None, spec=builtin))
    return entries


def rule_table(spec: ReportSpec) -> list[tuple[str, Severity, str]]:
    """Each rule of ``spec`` with its severity and what it checks: the declared rules, then the declared totals."""
    rows = [(r.id, r.severity, r.message) for r in spec.rules]
    for block in spec.blocks:
        for total in block.computed:
            target = (
                next(c.display_name for c in block.columns if c.id == total.target_column)
                if total.target_column
                else block.row(str(total.target_row)).short or block.row(str(total.target_row)).path[-1]
            )
            severity = spec.computed_severity.get(total.rule, Severity.ERROR)
            where = block.title or spec.section(block.section_id).title
            rows.append((total.rule, severity, f"{where}：“{target}”应等于各项之和"))
    return rows


def _builtin_spec(edition: str) -> ReportSpec:
    text, source = builtin_declaration(edition)
    return spec_from_table(read_declaration(text, source), source)


def install(path: str | os.PathLike[str]) -> tuple[PackInfo, Path]:
    """Validate the pack in ``path`` and copy it atomically into the data folder; returns it and where it went.

    Refused (InstallError) when its version is not newer than the active installed version of its
    edition. What is written is the text that was checked (UTF-8, without a byte-order mark).
    """
    file = Path(path)
    text = _read_text(file, str(file))
    info = parse_pack(text, str(file)).info
    if info is None:
        raise SpecError(str(file), "", "不是格式包：缺少 [pack] 表（写明 edition、version、name、issuer），不能安装")
    active = _active(info.edition)
    if active is not None and info.version <= active.version:
        current = ".".join(map(str, active.version))
        raise InstallError(
            f"未安装“{file}”：{info.edition} 版格式包第 {info.version_text} 版不比已安装的第 {current} 版新。"
            "如需更新，请由发布单位提高 [pack] 中的 version 后再安装。"
        )
    folder = formats_dir() / info.edition
    target = folder / f"{info.version_text}.toml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(describe_os_error(exc, folder)) from None
    write_atomic(target, text.encode("utf-8"))  # SaveError (Chinese, naming the file) when it cannot
    reset()
    return info, target


def reset() -> None:
    """Forget what was read from the data folder (after an install, or when a test points it elsewhere).

    The window keeps the declarations it started with (other caches hold on to them), so an install
    applies there after a restart; the command line and tests read afresh.
    """
    from app import spec  # the package imports this module

    _versions.cache_clear()
    installed_editions.cache_clear()
    spec.reload()
