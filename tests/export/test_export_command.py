"""`nianbao export`: exit codes, Chinese messages, draft exports, nothing written when it must not be."""

from __future__ import annotations

import zipfile

from app.cli import main
from app.export.text import DRAFT_NOTE
from app.persistence import save
from tests.export.conftest import SAMPLES, pdftotext

HUAIAN = str(SAMPLES / "huaian-city-2024.json")


def test_exports_both_files(tmp_path, capsys):
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert main(["export", HUAIAN, "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes().startswith(b"PK")
    out = capsys.readouterr().out
    assert "已导出 PDF" in out and "已导出 Excel" in out
    assert "草稿" not in pdftotext(pdf)


def test_either_file_alone(tmp_path):
    assert main(["export", HUAIAN, "--xlsx", str(tmp_path / "r.xlsx")]) == 0
    assert main(["export", HUAIAN, "--pdf", str(tmp_path / "r.pdf")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf", "r.xlsx"]


def test_report_with_errors_is_not_exported(empty, tmp_path, capsys):
    project = tmp_path / "p.json"
    save(empty, project)
    pdf = tmp_path / "r.pdf"
    assert main(["export", str(project), "--pdf", str(pdf)]) == 1
    captured = capsys.readouterr()
    assert "未导出" in captured.err and "--allow-errors" in captured.err
    assert "[错误]" in captured.out
    assert not pdf.exists()


def test_allow_errors_exports_a_draft(empty, tmp_path):
    project = tmp_path / "p.json"
    save(empty, project)
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert main(["export", str(project), "--pdf", str(pdf), "--xlsx", str(xlsx), "--allow-errors"]) == 0
    pages = pdftotext(pdf).split("\f")[:-1]
    assert pages and all("草稿" in page for page in pages)


def test_undrawable_characters_stop_the_pdf(huaian, tmp_path, capsys):
    huaian.texts["s6_main"] += "𠀀"
    project = tmp_path / "p.json"
    save(huaian, project)
    pdf = tmp_path / "r.pdf"
    assert main(["export", str(project), "--pdf", str(pdf)]) == 1
    captured = capsys.readouterr()
    assert "六、其他需要报告的事项" in captured.out and "U+20000" in captured.out
    assert not pdf.exists()
    assert main(["export", str(project), "--pdf", str(pdf), "--allow-errors"]) == 0
    assert "草稿" in pdftotext(pdf)


def test_unreadable_project_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["export", str(bad), "--pdf", str(tmp_path / "r.pdf")]) == 2
    assert "错误" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.json"), "--pdf", str(tmp_path / "r.pdf")]) == 2


def test_no_output_named_exits_2(capsys):
    assert main(["export", HUAIAN]) == 2
    assert "--pdf" in capsys.readouterr().err


def test_unwritable_target_is_reported(tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "r.pdf"
    assert main(["export", HUAIAN, "--pdf", str(target)]) == 2
    assert "文件夹不存在" in capsys.readouterr().err


def test_output_named_for_the_other_kind_is_refused(tmp_path, capsys):
    # the PDF under an Excel name (or the reverse, or no suffix) would mislead whoever opens it
    for args in (
        ["--xlsx", str(tmp_path / "out.pdf")],
        ["--pdf", str(tmp_path / "out.xlsx")],
        ["--pdf", str(tmp_path / "年报")],
        ["--pdf", str(tmp_path / "r.pdf"), "--xlsx", str(tmp_path / "r.pdf.xls")],
    ):
        assert main(["export", HUAIAN, *args]) == 2, args
        err = capsys.readouterr().err
        assert "未导出" in err and ("应以 .pdf 结尾" in err or "应以 .xlsx 结尾" in err), err
    assert list(tmp_path.iterdir()) == []
    assert main(["export", HUAIAN, "--pdf", str(tmp_path / "R.PDF"), "--xlsx", str(tmp_path / "R.XLSX")]) == 0


def test_word_export_and_its_draft(empty, tmp_path, capsys):
    docx = tmp_path / "r.docx"
    assert main(["export", HUAIAN, "--docx", str(docx)]) == 0
    assert docx.read_bytes().startswith(b"PK") and "已导出 Word" in capsys.readouterr().out
    project = tmp_path / "p.json"
    save(empty, project)
    draft = tmp_path / "d.docx"
    assert main(["export", str(project), "--docx", str(draft)]) == 1
    assert not draft.exists()
    assert main(["export", str(project), "--docx", str(draft), "--allow-errors"]) == 0
    with zipfile.ZipFile(draft) as z:
        assert DRAFT_NOTE in z.read("word/header1.xml").decode("utf-8")
    assert main(["export", HUAIAN, "--docx", str(tmp_path / "r.doc")]) == 2
    assert "应以 .docx 结尾" in capsys.readouterr().err


def test_web_page_export(tmp_path, capsys):
    page = tmp_path / "r.html"
    assert main(["export", HUAIAN, "--html", str(page), "--docx", str(tmp_path / "r.docx")]) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out = capsys.readouterr().out
    assert "已导出 网页" in out and "已导出 Word" in out
