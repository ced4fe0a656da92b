"""Project files: the report as readable UTF-8 JSON, keyed by the spec's stable ids (Qt-free).

The layout is documented in docs/project-format.md. Loading never raises anything but
ProjectError, whose message says in Chinese what is wrong and where.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app import __version__
from app.document import ReportDocument
from app.errors import UserError
from app.fileio import (
    FileTooLargeError,
    NotRegularFileError,
    SaveError,
    describe_read_error,
    read_regular,
    write_atomic,
)
from app.numbers import NumberError, bounded_decimal, shown, to_json
from app.seal import Seal, SealError
from app.spec import available_editions, load_spec
from app.spec.model import ReportSpec
from app.textclean import clean_surrogates, describe_chars, surrogates
from app.values import NA, NA_TEXT, CellValue

log = logging.getLogger(__name__)

FORMAT_NAME = "nianbao-project"
FORMAT_VERSION = 1
_TOP_KEYS = frozenset(
    {
        "format",
        "format_version",
        "app_version",
        "edition",
        "saved_at",
        "meta",
        "cells",
        "stated_totals",
        "texts",
        "explanations",
        "settings",
        "previous_project",
        "collected_from",
        "foreign_cells",
        "source_labels",
        "unread_cells",
        "blank_totals",
        "inferred_cells",
        "adopted_totals",
        "seal",
    }
)
# The one size cap of a project file, for writing and for reading alike: the app never writes a file it then
# refuses to open. A source may be 20 MB (app.importers.source); its project is a little larger in JSON.
MAX_PROJECT_BYTES = 32 * 1024 * 1024

# format_version → function upgrading the raw dict to the next version (none yet).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class ProjectError(UserError):
    """A project file cannot be read; ``str()`` is the message for the clerk."""


# ----------------------------------------------------------------------------- writing
def dumps(doc: ReportDocument, seal: Seal | None = None) -> bytes:
    """The project as UTF-8 JSON bytes (indented, Chinese kept readable); with ``seal``, a 报送文件."""
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "edition": doc.spec.edition,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "meta": dict(doc.meta),
        "cells": {ref: to_json(doc.cells[ref]) for ref in doc.spec.input_cells},
        "stated_totals": {ref: to_json(v) for ref, v in doc.stated.items() if v is not None},
        "texts": dict(doc.texts),
        "explanations": dict(sorted(doc.explanations.items())),
        "settings": {"fee_decimals": doc.fee_decimals},
        "previous_project": doc.previous_project,
    }
    if doc.collected_from is not None:
        data["collected_from"] = doc.collected_from
    if doc.foreign_cells:
        data["foreign_cells"] = {key: to_json(v) for key, v in doc.foreign_cells.items()}
    if doc.source_labels:
        data["source_labels"] = dict(doc.source_labels)
    if doc.unread:
        data["unread_cells"] = [ref for ref in doc.spec.cells if ref in doc.unread]
    if doc.blank_totals:
        data["blank_totals"] = [ref for ref in doc.spec.cells if ref in doc.blank_totals]
    if doc.inferred:
        data["inferred_cells"] = {ref: doc.inferred[ref] for ref in doc.spec.cells if ref in doc.inferred}
    if doc.adopted_totals:
        data["adopted_totals"] = [ref for ref in doc.spec.cells if ref in doc.adopted_totals]
    if seal is not None:
        data["seal"] = seal.to_json()
    # a lone surrogate (a hand-edited file, a broken paste) cannot be encoded: it is removed (see unwritable_fields)
    return (json.dumps(_cleaned(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_surrogates(value)
    if isinstance(value, dict):
        return {clean_surrogates(k): _cleaned(v) for k, v in value.items()}
    return value


def unwritable_fields(doc: ReportDocument) -> list[str]:
    """One message per field whose text holds characters a project file cannot carry (removed when saved)."""
    places: list[tuple[str, str]] = [(f"基本信息“{m.label}”", doc.meta.get(m.id, "")) for m in doc.spec.metadata]
    places += [(f"正文“{f.title}”", doc.texts.get(key, "")) for key, f in doc.spec.text_fields.items()]
    places += [(f"说明“{key}”", text) for key, text in doc.explanations.items()]
    places += [(f"原表标签“{key}”", text) for key, text in doc.source_labels.items()]
    out = []
    for where, text in places:
        chars = surrogates(text)
        if chars:
            out.append(f"{where}：含有无法保存的字符（{describe_chars(chars)}），保存时已删除")
    return out


def save(doc: ReportDocument, path: str | os.PathLike[str], seal: Seal | None = None) -> list[str]:
    """Save atomically (with ``seal``, as a 报送文件), keeping the previous version as <name>.bak. Raises SaveError.

    Returns the messages of unwritable_fields: what was removed from the saved file.
    """
    data = dumps(doc, seal)
    try:
        check_size(data, path)
        write_atomic(path, data, backup=True)
    except SaveError as exc:
        log.warning("save of %s refused: %s", path, exc)
        raise
    log.info("saved %s (%d bytes%s; previous version kept as .bak)", path, len(data), ", sealed" if seal else "")
    return unwritable_fields(doc)


def check_size(data: bytes, path: str | os.PathLike[str]) -> None:
    """SaveError when ``data`` is larger than a project file may be read back (MAX_PROJECT_BYTES)."""
    if len(data) > MAX_PROJECT_BYTES:
        raise SaveError(
            f"无法保存“{path}”：项目有 {len(data) / 1024 / 1024:.1f} MB，超过项目文件的上限 "
            f"{MAX_PROJECT_BYTES // 1024 // 1024} MB（超过上限的文件无法再打开）。请删减正文中过长的内容后再保存。"
        )


# ----------------------------------------------------------------------------- reading
def _value(where: str, raw: object) -> CellValue:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ProjectError(f"{where}：应为数字、“不适用”或 null，实际为 {json.dumps(raw)}")
    if isinstance(raw, _BadNumber):
        raise ProjectError(f"{where}：{raw.message}")
    if isinstance(raw, int):
        return Decimal(raw)  # parse_int has bounded its digits
    if isinstance(raw, Decimal):
        # a JSON number written by hand: 1e3 or 1000.0 is the count 1000 (saved back as "1000");
        # a real fraction is kept exactly, for NUM-INT to report (parse_float has bounded it)
        if raw == raw.to_integral_value():
            return Decimal(int(raw))
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if text == NA_TEXT:
            return NA
        if text == "":
            return None
        if "e" in text.lower():
            raise ProjectError(f"{where}：“{shown(raw)}”不是有效的数字")
        try:
            return bounded_decimal(text)
        except NumberError as exc:
            raise ProjectError(f"{where}：{exc}") from exc
    raise ProjectError(f"{where}：应为数字、“不适用”或 null，实际为 {json.dumps(raw, default=str)}")


def _str_map(where: str, raw: object) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ProjectError(f"“{where}”应为对象（{{…}}）")
    for key, value in raw.items():
        if not isinstance(value, str):
            raise ProjectError(f"“{where}.{key}”应为文字，实际为 {json.dumps(value, default=str)}")
    return dict(raw)


def loads(data: bytes) -> ReportDocument:
    """Parse project bytes; any problem raises ProjectError naming what and where."""
    return loads_sealed(data)[0]


def loads_sealed(data: bytes) -> tuple[ReportDocument, Seal | None]:
    """Parse project bytes with the seal of a 报送文件 (None for a plain project); ProjectError as ``loads``."""
    if len(data) > MAX_PROJECT_BYTES:
        raise ProjectError(_too_large(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProjectError(f"文件不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节处），不是年报助手的项目文件") from exc
    try:
        raw = json.loads(text, parse_float=_parse_number, parse_int=_parse_number, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ProjectError(
            f"文件内容不是完整的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{_json_reason(exc.msg)}）。"
            "文件可能已损坏或被截断，可尝试打开同一文件夹中的 .bak 备份。"
        ) from exc
    except RecursionError as exc:
        raise ProjectError("文件嵌套层次过深，不是年报助手的项目文件") from exc
    if not isinstance(raw, dict):
        raise ProjectError("文件内容不是年报助手的项目（最外层应为对象）")
    doc = _from_dict(raw)
    try:
        seal = Seal.from_json(raw["seal"]) if "seal" in raw else None
    except SealError as exc:
        raise ProjectError(f"报送文件的封记无效：{exc}") from exc
    return doc, seal


class _BadNumber:
    """A JSON number beyond the bounds, kept as its message so that the error can name the cell."""

    def __init__(self, message: str) -> None:
        self.message = message


def _parse_number(text: str) -> Decimal | int | _BadNumber:
    """json.loads hook for every number: bounded before anything is built (a 5,000-digit integer, 1e999999999)."""
    try:
        value = bounded_decimal(text)
    except NumberError as exc:
        return _BadNumber(str(exc))
    if "." in text or "e" in text.lower():
        return value
    return int(value)


def _too_large(size: int) -> str:
    cap = MAX_PROJECT_BYTES // 1024 // 1024
    return f"文件有 {size / 1024 / 1024:.1f} MB，超过项目文件的上限 {cap} MB，不是年报助手的项目文件"


def _reject_constant(name: str) -> None:
    raise ProjectError(f"文件中含有无效的数值“{name}”")


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting value": "缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Unterminated string starting at": "字符串没有结束",
        "Expecting property name enclosed in double quotes": "键名应使用双引号",
        "Extra data": "结尾有多余内容",
        "Invalid control character at": "字符串中有控制字符",
        "Invalid \\escape": "字符串中有无效的反斜杠转义",
        "Invalid \\uXXXX escape": "字符串中有无效的 \\u 转义",
    }
    return reasons.get(msg, "格式错误")  # never the parser's English


def _from_dict(raw: dict[str, Any]) -> ReportDocument:
    if raw.get("format") != FORMAT_NAME:
        raise ProjectError('文件不是年报助手的项目文件（缺少 "format": "nianbao-project"）')
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectError("项目文件的 format_version 无效")
    if version > FORMAT_VERSION:
        raise ProjectError(
            f"该项目由更新版本的年报助手保存（文件格式版本 {version}，本程序支持到 {FORMAT_VERSION}），"
            "请升级年报助手后再打开。"
        )
    while version < FORMAT_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise ProjectError(f"项目文件中有无法识别的字段“{unknown[0]}”")
    edition = raw.get("edition")
    if edition not in available_editions():
        raise ProjectError(f"项目使用的报告格式版本“{edition}”不受支持")
    spec = load_spec(str(edition))

    meta = _str_map("meta", raw.get("meta", {}))
    known_meta = {m.id for m in spec.metadata}
    for key in meta:
        if key not in known_meta:
            raise ProjectError(f"“meta.{key}”不是本格式的基本信息项")

    texts = _str_map("texts", raw.get("texts", {}))
    for key in texts:
        if key not in spec.text_fields:
            raise ProjectError(f"“texts.{key}”不是本格式的正文部分")

    cells_raw = raw.get("cells", {})
    if not isinstance(cells_raw, dict):
        raise ProjectError("“cells”应为对象（{…}）")
    cells: dict[str, CellValue] = {}
    for ref, value in cells_raw.items():
        info = spec.cells.get(ref)
        if info is None:
            raise ProjectError(f"单元格编号“{ref}”不存在于本格式（{spec.name}）中")
        if info.computed:
            raise ProjectError(f"“cells.{ref}”是自动计算的合计，应放在 stated_totals 中")
        cells[ref] = _value(f"单元格 {ref}（{info.location}）", value)

    stated_raw = raw.get("stated_totals", {})
    if not isinstance(stated_raw, dict):
        raise ProjectError("“stated_totals”应为对象（{…}）")
    stated: dict[str, CellValue] = {}
    for ref, value in stated_raw.items():
        info = spec.cells.get(ref)
        if info is None or not info.computed:
            raise ProjectError(f"“stated_totals.{ref}”不是本格式中的合计单元格")
        parsed = _value(f"合计 {ref}（{info.location}）", value)
        if parsed is not None:
            stated[ref] = parsed

    explanations = _str_map("explanations", raw.get("explanations", {}))
    settings = raw.get("settings", {})
    if not isinstance(settings, dict):
        raise ProjectError("“settings”应为对象（{…}）")
    fee_decimals = settings.get("fee_decimals", spec.fee_decimals)
    if not isinstance(fee_decimals, int) or isinstance(fee_decimals, bool) or not 0 <= fee_decimals <= 6:
        raise ProjectError("“settings.fee_decimals”应为 0 到 6 之间的整数")
    unknown_settings = sorted(set(settings) - {"fee_decimals"})
    if unknown_settings:
        raise ProjectError(f"“settings.{unknown_settings[0]}”无法识别")
    previous = raw.get("previous_project")
    if previous is not None and not isinstance(previous, str):
        raise ProjectError("“previous_project”应为文件路径文字或 null")
    collected_from = raw.get("collected_from")
    if collected_from is not None and (not isinstance(collected_from, str) or len(collected_from) > 4096):
        raise ProjectError("“collected_from”应为文件夹路径文字或 null")
    foreign_cells = _foreign_cells(raw.get("foreign_cells", {}), spec.edition)
    source_labels = _source_labels(raw.get("source_labels", {}), spec)
    unread = _cell_list("unread_cells", raw.get("unread_cells", []), spec, computed=False)
    blank_totals = _cell_list("blank_totals", raw.get("blank_totals", []), spec, computed=True)
    inferred = _inferred_cells(raw.get("inferred_cells", {}), spec)
    adopted_totals = _cell_list("adopted_totals", raw.get("adopted_totals", []), spec, computed=True)
    return ReportDocument(
        spec,
        meta=meta,
        cells=cells,
        stated=stated,
        texts=texts,
        explanations=explanations,
        fee_decimals=fee_decimals,
        previous_project=previous,
        collected_from=collected_from,
        foreign_cells=foreign_cells,
        source_labels=source_labels,
        unread=unread,
        blank_totals=blank_totals,
        inferred=inferred,
        adopted_totals=adopted_totals,
    )


def _cell_list(key: str, raw: object, spec: ReportSpec, *, computed: bool) -> set[str]:
    """ "unread_cells": entered cells an import could not read; "blank_totals": totals it found blank;
    "adopted_totals": such totals whose computed sum the clerk adopted."""
    if not isinstance(raw, list):
        raise ProjectError(f"“{key}”应为单元格编号的列表（[…]）")
    kind = "合计单元格" if computed else "填报单元格（不是合计）"
    out: set[str] = set()
    for ref in raw:
        info = spec.cells.get(ref) if isinstance(ref, str) else None
        if info is None or info.computed is not computed:
            raise ProjectError(f"“{key}”中的“{ref}”不是本格式（{spec.name}）中的{kind}")
        out.add(ref)
    return out


def _inferred_cells(raw: object, spec: ReportSpec) -> dict[str, str]:
    """ "inferred_cells": {"t3.new.total": "21710000218", …}: unconfirmed 推定 values and the digits as printed."""
    if not isinstance(raw, dict):
        raise ProjectError("“inferred_cells”应为对象（{…}）")
    out: dict[str, str] = {}
    for ref, printed in raw.items():
        if ref not in spec.cells:
            raise ProjectError(f"“inferred_cells”中的“{ref}”不是本格式（{spec.name}）中的单元格")
        if not isinstance(printed, str):
            raise ProjectError(f"“inferred_cells.{ref}”应为原文数字（文字）")
        out[ref] = printed
    return out


def _foreign_cells(raw: object, edition: str) -> dict[str, CellValue]:
    """ "foreign_cells": {"2019:t3.other.natural": "3", …}: values laid out in another edition."""
    if not isinstance(raw, dict):
        raise ProjectError("“foreign_cells”应为对象（{…}）")
    out: dict[str, CellValue] = {}
    for key, value in raw.items():
        other, _, ref = key.partition(":")
        if other not in available_editions() or other == edition:
            raise ProjectError(f"“foreign_cells.{key}”应以其他格式版本开头，如“2019:”")
        info = load_spec(other).cells.get(ref)
        if info is None:
            raise ProjectError(f"“foreign_cells.{key}”：单元格编号“{ref}”不存在于{other}版格式中")
        out[key] = _value(f"其他版本单元格 {key}（{other}版 {info.location}）", value)
    return out


def label_keys(spec: ReportSpec) -> set[str]:
    """Every key a "source_labels" entry may use for this edition."""
    keys = {f"section:{s.id}" for s in spec.sections}
    for blk in spec.blocks:
        keys.add(f"block:{blk.id}")
        keys.update(f"row:{blk.id}.{r.id}" for r in blk.rows)
        keys.update(f"column:{blk.id}.{c.id}" for c in blk.columns)
    return keys


def _source_labels(raw: object, spec: ReportSpec) -> dict[str, str]:
    """ "source_labels": {"row:t3.withheld_law": "2.其他法律法规禁止公开", …}: labels as printed."""
    labels = _str_map("source_labels", raw)
    known = label_keys(spec)
    for key in labels:
        if key not in known:
            raise ProjectError(f"“source_labels.{key}”不是本格式中的部分、表格、行或列")
    return labels


def load(path: str | os.PathLike[str]) -> ReportDocument:
    """Read a project file. Raises ProjectError (also for files that cannot be opened)."""
    return load_sealed(path)[0]


def load_sealed(path: str | os.PathLike[str]) -> tuple[ReportDocument, Seal | None]:
    """Read a project file with its seal, if it is a 报送文件. Raises ProjectError as ``load``."""
    try:
        return _load_sealed(Path(path))
    except ProjectError as exc:
        log.warning("cannot open %s: %s", path, exc)
        raise


def _load_sealed(target: Path) -> tuple[ReportDocument, Seal | None]:
    try:
        data = read_regular(target, MAX_PROJECT_BYTES)
    except FileNotFoundError as exc:
        raise ProjectError(f"找不到文件“{target}”") from exc
    except IsADirectoryError as exc:
        raise ProjectError(f"“{target}”是文件夹，不是项目文件") from exc
    except NotRegularFileError as exc:
        raise ProjectError(f"“{target}”不是普通文件（可能是设备或管道），不是项目文件") from exc
    except FileTooLargeError as exc:
        raise ProjectError(f"无法打开“{target.name}”：{_too_large(exc.size)}") from exc
    except OSError as exc:
        raise ProjectError(describe_read_error(exc, target)) from exc
    try:
        return loads_sealed(data)
    except ProjectError as exc:
        raise ProjectError(f"无法打开“{target.name}”：{exc}") from exc
