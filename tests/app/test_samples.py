"""The shipped sample projects carry exactly the numbers of the reference reports they come from."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from app.document import ReportDocument

DATA = Path(__file__).resolve().parents[1] / "data"


def test_huaian_numbers_equal_the_transcription(huaian: ReportDocument):
    src = json.loads((DATA / "huaian-city-2024.reference.json").read_text(encoding="utf-8"))
    t3 = huaian.spec.block("t3")
    for row in t3.rows:
        expected = src["table3_applications"]["rows"]["/".join(row.path)]
        assert [huaian.value(t3.ref(row.id, c.id)) for c in t3.columns] == [Decimal(v) for v in expected]
    t4 = huaian.spec.block("t4")
    for col in t4.columns:
        group = "/".join(col.path[:-1])
        assert huaian.value(t4.ref("cases", col.id)) == src["table4_review_litigation"][group][col.label]
    assert huaian.value("t2_8.fee.amount") == Decimal("96171.6")
    assert huaian.value("t2_6.penalty.decisions") == 3985758
    # Every printed total is kept as stated and agrees with the computed one.
    assert huaian.stated and all(huaian.stated[r] == huaian.totals()[r] for r in huaian.stated)


def test_jianxi_is_all_zero_with_its_real_narrative(jianxi: ReportDocument):
    text = (DATA / "jianxi-zwfw-2022.txt").read_text(encoding="utf-8")
    assert all(jianxi.value(ref) == 0 for ref in jianxi.spec.cells)
    assert jianxi.texts["s1_request"] == "我局不涉及依申请公开事项。"
    for fid, body in jianxi.texts.items():
        for paragraph in body.splitlines():
            assert paragraph in text, fid
