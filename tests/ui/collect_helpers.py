"""Folders of unit reports for the 汇总 window tests: made from the sample, each unit changed as asked."""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.document import ReportDocument
from app.persistence import load, save
from app.values import CellValue
from ui.collect.window import CollectWindow

from .conftest import SAMPLE


def unit(name: str, cells: Mapping[str, CellValue] | None = None, year: int | None = None) -> ReportDocument:
    """The sample report as a department's own (本机关, 政府部门) under ``name``, with ``cells`` changed."""
    doc = load(SAMPLE)
    doc.meta.update(agency=name, scope="本机关", agency_type="政府部门")
    if year is not None:
        doc.meta["year"] = str(year)
    if cells:
        doc.apply(dict(cells))
    return doc


def write_unit(folder: Path, file: str, doc: ReportDocument, mtime: float | None = None) -> Path:
    path = folder / file
    path.parent.mkdir(parents=True, exist_ok=True)
    save(doc, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def broken_balance(doc: ReportDocument) -> dict[str, CellValue]:
    """One more 自然人 application than the column accounts for: T3-BAL fails."""
    value = doc.cells["t3.new.natural"]
    assert isinstance(value, Decimal)
    return {"t3.new.natural": value + 5}


def office_folder(folder: Path) -> dict[str, Path]:
    """A folder as the office finds it: passing units, one with errors, a duplicate, a wrong year, a broken file."""
    base = unit("x")
    files = {
        "jiaoyu": write_unit(folder, "市教育局.json", unit("市教育局")),
        "caizheng_old": write_unit(
            folder, "旧/市财政局（初稿）.json", unit("市财政局", {"t3.new.natural": Decimal(1)}), 1_700_000_000
        ),
        "caizheng": write_unit(folder, "市财政局.json", unit("市财政局")),
        "gongan": write_unit(folder, "市公安局.json", unit("市公安局", broken_balance(base))),
        "weijian": write_unit(folder, "市卫健委.json", unit("市卫健委", year=2023)),
    }
    broken = folder / "市交通局.json"
    broken.write_text('{"format": "nianbao-project", "cells": ', encoding="utf-8")
    files["jiaotong"] = broken
    return files


def scanned(qtbot: QtBot, window: CollectWindow, folder: Path) -> None:
    """Read ``folder`` into the window and wait until the board is shown."""
    with qtbot.waitSignal(window.scan_finished, timeout=20000):
        window.set_folder(folder)
