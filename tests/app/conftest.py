"""Fixtures for the Qt-free core tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.document import ReportDocument


@pytest.fixture
def zeros() -> ReportDocument:
    """A complete, consistent report: every cell 0 and every section written."""
    doc = ReportDocument.new("某某市某某局", 2024)
    doc.apply(dict.fromkeys(doc.spec.input_cells, Decimal(0)))
    for fid in doc.texts:
        doc.texts[fid] = "本年度工作情况。"
    doc.texts["s1_request"] = "本年度未收到政府信息公开申请。"
    doc.texts["s5_main"] = "存在的问题：公开内容不够全面。改进措施：下一步将加强培训。"
    doc.texts["s6_main"] = "本年度未收取信息处理费。"
    return doc
