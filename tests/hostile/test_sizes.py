"""§5 rows about size: a 50 MB page and a 20 MB+ text are refused before they are read; a text or a page under the
file cap is bounded by its characters and tags (bench/hostile_imports.py has the times and memory)."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.importers.html
import app.importers.text.importer
from app.importers.common import SourceError
from app.importers.html import MAX_TAGS, import_html
from app.importers.registry import import_file
from app.importers.text import import_text
from app.importers.text.importer import MAX_TEXT_CHARS

from . import makers


def _refused_unread(path: Path, monkeypatch: pytest.MonkeyPatch) -> SourceError:
    """The SourceError of importing ``path``, checking that the file was not even opened."""

    def no_open(*_args: object) -> int:
        raise AssertionError("the file was opened")

    with monkeypatch.context() as patch:
        patch.setattr("app.fileio.os.open", no_open)
        with pytest.raises(SourceError) as caught:
            import_file(path)
    return caught.value


def test_a_50_mb_page_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(makers.huge_html(50))
    message = str(_refused_unread(path, monkeypatch))
    assert "有 50.0 MB，超过网页导入的上限 20.0 MB" in message and "big.html" in message


def test_a_text_over_20_mb_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(makers.huge_text(20) + b"x" * (1024 * 1024))
    assert path.stat().st_size > 20 * 1024 * 1024
    assert "超过文本文件导入的上限 20.0 MB" in str(_refused_unread(path, monkeypatch))


def test_a_19_mb_text_under_the_file_cap_is_refused_by_its_characters(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(makers.huge_text(19))
    with pytest.raises(SourceError, match=r"文字有 \d+ 万字，超过可导入的上限 100 万字"):
        import_file(path)


def test_a_page_with_too_many_tags_is_refused_at_the_first_tag_beyond(tmp_path: Path) -> None:
    path = tmp_path / "tags.html"
    path.write_bytes(makers.page_of_tags(MAX_TAGS + 2_000))
    with pytest.raises(SourceError, match=r"网页的标记超过 10 万个（在第\d+行）"):
        import_file(path)


def test_a_page_with_a_large_inline_image_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(makers.page_with_image(2))
    assert import_file(path).document.meta["agency"]


def test_the_text_bound_counts_characters_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    text = makers.report_text(7_000).decode("utf-8")
    monkeypatch.setattr(app.importers.text.importer, "MAX_TEXT_CHARS", len(text))
    assert import_text(text).document.meta["agency"]  # at the bound: read
    with pytest.raises(SourceError, match="超过可导入的上限"):
        import_text(text + "。")  # a pasted text too: the same bound
    assert MAX_TEXT_CHARS == 1_000_000


def test_the_tag_bound_counts_start_tags_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (makers.DATA / "qingshi-zrzy-2023.html").read_bytes().decode("gb18030")
    tags = page.count("<") - page.count("</") - page.count("<!")
    monkeypatch.setattr(app.importers.html, "MAX_TAGS", tags)
    assert import_html(page).document.meta["agency"]
    with pytest.raises(SourceError, match="网页的标记超过"):
        import_html(page.replace("</body>", "<p>多一个</p></body>"))
