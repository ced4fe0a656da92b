"""ui.selftest helpers (the full selftest runs on the frozen builds in packaging/ci.sh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.importers.common import ImportResult
from ui import selftest


def test_usage_without_outdir() -> None:
    assert selftest.main([]) == 2


def test_pdf_fonts_lists_base_fonts() -> None:
    pdf = b"%PDF-1.4\n<< /Type /Font /BaseFont /AAAAAA+WenQuanYiMicroHei-0 >>\n<< /BaseFont /Helvetica >>"
    assert selftest.pdf_fonts(pdf) == ["AAAAAA+WenQuanYiMicroHei-0", "Helvetica"]


def test_report_counts_steps_and_fails_on_any_failure(tmp_path: Path) -> None:
    ctx = selftest.Context(outdir=tmp_path)
    ctx.steps = [selftest.Step("a", ok=True, seconds=0.01), selftest.Step("b", ok=False)]
    text = selftest.report(ctx, 0.5)
    assert "失败 FAIL" in text and "steps: 1 ok, 1 failed" in text


def test_resources_step_finds_bundled_files(tmp_path: Path) -> None:
    ctx = selftest.Context(outdir=tmp_path)
    step = selftest.Step("资源文件")
    selftest.step_resources(ctx, step)
    assert any("wqy-microhei.ttc" in d for d in step.detail)


def test_word_and_web_page_steps_export_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = selftest.Context(outdir=tmp_path)
    selftest.step_load(ctx, selftest.Step("读取示例项目"))
    docx, html = selftest.Step("导出并导入 Word"), selftest.Step("导出网页")
    selftest.step_docx(ctx, docx)
    selftest.step_html(ctx, html)
    assert (tmp_path / "report.docx").read_bytes().startswith(b"PK")
    assert "cells differing after the round trip: 0 of 166" in docx.detail
    assert (tmp_path / "report.html").is_file() and "6 tables" in html.detail[0]
    from app.importers import docx as importer

    real = importer.import_docx_file

    def lossy(path: str) -> ImportResult:
        result = real(path)
        result.document.cells["t3.new.natural"] = None
        return result

    monkeypatch.setattr(importer, "import_docx_file", lossy)  # the round trip must notice a lost number
    with pytest.raises(selftest.SelftestError, match="单元格"):
        selftest.step_docx(ctx, selftest.Step("导出并导入 Word"))


def test_pdf_step_reads_the_exported_pdf_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = selftest.Context(outdir=tmp_path)
    selftest.step_load(ctx, selftest.Step("读取示例项目"))
    with pytest.raises(selftest.SelftestError, match=r"report\.pdf"):
        selftest.step_pdf_import(ctx, selftest.Step("导入 PDF"))  # nothing exported yet
    selftest.step_pdf(ctx, selftest.Step("导出 PDF"))
    step = selftest.Step("导入 PDF")
    selftest.step_pdf_import(ctx, step)
    assert "cells differing after the round trip: 0 of 166" in step.detail
    from app.importers import pdf as importer

    real = importer.import_pdf

    def lossy(path: str) -> ImportResult:
        result = real(path)
        result.document.cells["t3.new.natural"] = None
        return result

    monkeypatch.setattr(importer, "import_pdf", lossy)  # the round trip must notice a lost number
    with pytest.raises(selftest.SelftestError, match="1 个单元格"):
        selftest.step_pdf_import(ctx, selftest.Step("导入 PDF"))


def test_collect_step_reads_two_units_and_sums_them(tmp_path: Path) -> None:
    ctx = selftest.Context(outdir=tmp_path)
    selftest.step_load(ctx, selftest.Step("读取示例项目"))
    step = selftest.Step("汇总各单位报告")
    selftest.step_collect(ctx, step)
    assert "'甲局': ('通过', '完好')" in step.detail[0]
    assert step.detail[1] == "sum of t2_1.regulation.issued: 7"
    assert sorted(p.name for p in (tmp_path / "collect").iterdir()) == ["乙局.json", "甲局（报送）.json"]


def test_format_packs_step_installs_into_outdir_and_restores_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.spec import load_spec, packs

    before = packs.formats_dir()
    step = selftest.Step("格式包")
    selftest.step_format_packs(selftest.Context(outdir=tmp_path), step)
    assert any(d.startswith("gov_info_annual_2019.toml: valid") for d in step.detail)
    assert (tmp_path / "formats" / "2021" / "1.toml").is_file() and "TXT-02: error" in step.detail[-1]
    assert packs.formats_dir() == before  # the run's own folder again, and nothing installed there
    assert next(r.severity for r in load_spec("2021").rules if r.id == "TXT-02") == "warning"
    selftest.step_format_packs(selftest.Context(outdir=tmp_path), selftest.Step("格式包"))  # runs again into it
    monkeypatch.setattr(selftest, "SELFTEST_PACK", selftest.SELFTEST_PACK.replace('"error"', '"info"'))
    with pytest.raises(selftest.SelftestError, match="未生效"):
        selftest.step_format_packs(selftest.Context(outdir=tmp_path), selftest.Step("格式包"))
