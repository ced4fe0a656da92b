"""Texts a file cannot carry (control characters, lone surrogates) in the Word and web-page exports, and a
folder that refuses the file: cleaned or refused with a message naming the place, never a traceback."""

from __future__ import annotations

import io

from docx import Document

from app.cli import main
from app.export.docx import build_docx
from app.export.html import build_html
from app.export.text import unwritable_places
from app.persistence import save
from app.textclean import clean_text, unwritable_chars
from tests.conftest import refuse_writes_in
from tests.export.conftest import SAMPLES

BAD = "第一段\x00含NUL\x07铃\x1b转义\x0b竖表\x0c换页\ud800孤立代理\ufffe。"


def test_clean_text_keeps_tabs_and_line_ends():
    assert clean_text(BAD) == "第一段含NUL铃转义竖表换页孤立代理。"
    assert clean_text("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert unwritable_chars(BAD) == ["\x00", "\x07", "\x1b", "\x0b", "\x0c", "\ud800", "\ufffe"]


def test_word_and_web_page_are_written_without_them(huaian, bundled):
    huaian.texts["s6_main"] = BAD
    huaian.meta["agency"] = "淮安市\x07人民政府"
    word = Document(io.BytesIO(build_docx(huaian, fonts=bundled)))
    assert word.paragraphs[0].text == "淮安市人民政府"
    assert word.paragraphs[-1].text == "第一段含NUL铃转义竖表换页孤立代理。"
    page = build_html(huaian).decode("utf-8")
    assert "第一段含NUL铃转义竖表换页孤立代理。" in page and "\x07" not in page


def test_the_places_are_named(huaian):
    huaian.texts["s6_main"] = BAD
    huaian.texts["s1_active"] = "主动公开\x1b情况"
    notes = unwritable_places(huaian)
    assert any(n.startswith("六、其他需要报告的事项：") and "U+0000" in n and "U+D800" in n for n in notes)
    assert any("（一）主动公开" in n and "U+001B" in n for n in notes)
    huaian.texts["s6_main"] = huaian.texts["s1_active"] = "正常的文字"
    assert unwritable_places(huaian) == []


def test_command_line_says_what_it_removed(huaian, tmp_path, capsys):
    huaian.texts["s6_main"] = "第一段\x07铃MARK"
    project = tmp_path / "p.json"
    save(huaian, project)
    # a lone surrogate reaches a project only as a JSON escape (hand-edited, or written by another program)
    project.write_text(project.read_text(encoding="utf-8").replace("MARK", "\\ud800"), encoding="utf-8")
    assert main(["export", str(project), "--docx", str(tmp_path / "r.docx"), "--html", str(tmp_path / "r.html")]) == 0
    out = capsys.readouterr().out
    assert "[提示] 六、其他需要报告的事项：含有无法写入文件的控制字符" in out and "已导出 Word" in out
    assert "U+0007、U+D800" in out


def test_a_folder_that_refuses_the_file(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "只读"
    folder.mkdir()
    refuse_writes_in(monkeypatch, folder)
    huaian = str(SAMPLES / "huaian-city-2024.json")
    for option, name in (("--docx", "r.docx"), ("--html", "r.html"), ("--audit", "a.pdf")):
        assert main(["export", huaian, option, str(folder / name)]) == 2
        err = capsys.readouterr().err
        assert "写入权限" in err and "Traceback" not in err
        assert not (folder / name).exists()
