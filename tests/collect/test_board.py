"""The status board: statuses, roster, duplicates, seals, half-written files and the cache."""

from __future__ import annotations

import json
import os
import random
import threading
from datetime import datetime
from pathlib import Path

import pytest

from app.collect import Board, CollectError, Roster, ScanCache, Status, scan, write_submission
from app.export.xlsx import build_workbook
from app.persistence import dumps, load, save
from app.seal import SealStatus
from tests.collect.generate import unit_document, write_units


def _unit(folder: Path, agency: str, seed: int = 0, year: int = 2024, name: str | None = None) -> Path:
    path = folder / (name or f"{agency}.json")
    save(unit_document(random.Random(seed), agency, year), path)
    return path


def _touch(path: Path, when: float) -> None:
    os.utime(path, (when, when))


def test_every_status_on_one_board(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    write_units(folder, 2, seed=1)  # 第1局, 第2局: 通过
    warned = unit_document(random.Random(3), "警告局")
    warned.texts["s1_platform"] = ""  # TXT-01 warning, not explained
    save(warned, folder / "警告局.json")
    wrong = unit_document(random.Random(4), "错误局")
    wrong.apply({"t3.new.natural": wrong.number("t3.new.natural") + 1})  # T3-BAL no longer balances
    save(wrong, folder / "错误局.json")
    (folder / "坏文件.json").write_text('{"format": "nianbao-project", ', encoding="utf-8")
    _unit(folder, "旧年局", year=2023)
    sub = folder / "子文件夹"
    sub.mkdir()
    _unit(sub, "第1局", seed=9, name="第1局（更正）.json")  # the same unit again, in a subfolder
    (folder / "说明.docx.tmp").write_bytes(b"ignored")
    roster = Roster(["第1局", "第2局", "警告局", "错误局", "旧年局", "未交局"])

    board = scan(folder, roster)

    by_agency = {r.agency: r for r in board.rows if r.status is not Status.DUPLICATE}
    assert board.year == 2024
    assert by_agency["第2局"].status is Status.PASSED
    assert by_agency["警告局"].status is Status.WARNINGS and by_agency["警告局"].warnings == 1
    assert by_agency["错误局"].status is Status.ERRORS and "T3-BAL" in by_agency["错误局"].rules_failed
    assert by_agency["坏文件"].status is Status.UNREADABLE and "JSON" in by_agency["坏文件"].reason
    assert by_agency["旧年局"].status is Status.WRONG_YEAR and "2023" in by_agency["旧年局"].reason
    assert by_agency["未交局"].status is Status.MISSING and by_agency["未交局"].file is None
    assert board.missing == ["未交局"]
    assert [r.status for r in board.rows if r.agency == "第1局"].count(Status.DUPLICATE) == 1
    assert len(board.duplicates) == 1 and len(board.duplicates[0]) == 2
    # 通过 and 有警告 go into the sum; 有错误 only when ticked; the rest never
    assert {r.agency for r in board.included_rows()} == {"第1局", "第2局", "警告局"}
    assert not board.all_passed
    board.set_included(str(folder / "错误局.json"), True)
    assert "错误局" in {r.agency for r in board.included_rows()}
    board.set_included(str(folder / "旧年局.json"), True)  # a tick cannot bring in the wrong year
    assert "旧年局" not in {r.agency for r in board.included_rows()}
    board.set_included(str(folder / "错误局.json"), None)
    assert "错误局" not in {r.agency for r in board.included_rows()}


def test_an_unreadable_file_named_after_a_roster_unit_is_that_unit_not_also_missing(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "市 交通局.json").write_text('{"format": "nianbao-project", ', encoding="utf-8")
    (folder / "无关.json").write_text("{", encoding="utf-8")
    board = scan(folder, Roster(["市交通局", "市司法局"]))
    statuses = sorted((r.agency, r.status.value, r.roster_name) for r in board.rows)
    assert statuses == [
        ("市 交通局", "无法读取", "市交通局"),
        ("市司法局", "未交", "市司法局"),
        ("无关", "无法读取", None),
    ]
    assert board.missing == ["市司法局"] and not board.all_passed


def test_explained_warnings_pass(tmp_path: Path) -> None:
    doc = unit_document(random.Random(3), "警告局")
    doc.texts["s1_platform"] = ""
    doc.explanations["TXT-01@s1_platform"] = "本机关未开设政务新媒体"
    save(doc, tmp_path / "警告局.json")
    (row,) = scan(tmp_path).rows
    assert (row.status, row.warnings, row.explained) == (Status.PASSED, 0, 1)
    assert scan(tmp_path).all_passed


def test_city_and_county_reports_are_read_as_units(tmp_path: Path, huaian) -> None:  # type: ignore[no-untyped-def]
    # a 本级政府汇总 made elsewhere (a city's own report) is one of the units, not skipped
    save(huaian, tmp_path / "淮安市.json")
    board = scan(tmp_path)
    assert [r.agency for r in board.rows] == ["淮安市人民政府"]
    assert board.rows[0].status is Status.WARNINGS


def test_collectors_own_output_is_not_read_back(tmp_path: Path) -> None:
    write_units(tmp_path, 2, seed=1)
    output = tmp_path / "汇总.json"
    save(unit_document(random.Random(5), "汇总"), output)
    assert len(scan(tmp_path, exclude=[output]).rows) == 2
    cache = ScanCache()
    cache.mark_written(output)
    assert len(scan(tmp_path, cache=cache).rows) == 2
    assert len(scan(tmp_path).rows) == 3


def test_newer_duplicate_is_used_and_choose_switches(tmp_path: Path) -> None:
    old = _unit(tmp_path, "第1局", seed=1, name="旧.json")
    new = _unit(tmp_path, "第 1 局", seed=2, name="新.json")  # same unit, spelt with a space
    raw_old = old.read_text(encoding="utf-8").replace(
        old.read_text(encoding="utf-8").split('"saved_at": "')[1].split('"')[0], "2025-01-10T09:00:00+08:00"
    )
    old.write_text(raw_old, encoding="utf-8")
    raw_new = new.read_text(encoding="utf-8")
    saved = raw_new.split('"saved_at": "')[1].split('"')[0]
    new.write_text(raw_new.replace(saved, "2025-01-10T02:00:00+00:00"), encoding="utf-8")  # 10:00 in Beijing
    board = scan(tmp_path)
    status = {Path(r.file or "").name: r.status for r in board.rows}
    assert status == {"新.json": Status.PASSED, "旧.json": Status.DUPLICATE}
    assert board.duplicates == [[str(new), str(old)]]
    assert "新.json" in next(r for r in board.rows if r.status is Status.DUPLICATE).reason
    board.choose(str(old))
    status = {Path(r.file or "").name: r.status for r in board.rows}
    assert status == {"新.json": Status.DUPLICATE, "旧.json": Status.PASSED}
    assert board.duplicates == [[str(old), str(new)]]
    assert [r.file for r in board.included_rows()] == [str(old)]
    with pytest.raises(KeyError):
        board.choose(str(tmp_path / "没有.json"))


def test_seals_intact_changed_and_none(tmp_path: Path) -> None:
    doc = unit_document(random.Random(1), "第1局")
    save(doc, tmp_path / "普通.json")
    seal, removed = write_submission(doc, tmp_path / "报送.json", now=datetime(2025, 1, 20, 9, 0))
    assert removed == [] and seal.validation.errors == 0
    changed = unit_document(random.Random(2), "第2局")
    write_submission(changed, tmp_path / "改过.json")
    raw = json.loads((tmp_path / "改过.json").read_text(encoding="utf-8"))
    raw["cells"]["t2_6.penalty.decisions"] = int(raw["cells"]["t2_6.penalty.decisions"]) + 1  # edited afterwards
    (tmp_path / "改过.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")

    rows = {Path(r.file or "").name: r for r in scan(tmp_path).rows}
    assert rows["普通.json"].seal is SealStatus.NONE
    assert rows["报送.json"].seal is SealStatus.INTACT
    assert rows["改过.json"].seal is SealStatus.CHANGED
    check = rows["改过.json"].seal_check
    assert check is not None and check.changed == ("二、主动公开政府信息情况",)
    assert "已改动" in check.describe()


def test_imported_report_is_marked_with_its_problems(tmp_path: Path) -> None:
    doc = unit_document(random.Random(1), "导入局")
    (tmp_path / "导入局.xlsx").write_bytes(build_workbook(doc))
    (row,) = scan(tmp_path).rows
    assert row.imported and row.import_kind is not None
    assert row.agency == "导入局"
    assert row.document is not None and row.document.cells["t3.new.natural"] == doc.cells["t3.new.natural"]
    assert row.seal is SealStatus.NONE


def test_cache_does_not_reread_unchanged_files(tmp_path: Path) -> None:
    paths = write_units(tmp_path, 3, seed=1)
    cache = ScanCache()
    scan(tmp_path, cache=cache)
    assert cache.reads == 3
    scan(tmp_path, cache=cache)
    assert cache.reads == 3
    _touch(paths[0], 1_700_000_000)  # touched, same bytes: hashed, not parsed
    board = scan(tmp_path, cache=cache)
    assert cache.reads == 3 and len(board.rows) == 3
    doc = load(paths[1])
    doc.meta["contact_phone"] = "0517-1234567"
    save(doc, paths[1])
    scan(tmp_path, cache=cache)
    assert cache.reads == 4
    paths[2].unlink()
    assert len(scan(tmp_path, cache=cache).rows) == 2
    assert str(paths[2]) not in cache.entries


def test_half_written_file_is_retried_not_broken_forever(tmp_path: Path) -> None:
    full = dumps(unit_document(random.Random(1), "第1局"))
    path = tmp_path / "第1局.json"
    path.write_bytes(full[: len(full) // 2])  # a copy in progress
    cache = ScanCache()
    (row,) = scan(tmp_path, cache=cache).rows
    assert row.status is Status.UNREADABLE
    path.write_bytes(full)  # the copy finishes
    (row,) = scan(tmp_path, cache=cache).rows
    assert row.status is Status.PASSED


def test_file_changing_while_read_is_marked_for_retry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _unit(tmp_path, "第1局")
    from app.collect import board as board_module

    real = board_module._read_project

    def growing(entry, data):  # type: ignore[no-untyped-def]
        real(entry, data)
        with path.open("ab") as handle:  # the copier appends while we parse
            handle.write(b" ")

    monkeypatch.setattr(board_module, "_read_project", growing)
    cache = ScanCache()
    (row,) = scan(tmp_path, cache=cache).rows
    assert row.status is Status.UNREADABLE and row.retry and "正在写入" in row.reason
    monkeypatch.setattr(board_module, "_read_project", real)
    (row,) = scan(tmp_path, cache=cache).rows
    assert row.status is Status.PASSED and not row.retry


def test_locked_file_is_retried_even_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _unit(tmp_path, "第1局")
    from app.collect import board as board_module

    def locked(target, cap):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "locked", str(target))

    monkeypatch.setattr(board_module, "read_regular", locked)
    cache = ScanCache()
    (row,) = scan(tmp_path, cache=cache).rows
    assert row.status is Status.UNREADABLE and row.retry and "占用" in row.reason
    monkeypatch.undo()
    (row,) = scan(tmp_path, cache=cache).rows
    assert row.status is Status.PASSED
    assert path.exists()


def test_year_can_be_required(tmp_path: Path) -> None:
    _unit(tmp_path, "第1局", year=2024)
    _unit(tmp_path, "第2局", year=2023)
    _unit(tmp_path, "第3局", year=2023)
    assert scan(tmp_path).year == 2023  # the year most files are for
    board = scan(tmp_path, year=2024)
    assert {r.agency: r.status for r in board.rows} == {
        "第1局": Status.PASSED,
        "第2局": Status.WRONG_YEAR,
        "第3局": Status.WRONG_YEAR,
    }


def test_progress_and_cancel(tmp_path: Path) -> None:
    write_units(tmp_path, 4, seed=1)
    seen: list[tuple[int, int]] = []
    stop = threading.Event()

    def progress(done: int, total: int, path: str) -> None:
        seen.append((done, total))
        if done == 2:
            stop.set()

    board = scan(tmp_path, progress=progress, cancel=stop.is_set)
    assert seen == [(1, 4), (2, 4)]
    assert board.cancelled and len(board.rows) == 2 and not board.all_passed


def test_unreadable_folder_is_a_collect_error(tmp_path: Path) -> None:
    with pytest.raises(CollectError, match="找不到文件夹"):
        scan(tmp_path / "没有")
    (tmp_path / "文件").write_text("x", encoding="utf-8")
    with pytest.raises(CollectError, match="不是文件夹"):
        scan(tmp_path / "文件")


def test_nothing_in_the_folder_is_written(tmp_path: Path) -> None:
    write_units(tmp_path, 3, seed=1)
    (tmp_path / "坏.json").write_text("{", encoding="utf-8")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")}
    board = scan(tmp_path, Roster(["第1局", "其他局"]))
    board.choose(str(tmp_path / "第1局.json"))
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")} == before
    assert isinstance(board, Board)
