"""Facts once written in code come from the declaration: default edition, year range, fee decimals."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from app.cli import main
from app.document import ReportDocument
from app.rules.kinds import metadata_required
from app.spec import available_editions, default_edition, edition_for_year, load_spec
from app.spec.loader import SpecError, parse_spec

FILE = "gov_info_annual_2021.toml"
TEXT = (resources.files("app.spec") / "data" / FILE).read_text(encoding="utf-8")


def _mutated(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


# ---------------------------------------------------------------------------- default edition
def test_the_default_edition_is_the_one_with_the_latest_first_year():
    newest = max(available_editions(), key=lambda e: load_spec(e).first_year)
    assert default_edition() == newest
    # the order by name (cheap, used without loading) is the order by first year
    assert available_editions() == sorted(available_editions(), key=lambda e: -load_spec(e).first_year)


def test_no_edition_and_no_year_mean_the_default_edition():
    assert load_spec() is load_spec(default_edition())  # one cached object, not a second copy
    assert edition_for_year(None) == default_edition()
    assert ReportDocument.new("某局").spec is load_spec(default_edition())


# ---------------------------------------------------------------------------- year range
def test_the_year_range_is_declared_on_the_year_field():
    spec = load_spec("2021")
    assert spec.year_field is not None and spec.year_field.id == "year"
    assert spec.accepts_year(1990) and spec.accepts_year(2100)
    assert not spec.accepts_year(1989) and not spec.accepts_year(2101)


def test_meta_req_follows_the_declared_year_range():
    text = _mutated("min_year = 1990", "min_year = 2022")
    spec = parse_spec(text, FILE)
    doc = ReportDocument(spec)
    doc.meta["year"] = "2021"  # valid in the shipped declaration, outside the declared range here
    rule = next(r for r in spec.rules if r.kind == "metadata_required")
    messages = [i.message for i in metadata_required(doc, rule)]
    assert any("“2021”不是有效的年份" in m for m in messages)
    doc.meta["year"] = "2022"
    assert not any("不是有效的年份" in i.message for i in metadata_required(doc, rule))


@pytest.mark.parametrize("year, code", [("1989", 2), ("2101", 2), ("1990", 0)])
def test_new_refuses_a_year_outside_the_declared_range(tmp_path: Path, capsys, year: str, code: int):
    assert main(["new", "-o", str(tmp_path / "n.json"), "--agency", "某局", "--year", year]) == code
    if code:
        assert f"报告年度 {year} 无效" in capsys.readouterr().err


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("max_year = 2100\n", "", ["基本信息项 year", "缺少 “max_year”"]),
        ("min_year = 1990", "min_year = 2200", ["基本信息项 year", "“min_year”（2200）不能大于 “max_year”（2100）"]),
        ("min_year = 1990", 'min_year = "1990"', ["基本信息项 year", "“min_year”应为整数"]),
        (
            'label = "机关全称"\n',
            'label = "机关全称"\nmin_year = 1990\n',
            ["基本信息项 agency", "“min_year”只用于年度项"],
        ),
    ],
)
def test_a_bad_year_range_is_refused(old: str, new: str, expected: list[str]):
    with pytest.raises(SpecError) as info:
        parse_spec(_mutated(old, new), FILE)
    assert str(info.value).startswith(f"格式声明 {FILE}，")
    for part in expected:
        assert part in str(info.value)


# ---------------------------------------------------------------------------- fee decimals
def test_a_declaration_without_the_fee_decimals_is_refused():
    with pytest.raises(SpecError) as info:
        parse_spec(_mutated('unit = "万元"\nmax_decimals = 4\n', 'unit = "万元"\n'), FILE)
    assert str(info.value) == (
        f'格式声明 {FILE}，值类型 fee：小数类型（kind = "decimal"）应写明 “max_decimals”（保留的小数位数）'
    )


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_shipped_editions_keep_amounts_to_four_decimals(edition: str):
    assert load_spec(edition).fee_decimals == 4
    assert ReportDocument(load_spec(edition)).fee_decimals == 4


def test_a_new_document_takes_its_fee_decimals_from_the_declaration():
    spec = parse_spec(_mutated('unit = "万元"\nmax_decimals = 4\n', 'unit = "万元"\nmax_decimals = 2\n'), FILE)
    assert spec.fee_decimals == 2
    assert ReportDocument(spec).fee_decimals == 2
    assert ReportDocument(spec, fee_decimals=3).fee_decimals == 3  # a project's own setting wins
