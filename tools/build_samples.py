"""Rebuild resources/samples/ from the reference samples in ../shared (a development tool)."""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.document import ReportDocument  # noqa: E402
from app.persistence import dumps  # noqa: E402
from app.spec import load_spec  # noqa: E402

SHARED = ROOT.parent / "shared" / "reference" / "samples"


def huaian() -> ReportDocument:
    src = json.loads((SHARED / "huaian-city-2024.json").read_text(encoding="utf-8"))
    spec = load_spec("2021")
    doc = ReportDocument.new("淮安市人民政府", 2024)
    doc.meta.update(
        agency_type="人民政府",
        scope="本级政府汇总",
        contact_unit="淮安市人民政府办公室",
        contact_phone="0517-83605210",
        publish_date="2025年2月25日",
        preamble=src["sections_text"]["preamble"],
    )
    t2 = src["table2_active_disclosure"]
    for blk in spec.section("s2").blocks:
        for row in blk.rows:
            for col in blk.columns:
                value = t2[blk.title][row.label][col.label]
                doc.cells[blk.ref(row.id, col.id)] = Decimal(str(value))
    t3 = spec.block("t3")
    for row in t3.rows:
        values = src["table3_applications"]["rows"]["/".join(row.path)]
        for col, value in zip(t3.columns, values, strict=True):
            ref = t3.ref(row.id, col.id)
            if spec.cells[ref].computed:
                doc.stated[ref] = Decimal(value)
            else:
                doc.cells[ref] = Decimal(value)
    t4 = spec.block("t4")
    for col in t4.columns:
        group = "/".join(col.path[:-1])
        ref = t4.ref("cases", col.id)
        value = Decimal(src["table4_review_litigation"][group][col.label])
        if spec.cells[ref].computed:
            doc.stated[ref] = value
        else:
            doc.cells[ref] = value
    one = src["sections_text"]["一、总体情况"]
    parts = re.split(r"(?=（[一二三四五]）)", one)
    fields = ["s1_active", "s1_request", "s1_manage", "s1_platform", "s1_supervise"]
    for fid, part in zip(fields, [p for p in parts if p.strip()], strict=True):
        doc.texts[fid] = re.sub(r"^（[一二三四五]）[^：]*：", "", part).strip()
    doc.texts["s5_main"] = src["sections_text"]["五、存在的主要问题及改进情况"]
    doc.texts["s6_main"] = src["sections_text"]["六、其他需要报告的事项"]
    doc.stated = {k: v for k, v in doc.stated.items()}
    return doc


def jianxi() -> ReportDocument:
    text = (SHARED / "jianxi-zwfw-2022.txt").read_text(encoding="utf-8")
    doc = ReportDocument.new("涧西区政务服务和大数据管理局", 2022)
    spec = doc.spec
    for ref in spec.input_cells:
        doc.cells[ref] = Decimal(0)
    heads = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    lines = [ln.strip() for ln in text.splitlines()]
    idx = {h: lines.index(h) for h in heads}

    def body(start: int, end: int) -> str:
        return "\n".join(ln for ln in lines[start:end] if ln)

    one = lines[idx[heads[0]] + 1 : idx[heads[1]]]
    subs = [
        "（一）主动公开情况",
        "（二）依申请公开情况",
        "（三）政府信息管理情况",
        "（四）政府信息公开平台建设情况",
        "（五）监督保障情况",
    ]
    pos = [one.index(s) for s in subs] + [len(one)]
    doc.texts["s1_intro"] = body(idx[heads[0]] + 1, idx[heads[0]] + 1 + pos[0])
    fields = ["s1_active", "s1_request", "s1_manage", "s1_platform", "s1_supervise"]
    for i, fid in enumerate(fields):
        doc.texts[fid] = "\n".join(ln for ln in one[pos[i] + 1 : pos[i + 1]] if ln)
    doc.texts["s5_main"] = body(idx[heads[4]] + 1, idx[heads[5]])
    doc.texts["s6_main"] = body(idx[heads[5]] + 1, len(lines))
    return doc


def main() -> None:
    out = ROOT / "resources" / "samples"
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in (("huaian-city-2024", huaian()), ("jianxi-zwfw-2022", jianxi())):
        (out / f"{name}.json").write_bytes(dumps(doc))
        print("wrote", out / f"{name}.json")


if __name__ == "__main__":
    main()
