"""The content hash of a report and the seal of a 报送文件 (submission copy): writing and verifying it (Qt-free).

A seal detects later or accidental edits of a submitted project, not deliberate forgery: there are
no keys, anyone who can run the program can seal a changed file again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app import __version__
from app.document import ReportDocument
from app.errors import UserError
from app.rules import Issue, Severity
from app.textclean import clean_surrogates
from app.values import NA, CellValue

# Names the canonical serialisation; a future change of it gets a new name, and old seals stay checkable.
ALGORITHM = "sha256-canonical-1"
_HEX_DIGITS = frozenset("0123456789abcdef")


class SealError(UserError):
    """A seal in a project file is malformed; the message is Chinese."""


class SealStatus(StrEnum):
    """What the collector finds; the values are the spelling on the board and in `collect --json`."""

    INTACT = "完好"  # unchanged since sealed
    CHANGED = "已改动"  # changed after sealing
    NONE = "无"  # a plain project, or an imported report


# ----------------------------------------------------------------------------- canonical content
def _spell(value: CellValue) -> str | None:
    """One spelling per value: blank → null, 不适用, or the plain exact decimal without trailing zeros."""
    if value is None:
        return None
    if value is NA:
        return "不适用"
    assert isinstance(value, Decimal)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _strings(mapping: Mapping[str, str]) -> dict[str, str]:
    # a lone surrogate cannot be written to a project file (it is removed on save): hashing what the file holds
    # lets a report sealed in memory verify as 完好 once saved and read back
    return {clean_surrogates(k): clean_surrogates(v) for k, v in mapping.items()}


def canonical_content(doc: ReportDocument) -> dict[str, Any]:
    """The content a seal covers, as a plain JSON-able object (see ``canonical_hash``)."""
    return {
        "canonical": ALGORITHM,
        "edition": doc.spec.edition,
        "meta": _strings(doc.meta),
        "cells": {ref: _spell(doc.cells.get(ref)) for ref in doc.spec.input_cells},
        "stated_totals": {ref: _spell(v) for ref, v in doc.stated.items() if v is not None},
        "texts": _strings({fid: doc.texts.get(fid, "") for fid in doc.spec.text_fields}),
        "explanations": _strings(doc.explanations),
    }


def _digest(obj: object) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_hash(doc: ReportDocument) -> str:
    """SHA-256 (64 lower-case hex digits) of the report's content, independent of how and when it was saved.

    Covered, exactly: the edition; every 基本信息 item (``meta``); every input cell of the tables
    (blank, 不适用 or the number); the stated totals (totals written in an imported source); every
    narrative text; every 核实说明 (``explanations``). Numbers are spelt as the exact plain decimal
    without exponent or trailing fractional zeros ("1000", "96171.6"), so 1000, "1000.0" and 1e3 hash
    alike; strings are taken exactly as a project file stores them (a lone surrogate, which no file can
    hold, is left out). The object is serialised as compact UTF-8 JSON with
    sorted keys and hashed.

    Not covered: ``saved_at``, ``app_version``, ``settings`` (the fee's displayed decimals), the link to
    last year's project, the import records ``foreign_cells`` / ``source_labels``, and any seal itself.
    Computed totals are not hashed separately: they follow from the cells.
    """
    return _digest(canonical_content(doc))


def part_labels(doc: ReportDocument) -> dict[str, str]:
    """Part id → what the clerk calls it: 基本信息, each section by its heading, 核实说明."""
    return {"meta": "基本信息"} | {s.id: s.heading for s in doc.spec.sections} | {"explanations": "核实说明"}


def part_hashes(doc: ReportDocument) -> dict[str, str]:
    """A digest per part (基本信息, each section, 核实说明), so that a changed seal can say what changed."""
    content = canonical_content(doc)
    parts: dict[str, str] = {"meta": _digest({"edition": content["edition"], "meta": content["meta"]})}
    for section in doc.spec.sections:
        refs = {ref for blk in section.blocks for ref in doc.spec.cells if ref.startswith(f"{blk.id}.")}
        parts[section.id] = _digest(
            {
                "cells": {r: v for r, v in content["cells"].items() if r in refs},
                "stated_totals": {r: v for r, v in content["stated_totals"].items() if r in refs},
                "texts": {f.id: content["texts"][f.id] for f in section.fields},
            }
        )
    parts["explanations"] = _digest(content["explanations"])
    return parts


# ----------------------------------------------------------------------------- the seal
@dataclass(frozen=True, slots=True)
class ValidationSummary:
    """The check result at the moment of sealing: errors, unexplained warnings, explained warnings."""

    errors: int
    warnings: int
    explained: int

    @classmethod
    def of(cls, issues: Iterable[Issue]) -> ValidationSummary:
        errors = warnings = explained = 0
        for issue in issues:
            if issue.severity is Severity.ERROR:
                errors += 1
            elif issue.severity is Severity.WARNING:
                if issue.explained:
                    explained += 1
                else:
                    warnings += 1
        return cls(errors, warnings, explained)

    def describe(self) -> str:
        return f"{self.errors} 个错误，{self.warnings} 个警告，{self.explained} 个已核实说明"


@dataclass(frozen=True, slots=True)
class Seal:
    """The seal stored in a 报送文件 under the key "seal" (layout in docs/project-format.md)."""

    content: str
    parts: Mapping[str, str]
    validation: ValidationSummary
    app_version: str
    sealed_at: str
    algorithm: str = ALGORITHM

    def to_json(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "content": self.content,
            "parts": dict(self.parts),
            "validation": {
                "errors": self.validation.errors,
                "warnings": self.validation.warnings,
                "explained": self.validation.explained,
            },
            "app_version": self.app_version,
            "sealed_at": self.sealed_at,
        }

    @classmethod
    def from_json(cls, raw: object) -> Seal:
        """Read a stored seal strictly; SealError names what is wrong."""
        if not isinstance(raw, dict):
            raise SealError("“seal”应为对象（{…}）")
        known = {"algorithm", "content", "parts", "validation", "app_version", "sealed_at"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise SealError(f"“seal.{unknown[0]}”无法识别")
        missing = sorted(known - set(raw))
        if missing:
            raise SealError(f"“seal”缺少“{missing[0]}”")
        if raw["algorithm"] != ALGORITHM:
            raise SealError(f"“seal.algorithm”应为“{ALGORITHM}”（可能由更新版本的年报助手生成，请升级后再读取）")
        content = _hex(raw["content"], "seal.content")
        parts_raw = raw["parts"]
        if not isinstance(parts_raw, dict) or not parts_raw:
            raise SealError("“seal.parts”应为非空对象（{…}）")
        parts = {str(k): _hex(v, f"seal.parts.{k}") for k, v in parts_raw.items()}
        validation = raw["validation"]
        if not isinstance(validation, dict) or set(validation) != {"errors", "warnings", "explained"}:
            raise SealError("“seal.validation”应含且只含 errors、warnings、explained 三项")
        counts = {}
        for key, value in validation.items():
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1_000_000:
                raise SealError(f"“seal.validation.{key}”应为不小于 0 的整数")
            counts[key] = value
        for key in ("app_version", "sealed_at"):
            if not isinstance(raw[key], str) or len(raw[key]) > 100:
                raise SealError(f"“seal.{key}”应为文字")
        return cls(
            content=content,
            parts=parts,
            validation=ValidationSummary(counts["errors"], counts["warnings"], counts["explained"]),
            app_version=raw["app_version"],
            sealed_at=raw["sealed_at"],
        )


def _hex(value: object, where: str) -> str:
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= _HEX_DIGITS:
        raise SealError(f"“{where}”应为 64 位十六进制的 SHA-256 值")
    return value


def make_seal(doc: ReportDocument, issues: Iterable[Issue], now: datetime | None = None) -> Seal:
    """The seal of ``doc`` as it is now, with the result of its check (``issues``)."""
    moment = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
    return Seal(
        content=canonical_hash(doc),
        parts=part_hashes(doc),
        validation=ValidationSummary.of(issues),
        app_version=__version__,
        sealed_at=moment,
    )


@dataclass(frozen=True, slots=True)
class SealCheck:
    """The collector's verdict on one file: status, and for 已改动 which parts changed (clerk's labels)."""

    status: SealStatus
    changed: tuple[str, ...] = ()
    seal: Seal | None = None

    def describe(self) -> str:
        if self.status is SealStatus.INTACT:
            assert self.seal is not None
            return f"完好（{self.seal.sealed_at} 生成报送文件，当时 {self.seal.validation.describe()}）"
        if self.status is SealStatus.CHANGED:
            return "已改动：生成报送文件后修改过" + (f"（{'、'.join(self.changed)}）" if self.changed else "")
        return "无（普通项目文件，不是报送文件）"


def verify(doc: ReportDocument, seal: Seal | None) -> SealCheck:
    """Recompute the content hash: 完好, 已改动 (naming the changed parts) or 无 (no seal)."""
    if seal is None:
        return SealCheck(SealStatus.NONE)
    if canonical_hash(doc) == seal.content:
        return SealCheck(SealStatus.INTACT, (), seal)
    labels = part_labels(doc)
    now = part_hashes(doc)
    changed = tuple(labels[p] for p in now if seal.parts.get(p) != now[p])
    # all parts equal but not the whole: the seal itself was edited
    return SealCheck(SealStatus.CHANGED, changed or ("报送信息",), seal)
