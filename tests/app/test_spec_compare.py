"""Edition differences and regrouping hints are derived from the declarations, not from ids written in code."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.document import ReportDocument
from app.spec import load_spec
from app.spec.compare import changed_column_sections, regroup_hint, table_differences
from app.spec.loader import parse_spec
from app.spec.model import ReportSpec
from app.yearly import next_year


def _variant(text: str, edition: str = "2022") -> ReportSpec:
    return parse_spec(f'extends = "2021"\n[report]\nedition = "{edition}"\n{text}', "variant.toml")


def test_the_2019_and_2021_tables_differ_as_the_clerk_is_told():
    old, new = load_spec("2019"), load_spec("2021")
    assert table_differences(old, new) == ["表三（六）其他处理为1行（应为3行）", "表二的栏目不同"]
    assert table_differences(new, old) == ["表三（六）其他处理为3行（应为1行）", "表二的栏目不同"]
    assert table_differences(new, new) == [] and changed_column_sections(new, new) == []
    assert [s.id for s in changed_column_sections(old, new)] == ["s2"]


def _without_t3_rows(*gone: str) -> ReportSpec:
    """The 2021 edition without some rows of 表三, its two totals restated without them."""
    t3 = load_spec("2021").block("t3")
    rows = ", ".join(f'{{ id = "{r}", remove = true }}' for r in gone)
    computed = "".join(
        f"[[sections.blocks.computed]]\nrule = {json.dumps(c.rule)}\n"
        + (
            f"target_column = {json.dumps(c.target_column)}\ncolumns = {json.dumps(list(c.columns))}\n"
            if c.target_column
            else f"target_row = {json.dumps(c.target_row)}\nrows = {json.dumps([r for r in c.rows if r not in gone])}\n"
        )
        for c in t3.computed
    )
    return _variant(f'[[sections]]\nid = "s3"\n[[sections.blocks]]\nid = "t3"\nrows = [{rows}]\n{computed}')


def test_a_row_group_of_another_declaration_is_named_from_its_paths():
    assert table_differences(_without_t3_rows("unable_unclear"), load_spec("2021")) == [
        "表三（四）无法提供为2行（应为3行）"
    ]
    moved = _variant(
        '[[sections]]\nid = "s2"\n[[sections.blocks]]\nid = "t2_6"\n'
        'rows = [{ id = "inspection", after = "enforcement", path = ["行政检查"] }]\n'
    )
    assert table_differences(load_spec("2021"), moved) == ["表二的行不同"]


def test_regroup_hints_follow_the_declared_rows_and_columns():
    old, new = load_spec("2019"), load_spec("2021")
    assert regroup_hint(old, "t3", "other", new) == (
        "请将（六）其他处理的数字按“1.申请人无正当理由逾期不补正…”“2.申请人逾期未按收费通知要求缴纳费用…”“3.其他”"
        "分别填入三行。"
    )
    assert regroup_hint(old, "t2_9", "procurement", new) == "请按本年度格式的表二栏目重新填写。"
    assert regroup_hint(new, "t2_1", "regulation", old) == "请按本年度格式的表二栏目重新填写。"
    assert regroup_hint(new, "t3", "other_misc", old) == ""  # same columns, a row of a group 2019 does not divide
    two = _without_t3_rows("other_misc")
    assert regroup_hint(old, "t3", "other", two).endswith("分别填入二行。")


def test_next_year_copies_the_metadata_the_declaration_marks_carried(monkeypatch: pytest.MonkeyPatch):
    previous = ReportDocument.new("某某市人民政府办公室", 2024)
    for item in previous.spec.metadata:
        if item.kind in ("text", "longtext"):
            previous.meta[item.id] = f"上年的{item.label}"
    carried = {m.id for m in previous.spec.metadata if m.carried}
    assert {"agency", "contact_phone", "download_url"} <= carried and "publish_date" not in carried
    doc = next_year(previous).document
    for item in doc.spec.metadata:
        if item.kind in ("text", "longtext") and item.id != "period":
            assert (doc.meta.get(item.id) == previous.meta[item.id]) == item.carried, item.id

    # a declaration that no longer carries the telephone number: next year's report leaves it empty
    spec = _variant('[[metadata]]\nid = "contact_phone"\ncarried = false\n', "2021")
    monkeypatch.setattr(ReportDocument, "new", classmethod(lambda cls, agency, year=None: _new(spec, agency, year)))
    doc = next_year(previous).document
    assert doc.meta.get("contact_phone", "") == "" and doc.meta["contact_email"] == previous.meta["contact_email"]


def _new(spec: ReportSpec, agency: str, year: int | None) -> ReportDocument:
    doc = ReportDocument(spec)
    doc.meta["agency"], doc.meta["year"] = agency, str(year)
    doc.cells.update(dict.fromkeys(spec.input_cells, Decimal(0)))
    return doc


def test_the_edition_note_of_next_year_names_the_changed_tables():
    from app.importers.text import import_text, read_text_file
    from tests.yearly.test_yearly import DATA

    old = import_text(read_text_file(str(DATA / "liuhe-tj-2020.txt"))).document
    notes = next_year(old).notes
    assert any("表二栏目不同，未带入表二数据" in n for n in notes), notes
