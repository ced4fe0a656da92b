"""Font choice: Windows fonts by role (system and per-user folders), CFF rejected, the bundled fallback,
and the characters no font can draw reported with their place."""

from __future__ import annotations

import os
from pathlib import Path

from app.export.fonts import BUNDLED, FontSet, Role, find_fonts, font_dirs, is_truetype
from app.export.pdf import check_glyphs
from app.resources import resource_path

FONT = resource_path(*BUNDLED)


def install(folder: Path, name: str) -> Path:
    """Put a TrueType font under ``name`` (a link to the bundled file, standing in for a Windows font)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    os.symlink(FONT, target)
    return target


def test_resource_path_finds_the_bundled_font():
    assert FONT.is_file()
    assert is_truetype(FONT, 0)


def test_cff_fonts_are_rejected(tmp_path):
    otf = tmp_path / "simfang.ttf"
    otf.write_bytes(b"OTTO" + bytes(100))
    assert not is_truetype(otf)
    fonts = find_fonts([tmp_path])
    assert fonts.face(Role.BODY).bundled  # the CFF "仿宋" was skipped


def test_without_system_fonts_every_role_uses_the_bundled_font(bundled):
    assert all(face.bundled for face in bundled.faces.values())
    assert bundled.emphasize(Role.TITLE) and bundled.emphasize(Role.HEADING1)
    assert not bundled.emphasize(Role.BODY)


def test_windows_fonts_are_chosen_by_role(tmp_path):
    install(tmp_path, "SIMFANG.TTF")  # file names are matched case-insensitively
    install(tmp_path, "simhei.ttf")
    install(tmp_path, "simkai.ttf")
    install(tmp_path, "simsun.ttc")
    fonts = find_fonts([tmp_path])
    families = {role: fonts.face(role).family for role in Role}
    assert families == {
        Role.TITLE: "黑体",  # no 方正小标宋 here
        Role.BODY: "仿宋",
        Role.HEADING1: "黑体",
        Role.HEADING2: "楷体",
        Role.TABLE: "宋体",
        Role.FOLIO: "宋体",
    }
    assert not fonts.emphasize(Role.TITLE)
    install(tmp_path, "FZXBSJW.TTF")
    assert find_fonts([tmp_path]).face(Role.TITLE).family == "方正小标宋简体"


def test_per_user_font_folder_is_searched(tmp_path, monkeypatch):
    windir, local = tmp_path / "Windows", tmp_path / "Local"
    install(windir / "Fonts", "simhei.ttf")
    install(local / "Microsoft" / "Windows" / "Fonts", "simkai.ttf")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    dirs = font_dirs()
    assert dirs == [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    fonts = find_fonts(dirs)
    assert fonts.face(Role.HEADING1).family == "黑体"
    assert fonts.face(Role.HEADING2).family == "楷体"


def test_sample_reports_need_no_missing_characters(huaian, jianxi, bundled):
    assert check_glyphs(huaian, bundled) == []
    assert check_glyphs(jianxi, bundled) == []


def test_undrawable_characters_are_reported_with_their_place(huaian, bundled):
    huaian.texts["s5_main"] += "𠀀"  # CJK extension B: in no font we have
    huaian.texts["s1_active"] += "\U000e0100"  # an invisible variation selector is dropped, not reported
    (problem,) = check_glyphs(huaian, bundled)
    assert problem.where == "五、存在的主要问题及改进情况"
    assert problem.chars == "𠀀"
    assert problem.fallback is None
    assert "U+20000" in problem.message and "无法显示" in problem.message


def test_characters_missing_from_a_system_font_fall_back_to_the_bundled_one(huaian, bundled):
    base = bundled.fallback
    # A "仿宋" that lacks 淮: the bundled face draws that character instead.
    narrow = type(base)(base.name, base.path, base.index, "仿宋", False, base.cmap - {ord("淮")})
    fonts = FontSet({**bundled.faces, Role.BODY: narrow}, base)
    assert [face.family for _, face in fonts.runs("江苏淮安", Role.BODY)] == ["仿宋", base.family, "仿宋"]
    problems = check_glyphs(huaian, fonts)
    assert problems and all(p.fallback == base.family and p.chars == "淮" for p in problems)
    assert "基本信息 · 前言" in {p.where for p in problems}
