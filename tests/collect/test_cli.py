"""`nianbao collect` and `nianbao submit` through the command-line entry point: exit codes, output, JSON shape."""

from __future__ import annotations

import json
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.persistence import load, load_sealed, save
from app.seal import SealStatus, verify
from tests.collect.generate import unit_document, write_units


def _folder(tmp_path: Path, count: int = 3) -> Path:
    folder = tmp_path / "各单位"
    write_units(folder, count, seed=5)
    return folder


def _roster(tmp_path: Path, *units: str) -> Path:
    path = tmp_path / "名单.txt"
    path.write_text("\n".join(units) + "\n", encoding="utf-8")
    return path


def test_all_in_and_passed_exits_0_with_a_table_and_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    roster = _roster(tmp_path, "第1局", "第2局", "第3局")
    assert main(["collect", str(folder), "--roster", str(roster)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["单位", "状态", "错误", "警告", "指纹", "文件"]
    assert "第2局" in out and "第2局.json" in out
    assert "共 3 个文件：通过 3；计入汇总 3 个单位" in out and "汇总年度：2024" in out


def test_missing_unit_exits_1_and_json_has_the_issue_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, 2)
    doc = unit_document(random.Random(1), "第2局")
    save(doc, folder / "第2局（更正）.json")  # the same unit twice
    roster = _roster(tmp_path, "第1局", "第2局", "未交局")
    summary = tmp_path / "汇总.json"
    assert main(["collect", str(folder), "--roster", str(roster), "--json", "-o", str(summary)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"units", "missing", "duplicates", "summary"}
    assert data["missing"] == ["未交局"]
    assert data["summary"] == str(summary)
    assert len(data["units"]) == 3
    for unit in data["units"]:
        assert set(unit) == {"file", "agency", "year", "edition", "status", "errors", "warnings", "seal"}
        assert unit["year"] == 2024 and unit["seal"] == "无" and unit["edition"] == "2021"
    statuses = sorted(u["status"] for u in data["units"])
    assert statuses == ["通过", "通过", "重复"]
    assert len(data["duplicates"]) == 1 and sorted(map(Path, data["duplicates"][0])) == sorted(
        [folder / "第2局.json", folder / "第2局（更正）.json"]
    )
    written = load(summary)
    assert written.meta["scope"] == "本级政府汇总"
    first = load(folder / "第1局.json").cells["t3.new.natural"]
    assert isinstance(first, Decimal)
    assert written.cells["t3.new.natural"] == first + _used(data, "第2局")


def _used(data: dict[str, list[dict[str, object]]], agency: str) -> Decimal:
    """The t3.new.natural of the file the board used for ``agency`` (not the 重复 one)."""
    used = next(u for u in data["units"] if u["agency"] == agency and u["status"] != "重复")
    value = load(str(used["file"])).cells["t3.new.natural"]
    assert isinstance(value, Decimal)
    return value


def test_errors_and_warnings_exit_1_and_are_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, 1)
    wrong = unit_document(random.Random(4), "错误局")
    wrong.apply({"t3.new.natural": wrong.number("t3.new.natural") + 1})
    save(wrong, folder / "错误局.json")
    assert main(["collect", str(folder), "--json"]) == 1
    units = {u["agency"]: u for u in json.loads(capsys.readouterr().out)["units"]}
    assert units["错误局"]["status"] == "有错误" and units["错误局"]["errors"] >= 1
    assert units["第1局"]["status"] == "通过" and units["第1局"]["errors"] == 0
    assert main(["collect", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "通过 1，有错误 1；计入汇总 1 个单位" in out and "默认不计入汇总" in out


def test_unreadable_folder_or_roster_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["collect", str(tmp_path / "没有")]) == 2
    assert "错误：找不到文件夹" in capsys.readouterr().err
    folder = _folder(tmp_path, 1)
    assert main(["collect", str(folder), "--roster", str(tmp_path / "没有名单.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err


def test_a_wrong_year_unit_and_the_year_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, 2)
    save(unit_document(random.Random(2), "旧年局", 2023), folder / "旧年局.json")
    assert main(["collect", str(folder), "--json", "--year", "2023"]) == 1
    units = {u["agency"]: u["status"] for u in json.loads(capsys.readouterr().out)["units"]}
    assert units == {"第1局": "年度不符", "第2局": "年度不符", "旧年局": "通过"}


def test_the_summary_is_not_read_back_on_the_next_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path / "区", 2)
    roster = _roster(tmp_path, "第1局", "第2局")
    inside = folder / "本级政府汇总.json"
    assert main(["collect", str(folder), "--roster", str(roster), "-o", str(inside)]) == 0
    first = load(inside)
    capsys.readouterr()
    # a later run, writing elsewhere or nowhere: the summary in the folder is not a unit
    again = tmp_path / "再次汇总.json"
    assert main(["collect", str(folder), "--roster", str(roster), "--json", "-o", str(again)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [Path(str(u["file"])).name for u in data["units"]] == ["第1局.json", "第2局.json"]
    assert load(again).cells == first.cells
    # copied into a subfolder, or the folder scanned from its parent: still not read back
    (folder / "上次").mkdir()
    shutil.copy(inside, folder / "上次" / "汇总副本.json")
    assert main(["collect", str(folder.parent), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["units"]) == 2
    assert main(["collect", str(folder)]) == 0
    assert "不作为单位读取" in capsys.readouterr().out


def test_another_folders_summary_is_read_as_a_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    county = _folder(tmp_path / "县", 2)
    city = tmp_path / "市"
    city.mkdir()
    assert main(["collect", str(county), "-o", str(city / "某县汇总.json")]) == 0
    summary = load(city / "某县汇总.json")
    summary.meta["agency"] = "某县人民政府"
    save(summary, city / "某县汇总.json")
    save(unit_document(random.Random(8), "市直局"), city / "市直局.json")
    capsys.readouterr()
    assert main(["collect", str(city), "--json"]) in (0, 1)
    agencies = sorted(u["agency"] for u in json.loads(capsys.readouterr().out)["units"])
    assert agencies == ["市直局", "某县人民政府"]


def test_submit_writes_a_sealed_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "本局.json"
    save(unit_document(random.Random(3), "本局"), source)
    out = tmp_path / "报送" / "本局报送.json"
    out.parent.mkdir()
    assert main(["submit", str(source), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "已生成报送文件" in text and "0 个错误" in text
    doc, seal = load_sealed(out)
    assert seal is not None and verify(doc, seal).status is SealStatus.INTACT
    assert main(["collect", str(out.parent), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["units"][0]["seal"] == "完好"


def test_submit_with_errors_exits_1_and_unreadable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = unit_document(random.Random(4), "错误局")
    wrong.apply({"t3.new.natural": wrong.number("t3.new.natural") + 1})
    save(wrong, tmp_path / "错误局.json")
    assert main(["submit", str(tmp_path / "错误局.json"), "-o", str(tmp_path / "报送.json")]) == 1
    assert "汇总时默认不计入" in capsys.readouterr().out
    _doc, seal = load_sealed(tmp_path / "报送.json")
    assert seal is not None and seal.validation.errors >= 1
    (tmp_path / "坏.json").write_text("{", encoding="utf-8")
    assert main(["submit", str(tmp_path / "坏.json"), "-o", str(tmp_path / "x.json")]) == 2
    assert not (tmp_path / "x.json").exists()
    assert main(["submit", str(tmp_path / "错误局.json"), "-o", str(tmp_path / "没有文件夹" / "x.json")]) == 2
    assert capsys.readouterr().err.startswith("错误：")
