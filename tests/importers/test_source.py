"""The one file-reading helper: regular files only, a size cap, the encodings a clerk's files come in."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from app.importers.common import SourceError
from app.importers.registry import import_file
from app.importers.source import KINDS, decode_text, read_bytes, read_text
from tests.importers.conftest import DATA

JIANXI = DATA / "jianxi-zwfw-2022.txt"


def _raises_quickly(path: Path) -> SourceError:
    """read_bytes on ``path`` in a thread: it must give up with a SourceError, never block."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            read_bytes(path, "text")
        except BaseException as exc:  # handed to the test thread
            caught.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "reading blocked"
    assert len(caught) == 1 and isinstance(caught[0], SourceError), caught
    return caught[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "年报.txt"
    os.mkfifo(fifo)
    assert "不是普通文件" in str(_raises_quickly(fifo))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_without_reading_it() -> None:
    assert "不是普通文件" in str(_raises_quickly(Path("/dev/zero")))


def test_a_folder_and_a_missing_file_name_the_path(tmp_path: Path) -> None:
    assert str(_raises_quickly(tmp_path)) == f"“{tmp_path}”是文件夹，不是文件"
    assert str(_raises_quickly(tmp_path / "无.txt")) == f"找不到文件“{tmp_path / '无.txt'}”"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "年报.txt"
    path.write_bytes(JIANXI.read_bytes())
    path.chmod(0)
    assert "没有读取权限" in str(_raises_quickly(path))


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "大.txt"
    with open(path, "wb") as handle:
        handle.truncate(KINDS["text"].max_bytes + 1)  # sparse: no disk used
    message = str(_raises_quickly(path))
    assert f"“{path}”" in message and "20.0 MB" in message and "上限" in message
    ok = tmp_path / "刚好.txt"
    with open(ok, "wb") as handle:
        handle.truncate(KINDS["text"].max_bytes)
    assert len(read_bytes(ok, "text")) == KINDS["text"].max_bytes


# --------------------------------------------------------------------------- encodings
REPORT = JIANXI.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_every_encoding_a_chinese_windows_pc_writes_gives_the_same_text(encoding: str) -> None:
    # "utf-16" writes a BOM (Notepad's "Unicode"); -le / -be without one
    assert decode_text(REPORT.encode(encoding), "年报.txt") == REPORT


def test_utf16_with_a_bom_but_a_broken_body_names_the_byte() -> None:
    data = "年度报告".encode("utf-16") + b"\x00\xd8"  # a lone high surrogate at the end
    with pytest.raises(SourceError, match=r"“年报.txt”以 UTF-16（Unicode） 的标记开头，但第 11 个字节处"):
        decode_text(data, "年报.txt")


def test_big5_is_refused_saying_what_was_tried() -> None:
    text = "某某局2023年政府資訊公開工作年度報告\n一、總體情況\n本年度依法公開政府資訊。"
    with pytest.raises(SourceError) as caught:
        decode_text(text.encode("big5"), "繁体.txt")
    message = str(caught.value)
    assert "“繁体.txt”似乎是繁体中文 Big5 编码" in message
    for tried in ("UTF-8", "GB18030", "UTF-16"):
        assert tried in message


def test_undecodable_bytes_say_which_encodings_were_tried() -> None:
    with pytest.raises(SourceError) as caught:
        decode_text(bytes(range(0x80, 0x100)) * 4, "乱码.txt")
    assert str(caught.value).startswith("无法识别“乱码.txt”的文字编码（已尝试 UTF-8、UTF-8（带 BOM）、GB18030")


def test_a_page_declaring_gb2312_but_saved_as_utf8_is_read_right() -> None:
    page = "<html><head><meta charset='gb2312'></head><body>政府信息公开</body></html>"
    assert decode_text(page.encode("utf-8"), "页.html", "gb2312") == page
    assert decode_text(page.encode("gb18030"), "页.html", "gb2312") == page


def test_a_utf16_text_file_imports_like_its_utf8_original(tmp_path: Path) -> None:
    utf16 = tmp_path / "记事本另存为Unicode.txt"
    utf16.write_bytes(REPORT.encode("utf-16"))
    a = import_file(JIANXI).document
    b = import_file(utf16).document
    assert (a.meta, a.cells, a.stated, a.texts) == (b.meta, b.cells, b.stated, b.texts)
    assert read_text(utf16) == REPORT


@pytest.mark.parametrize("suffix", [".txt", ".html", ".xlsx", ".pdf"])
def test_every_importer_reads_through_the_helper(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / f"文件夹{suffix}"
    folder.mkdir()
    with pytest.raises(SourceError, match="是文件夹，不是文件"):
        import_file(folder)
