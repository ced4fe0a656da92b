"""§5 rows about files: a FIFO as project or previous year, caps that agree, a lone surrogate, a full disk,
an unreadable font folder."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from app import persistence
from app.document import ReportDocument
from app.export import fonts
from app.export.pdf import build_pdf, page_count
from app.fileio import SaveError, write_atomic
from app.persistence import MAX_PROJECT_BYTES, ProjectError, load, loads, save
from app.yearly import load_previous

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs exist on POSIX only")


@needs_fifo
def test_a_fifo_as_project_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)  # nobody writes to it: a plain open() would block for ever
    with pytest.raises(ProjectError, match="不是普通文件"):
        load(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_as_project_is_refused() -> None:
    with pytest.raises(ProjectError, match="不是普通文件"):
        load("/dev/zero")


@needs_fifo
def test_a_fifo_as_previous_year_is_a_message_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "last.json"
    os.mkfifo(fifo)
    doc = ReportDocument.new("某局", 2024)
    doc.previous_project = str(fifo)
    previous, reason = load_previous(doc, tmp_path / "this.json")
    assert previous is None
    assert "不是普通文件" in reason


def test_the_app_never_writes_a_project_it_refuses_to_open(tmp_path: Path) -> None:
    doc = ReportDocument.new("某局", 2024)
    field = next(iter(doc.spec.text_fields))
    doc.texts[field] = "字" * (MAX_PROJECT_BYTES // 3 + 10)  # 3 bytes each in UTF-8: just over the cap
    target = tmp_path / "big.json"
    with pytest.raises(SaveError, match="上限"):
        save(doc, target)
    assert not target.exists()
    doc.texts[field] = "字" * (MAX_PROJECT_BYTES // 3 - 100_000)  # just under: written, and it opens
    save(doc, target)
    assert load(target).texts[field] == doc.texts[field]


def test_a_lone_surrogate_is_removed_on_save_with_a_message_naming_the_field(tmp_path: Path) -> None:
    doc = ReportDocument.new("某局\ud800", 2024)
    field, info = next(iter(doc.spec.text_fields.items()))
    doc.texts[field] = "正文\udfff。"
    target = tmp_path / "s.json"
    messages = save(doc, target)
    assert any("单位" in m or "基本信息" in m for m in messages)
    assert any(info.title in m and "U+DFFF" in m for m in messages)
    back = load(target)
    assert back.meta["agency"] == "某局"
    assert back.texts[field] == "正文。"
    assert loads(persistence.dumps(doc)).texts[field] == "正文。"  # the autosave copy is written the same way


def test_a_full_disk_during_save_leaves_the_old_file_and_no_stray_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_bytes(b"old")
    real = shutil.copy2

    def full(src: str, dst: str) -> None:
        real(src, dst)  # the copy starts, then the disk fills up
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), dst)

    monkeypatch.setattr(shutil, "copy2", full)
    with pytest.raises(SaveError, match="磁盘空间不足"):
        write_atomic(target, b"new", backup=True)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_a_full_disk_while_writing_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    target.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError, match="磁盘空间不足"):
        write_atomic(target, b"new", backup=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_an_unreadable_font_folder_then_pdf_export_uses_the_bundled_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "home" / ".fonts"
    locked.mkdir(parents=True)
    real = Path.is_dir

    def is_dir(self: Path) -> bool:
        if self == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    monkeypatch.delenv("WINDIR", raising=False)
    assert locked not in fonts.font_dirs()
    found = fonts.find_fonts([locked, tmp_path / "missing"])
    doc = ReportDocument.new("某局", 2024)
    assert page_count(build_pdf(doc, fonts=found)) >= 1


def test_a_project_file_over_the_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.persistence.MAX_PROJECT_BYTES", 1024 * 1024)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (3 * 1024 * 1024))
    with pytest.raises(ProjectError, match=r"文件有 3\.0 MB，超过项目文件的上限 1 MB"):
        load(big)
