"""The 名单: reading .txt and .xlsx, and matching agency names despite spacing, width, punctuation and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.collect import CollectError, Roster, normalise_name


@pytest.mark.parametrize(
    ("written", "on_roster"),
    [
        ("淮安市 发展和改革委员会", "淮安市发展和改革委员会"),
        ("淮安市发展和改革委员会\u3000", "淮安市发展和改革委员会"),
        ("淮安市人民政府办公室（市政府外事办）", "淮安市人民政府办公室(市政府外事办)"),
        ("淮安市人民政府办公室【市政府外事办】", "淮安市人民政府办公室(市政府外事办)"),
        ("ＡＢＣ区教育局", "ABC区教育局"),
        ("中共淮安市委·市政府信访局", "中共淮安市委市政府信访局"),
    ],
)
def test_names_match_across_spacing_width_and_punctuation(written: str, on_roster: str) -> None:
    roster = Roster([on_roster])
    assert normalise_name(written) == normalise_name(on_roster)
    assert roster.match(written) == on_roster


def test_different_units_do_not_match() -> None:
    roster = Roster(["淮安市教育局", "淮安市卫生健康委员会"])
    assert roster.match("淮安市教育体育局") is None
    assert roster.match("淮安市卫生健康委员会") == "淮安市卫生健康委员会"


def test_alias_list_maps_a_former_name_to_the_roster(tmp_path: Path) -> None:
    aliases = tmp_path / "别名.txt"
    aliases.write_text(
        "# 机构改革前的名称\n市卫计委=淮安市卫生健康委员会\n市教体局\t淮安市教育局\n\n", encoding="utf-8"
    )
    roster = Roster(["淮安市教育局", "淮安市卫生健康委员会"]).with_aliases(Roster.load_aliases(aliases))
    assert roster.match("市卫计委") == "淮安市卫生健康委员会"
    assert roster.match("市 教体局") == "淮安市教育局"
    # an alias pointing at a unit not on the roster is ignored, not an error
    assert Roster(["淮安市教育局"], {"某局": "不在名单的局"}).match("某局") is None


def test_alias_list_with_a_bad_line_names_the_line(tmp_path: Path) -> None:
    aliases = tmp_path / "别名.txt"
    aliases.write_text("市卫计委=淮安市卫生健康委员会\n只有一个名字\n", encoding="utf-8")
    with pytest.raises(CollectError, match="第 2 行"):
        Roster.load_aliases(aliases)


def test_text_roster_skips_comments_blanks_and_repeats(tmp_path: Path) -> None:
    path = tmp_path / "名单.txt"
    path.write_text("# 2024 年名单\n淮安市教育局\n\n  淮安市民政局  \n淮安市 教育局\n", encoding="gb18030")
    assert Roster.load(path).units == ["淮安市教育局", "淮安市民政局"]


def test_xlsx_roster_reads_the_first_column_under_a_heading(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["单位名称", "联系人"], ["淮安市教育局", "张三"], [None, "空行"], ["淮安市民政局", "李四"]):
        ws.append(row)
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    assert Roster.load(path).units == ["淮安市教育局", "淮安市民政局"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名单.txt", b"", "没有单位名称"),
        ("名单.xlsx", b"not a zip", "不是有效的 Excel"),
        ("名单.docx", b"x", "应为 .txt"),
    ],
)
def test_unreadable_rosters_say_why_in_chinese(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CollectError, match=message):
        Roster.load(path)


def test_missing_roster_file_is_a_collect_error(tmp_path: Path) -> None:
    with pytest.raises(CollectError, match="无法读取名单"):
        Roster.load(tmp_path / "没有.txt")
