"""Word import: our own .docx round-trips, .docx files saved by LibreOffice read like the page they came from,
.doc/.wps get the save-as message, and a hostile .docx is refused in seconds."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.document import ReportDocument
from app.export.docx import build_docx
from app.export.fonts import find_fonts
from app.export.html import build_html
from app.importers.common import SourceError
from app.importers.docx import MAX_ROWS, SAVE_AS_DOCX, import_docx
from app.importers.html import import_html_file
from app.importers.registry import import_file, importer_for
from app.persistence import load
from app.rules import validate
from app.values import NA
from tests.importers.conftest import DATA

FONTS = find_fonts(dirs=[])


def word(doc: ReportDocument) -> bytes:
    return build_docx(doc, fonts=FONTS)


def assert_same_report(imported: ReportDocument, original: ReportDocument) -> None:
    assert imported.spec.edition == original.spec.edition
    assert imported.cells == original.cells
    for ref, value in imported.stated.items():  # printed totals come back as stated ones, equal to ours
        assert value == original.value(ref), ref
    assert imported.texts == original.texts
    assert imported.meta["agency"] == original.meta["agency"] and imported.year == original.year
    assert imported.fee_decimals == original.fee_decimals


def test_our_docx_round_trips(huaian):
    # A text that carries its own （三）… heading prints it as a heading; the import takes headings as headings.
    huaian.texts["s1_manage"] = "全市政府信息管理工作有序推进。"
    result = import_docx(word(huaian))
    assert_same_report(result.document, huaian)
    assert not result.unreadable


def test_blank_zero_not_applicable_and_fee_decimals_survive(huaian):
    huaian.apply({"t3.new.research": None, "t3.new.other": Decimal(0), "t2_1.regulation.issued": NA})
    huaian.fee_decimals = 2
    result = import_docx(word(huaian))
    doc = result.document
    assert doc.cells["t3.new.research"] is None and doc.cells["t3.new.other"] == 0
    assert doc.cells["t2_1.regulation.issued"] is NA
    assert doc.fee_decimals == 2 and doc.cells["t2_8.fee.amount"] == Decimal("96171.60")


def test_all_zero_sample_and_a_2020_report_round_trip(jianxi):
    assert_same_report(import_docx(word(jianxi)).document, jianxi)
    old = ReportDocument.new("某某县人民政府办公室", 2020)  # the 2019 trial format: one （六） row
    old.apply({ref: Decimal(n % 7) for n, ref in enumerate(old.spec.input_cells)})
    for fid in old.texts:
        old.texts[fid] = f"正文{fid}。"
    imported = import_docx(word(old)).document
    assert imported.spec.edition == "2019"
    assert imported.cells == old.cells


def test_a_stated_total_that_disagrees_is_kept_beside_the_computed_one(huaian):
    huaian.apply({"t3.result_total.natural": Decimal(9999)})  # printed, not the sum of its rows
    doc = import_docx(word(huaian)).document
    assert doc.stated["t3.result_total.natural"] == 9999
    assert doc.totals()["t3.result_total.natural"] != 9999


def test_problems_name_the_table_and_row(huaian):
    data = word(huaian)
    # cross out a number in the Word table, as a clerk's "/" for "not applicable here"
    xml = _member(data, "word/document.xml").replace(b">447228<", b">/<", 1)
    result = import_docx(_with_member(data, "word/document.xml", xml))
    assert result.document.cells["t2_5.license.decisions"] is None
    problem = next(p for p in result.problems if "t2_5.license.decisions" in p.refs)
    assert problem.source.startswith("Word 文档第1个表格第") and "“/”" in problem.message


soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def _libreoffice_docx(source: Path, tmp_path: Path) -> bytes:
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (tmp_path / f"{source.stem}.docx").read_bytes()


@soffice
@pytest.mark.slow
def test_docx_made_by_libreoffice_reads_like_its_page(tmp_path, huaian):
    ours = tmp_path / "ours.html"
    ours.write_bytes(build_html(huaian))
    shutil.copy(DATA / "qingshi-zrzy-2023.html", tmp_path / "qingshi.html")
    for page in (ours, tmp_path / "qingshi.html"):
        from_word = import_docx(_libreoffice_docx(page, tmp_path))
        from_page = import_html_file(str(page))
        assert from_word.document.cells == from_page.document.cells, page.name
        assert from_word.document.texts == from_page.document.texts, page.name
        assert from_word.document.title == from_page.document.title
        assert not from_word.unreadable, [str(p) for p in from_word.unreadable]
    assert import_docx(_libreoffice_docx(ours, tmp_path)).document.cells == huaian.cells


# ---------------------------------------------------------------------------- what is not a .docx
def test_doc_and_wps_files_get_the_save_as_message(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096
    for name in ("年报.doc", "年报.wps", "改了扩展名.docx"):
        path = tmp_path / name
        path.write_bytes(ole)
        assert importer_for(path).kind == "docx"
        with pytest.raises(SourceError, match=SAVE_AS_DOCX):
            import_file(path)


def test_damaged_or_foreign_files(tmp_path):
    cases = {
        "text.docx": b"just text",
        "empty.docx": b"",
        "xlsx-in-disguise.docx": _zip({"xl/workbook.xml": b"<workbook/>"}),
        "broken-xml.docx": _zip({"word/document.xml": b"<w:document"}),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(SourceError):
            import_file(path)


def test_zip_bomb_is_refused_in_seconds(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip({"word/document.xml": b"<w:p>" + b" " * (400 * 1024 * 1024)}))
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(SourceError, match="解压后超过"):
        import_file(path)
    assert time.perf_counter() - start < 10


def test_entity_definitions_are_refused():
    laughs = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><d>&b;</d>'
    with pytest.raises(SourceError, match="实体定义"):
        import_docx(_zip({"word/document.xml": laughs}))


def test_huge_tables_are_refused(huaian):
    data = word(huaian)
    xml = _member(data, "word/document.xml")
    row = b"<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
    huge = xml.replace(b"</w:body>", b"<w:tbl>" + row * (MAX_ROWS + 1) + b"</w:tbl></w:body>")
    with pytest.raises(SourceError, match="超过"):
        import_docx(_with_member(data, "word/document.xml", huge))
    wide = xml.replace(b'<w:gridSpan w:val="2"/>', b'<w:gridSpan w:val="2000000000"/>', 1)
    with pytest.raises(SourceError, match="列"):
        import_docx(_with_member(data, "word/document.xml", wide))


def test_command_line_import_docx(huaian, tmp_path, capsys):
    source = tmp_path / "年报.docx"
    source.write_bytes(word(huaian))
    out = tmp_path / "p.json"
    assert main(["import-docx", str(source), "-o", str(out), "--json"]) == 0
    assert load(out).cells == huaian.cells
    assert '"title": "淮安市人民政府2024年政府信息公开工作年度报告"' in capsys.readouterr().out
    doc = tmp_path / "旧.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert main(["import-docx", str(doc), "-o", str(tmp_path / "q.json")]) == 2
    assert SAVE_AS_DOCX in capsys.readouterr().err


# ---------------------------------------------------------------------------- helpers
def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members[name] = content
    return _zip(members)


def test_the_2019_single_other_row_in_a_2021_report_is_kept_and_reported():
    old = ReportDocument.new("某某县人民政府办公室", 2020)  # laid out in the 2019 format: one （六） row
    old.apply({ref: Decimal(n % 7) for n, ref in enumerate(old.spec.input_cells)})
    for fid in old.texts:
        old.texts[fid] = f"正文{fid}。"
    data = word(old)
    xml = _member(data, "word/document.xml").replace("2020年".encode(), "2021年".encode())
    doc = import_docx(_with_member(data, "word/document.xml", xml)).document
    assert doc.spec.edition == "2021"
    assert doc.foreign_cells["2019:t3.other.total"] == old.value("t3.other.total")
    assert any(i.rule == "FMT-T3-ROWSET" and "（六）其他处理" in i.message for i in validate(doc))
