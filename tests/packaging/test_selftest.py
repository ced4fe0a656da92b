"""ui.selftest helpers (the full selftest runs on the frozen builds in packaging/ci.sh)."""

from __future__ import annotations

from pathlib import Path

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
