"""Subcommand `formats`: check, install and list format packs (Qt-free)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import EXIT_OK, EXIT_UNREADABLE, error, say
from app.errors import UserError


def _describe(edition: str, version: str, name: str, source: str) -> str:
    of = f"第 {version} 版，" if version else ""
    return f"{name}（{edition} 版，{of}{source}）"


def cmd_check(args: argparse.Namespace) -> int:
    from app.spec.packs import validate

    try:
        pack = validate(args.pack)
    except UserError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    spec, info = pack.spec, pack.info
    based = f"，在内置 {pack.extends} 版基础上调整" if pack.extends else ""
    if info is None:
        say(f"格式声明有效：{spec.name}（{spec.edition} 版{based}）；没有 [pack] 表，不能作为格式包安装")
    else:
        source = f"{info.issuer}“{info.name}”"
        say(f"格式包有效：{_describe(info.edition, info.version_text, spec.name, source)}{based}")
    say(f"共 {len(spec.sections)} 个部分、{len(spec.cells)} 个单元格、{len(spec.rules)} 条规则")
    return EXIT_OK


def cmd_install(args: argparse.Namespace) -> int:
    from app.spec.packs import install

    try:
        info, target = install(args.pack)
    except UserError as exc:
        error(str(exc))
        return EXIT_UNREADABLE
    say(f"已安装格式包 {info.name}（{info.edition} 版，第 {info.version_text} 版，{info.issuer}）：{target}")
    say("此后打开或新建的报告使用该格式；已打开的年报助手窗口重新启动后生效。")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from app.spec.packs import formats_dir, list_editions

    for entry in list_editions():
        mark = "* " if entry.active else "  "
        if entry.problem:
            say(f"{mark}{entry.edition} 版 第 {entry.version} 版（无法使用）：{entry.problem}")
            continue
        source = f"{entry.source}“{entry.pack_name}”" if entry.pack_name else entry.source
        line = _describe(entry.edition, entry.version, entry.name, source)
        say(f"{mark}{line}" + (f"：{entry.path}" if entry.path else ""))
    say(f"* 为正在使用的格式。格式包安装在：{formats_dir()}")
    return EXIT_OK


def register(sub: Any) -> None:
    formats = sub.add_parser("formats", help="检查、安装和列出格式包（报告格式声明文件）")
    inner = formats.add_subparsers(dest="formats_command", required=True, metavar="操作", title="操作")
    check = inner.add_parser("check", help="检查格式包或格式声明是否有效（有效返回 0，否则返回 2）")
    check.add_argument("pack", metavar="PACK.toml", help="格式包文件（.toml）")
    check.set_defaults(func=cmd_check)
    install = inner.add_parser("install", help="检查后安装格式包（同一格式版本的新版本替换旧版本，旧版本保留）")
    install.add_argument("pack", metavar="PACK.toml", help="格式包文件（.toml）")
    install.set_defaults(func=cmd_install)
    listing = inner.add_parser("list", help="列出全部可用的格式（内置和已安装的），注明来源和版本")
    listing.set_defaults(func=cmd_list)
