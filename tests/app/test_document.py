"""Totals are derived from the declaration; stated totals are kept beside them, never overwritten."""

from __future__ import annotations

from decimal import Decimal

from app.document import ReportDocument
from app.values import NA


def test_totals_follow_their_parts(zeros: ReportDocument):
    changes = zeros.apply({"t3.new.natural": Decimal(5), "t3.new.legal": Decimal(2)})
    assert zeros.value("t3.new.total") == 7
    assert changes.edited == {"t3.new.natural", "t3.new.legal"}
    assert changes.recomputed == {"t3.new.total"}


def test_result_total_sums_the_22_detail_rows(zeros: ReportDocument):
    zeros.apply({"t3.disclosed.natural": Decimal(3), "t3.other_misc.natural": Decimal(4)})
    assert zeros.value("t3.result_total.natural") == 7
    assert zeros.value("t3.result_total.total") == 7
    zeros.apply({"t3.withheld_secret.commercial": Decimal(1)})
    assert zeros.value("t3.result_total.total") == 8


def test_table_four_group_totals(zeros: ReportDocument):
    zeros.apply({"t4.cases.direct_upheld": Decimal(13), "t4.cases.direct_pending": Decimal(1)})
    assert zeros.value("t4.cases.direct_total") == 14
    assert zeros.value("t4.cases.review_total") == 0


def test_blank_and_not_applicable_count_as_zero_but_stay_distinct(zeros: ReportDocument):
    zeros.apply({"t3.new.natural": None, "t3.new.commercial": NA, "t3.new.legal": Decimal(2)})
    assert zeros.value("t3.new.natural") is None
    assert zeros.value("t3.new.commercial") is NA
    assert zeros.value("t3.new.total") == 2


def test_stated_total_is_kept_and_shown(zeros: ReportDocument):
    zeros.apply({"t3.new.natural": Decimal(5), "t3.new.total": Decimal(6)})
    assert zeros.stated == {"t3.new.total": Decimal(6)}
    assert zeros.value("t3.new.total") == 6  # what the source document said
    assert zeros.totals()["t3.new.total"] == 5  # what the parts say
    zeros.clear_stated()
    assert zeros.value("t3.new.total") == 5


def test_new_document_title_and_edition():
    doc = ReportDocument.new("某某县人民政府", 2025)
    assert doc.title == "某某县人民政府2025年政府信息公开工作年度报告"
    assert doc.spec.edition == "2021"
    assert all(doc.cells[ref] is None for ref in doc.spec.input_cells)
