"""Projects round-trip exactly, save atomically with a backup, and never crash on a bad file."""

from __future__ import annotations

import contextlib
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.document import ReportDocument
from app.fileio import SaveError, write_atomic
from app.persistence import FORMAT_VERSION, ProjectError, dumps, load, loads, save
from app.rules import validate
from app.spec import load_spec
from app.values import NA
from tests.conftest import refuse_writes_in

SPEC = load_spec("2021")
INPUTS = list(SPEC.input_cells)
TOTALS = list(SPEC.computed_cells)

values = st.one_of(
    st.none(),
    st.just(NA),
    st.integers(min_value=0, max_value=10**9).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
)


@st.composite
def documents(draw: st.DrawFn) -> ReportDocument:
    doc = ReportDocument.new(draw(st.text(max_size=20)), draw(st.integers(2021, 2030)))
    for ref in draw(st.lists(st.sampled_from(INPUTS), max_size=30, unique=True)):
        doc.cells[ref] = draw(values)
    for ref in draw(st.lists(st.sampled_from(TOTALS), max_size=5, unique=True)):
        value = draw(values)
        if value is not None:
            doc.stated[ref] = value
    for fid in draw(st.lists(st.sampled_from(list(SPEC.text_fields)), max_size=4, unique=True)):
        doc.texts[fid] = draw(st.text(max_size=50))
    doc.explanations = draw(st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=20), max_size=3))
    doc.fee_decimals = draw(st.integers(0, 6))
    return doc


def same(a: ReportDocument, b: ReportDocument) -> bool:
    return (a.meta, a.cells, a.stated, a.texts, a.explanations, a.fee_decimals, a.previous_project) == (
        b.meta,
        b.cells,
        b.stated,
        b.texts,
        b.explanations,
        b.fee_decimals,
        b.previous_project,
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_is_exact(doc):
    again = loads(dumps(doc))
    assert same(doc, again)
    assert dumps(again).split(b'"saved_at"')[0] == dumps(doc).split(b'"saved_at"')[0]


def test_file_is_readable_json_with_ids_and_explicit_blanks(huaian):
    huaian.cells["t3.new.research"] = None
    huaian.cells["t3.new.legal"] = NA
    data = json.loads(dumps(huaian))
    assert data["format"] == "nianbao-project" and data["format_version"] == FORMAT_VERSION
    assert data["edition"] == "2021"
    assert data["cells"]["t3.new.natural"] == "3001"
    assert data["cells"]["t3.new.research"] is None
    assert data["cells"]["t3.new.legal"] == "不适用"
    assert data["cells"]["t2_8.fee.amount"] == "96171.6"
    assert data["stated_totals"]["t3.new.total"] == "3119"
    assert "淮安市人民政府" in dumps(huaian).decode("utf-8")  # not \\u-escaped


def test_save_is_atomic_and_keeps_a_backup(tmp_path: Path, huaian, zeros):
    target = tmp_path / "报告.json"
    save(huaian, target)
    save(zeros, target)
    assert load(target).meta["agency"] == zeros.meta["agency"]
    assert load(target.with_name("报告.json.bak")).meta["agency"] == "淮安市人民政府"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.json", "报告.json.bak"]


def test_unwritable_folder_leaves_old_file_intact(tmp_path: Path, huaian, zeros, monkeypatch):
    target = tmp_path / "a.json"
    save(huaian, target)
    before = target.read_bytes()
    refuse_writes_in(monkeypatch, tmp_path)
    with pytest.raises(SaveError, match=r"无法写入.*没有该文件夹的写入权限"):
        save(zeros, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch):
    target = tmp_path / "a.json"
    target.write_bytes(b"old")

    def boom(src, dst):
        raise PermissionError(13, "locked")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(SaveError, match="正被其他程序"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_written_files_get_ordinary_permissions(tmp_path: Path):
    target = tmp_path / "out.pdf"
    write_atomic(target, b"x")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_current_umask()
    target.chmod(0o640)
    write_atomic(target, b"y")
    assert target.stat().st_mode & 0o777 == 0o640


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(SaveError, match="文件夹不存在"):
        write_atomic(tmp_path / "nope" / "a.json", b"x")


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(format="other"), "不是年报助手的项目文件"),
        (lambda d: d.update(format_version=99), "更新版本"),
        (lambda d: d.update(format_version="1"), "format_version"),
        (lambda d: d.update(extra=1), "无法识别的字段“extra”"),
        (lambda d: d.update(edition="1999"), "格式版本“1999”"),
        (lambda d: d["cells"].update({"t3.nope.natural": "1"}), "单元格编号“t3.nope.natural”不存在"),
        (lambda d: d["cells"].update({"t3.new.natural": "一百"}), "单元格 t3.new.natural"),
        (lambda d: d["cells"].update({"t3.new.natural": True}), "应为数字"),
        (lambda d: d["cells"].update({"t3.new.natural": [1]}), "应为数字"),
        (lambda d: d["cells"].update({"t3.new.total": "1"}), "stated_totals"),
        (lambda d: d.update(cells=[]), "“cells”应为对象"),
        (lambda d: d["meta"].update(year=2024), "“meta.year”应为文字"),
        (lambda d: d["meta"].update(nope="x"), "meta.nope"),
        (lambda d: d["texts"].update(s9="x"), "texts.s9"),
        (lambda d: d["settings"].update(fee_decimals=9), "fee_decimals"),
        (lambda d: d.update(previous_project=3), "previous_project"),
    ],
)
def test_bad_files_say_what_and_where(huaian, mutate, fragment):
    data = json.loads(dumps(huaian))
    mutate(data)
    with pytest.raises(ProjectError, match=fragment):
        loads(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def test_hand_edited_numbers_are_accepted(huaian):
    data = json.loads(dumps(huaian))
    data["cells"]["t3.new.natural"] = 3001  # a JSON number instead of a string
    data["cells"]["t2_8.fee.amount"] = 96171.6
    doc = loads(json.dumps(data).encode())
    assert doc.cells["t3.new.natural"] == 3001 and doc.cells["t2_8.fee.amount"] == Decimal("96171.6")


@pytest.mark.parametrize("number", ["1000.0", "1e3", "1.000E+3", "1000.000", "-0.0"])
def test_hand_written_integral_numbers_are_saved_as_integers(huaian, number):
    text = dumps(huaian).decode().replace('"t3.new.natural": "3001"', f'"t3.new.natural": {number}')
    assert number in text
    doc = loads(text.encode())
    expected = "0" if number == "-0.0" else "1000"
    assert str(doc.cells["t3.new.natural"]) == expected
    assert json.loads(dumps(doc))["cells"]["t3.new.natural"] == expected
    assert "NUM-INT" not in {i.rule for i in validate(doc)}


def test_hand_written_fractions_stay_fractions(huaian):
    text = dumps(huaian).decode().replace('"t3.new.natural": "3001"', '"t3.new.natural": 2.50')
    doc = loads(text.encode())
    assert json.loads(dumps(doc))["cells"]["t3.new.natural"] == "2.50"
    assert "NUM-INT" in {i.rule for i in validate(doc)}


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "不是完整的 JSON"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"[1, 2]", "最外层应为对象"),
        (b'{"format": "nianbao-project", "format_version": 1, "cells": {"t3.new.natural": NaN}}', "无效的数值"),
        (b"[" * 100000, "嵌套"),
    ],
)
def test_non_project_bytes(data, fragment):
    with pytest.raises(ProjectError, match=fragment):
        loads(data)


def test_truncated_file_names_line_and_column(huaian):
    data = dumps(huaian)
    with pytest.raises(ProjectError, match=r"第 \d+ 行第 \d+ 列.*\.bak"):
        loads(data[: len(data) // 2])


def test_load_names_the_file(tmp_path: Path):
    bad = tmp_path / "坏文件.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"无法打开“坏文件\.json”"):
        load(bad)
    with pytest.raises(ProjectError, match="找不到文件"):
        load(tmp_path / "nope.json")
    with pytest.raises(ProjectError, match="是文件夹"):
        load(tmp_path)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_files_raise_only_project_error(data):
    """Cut, flip and splice bytes of a real project: only ProjectError may come out."""
    base = bytearray((Path(__file__).resolve().parents[2] / "resources/samples/huaian-city-2024.json").read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        pos = data.draw(st.integers(0, max(len(base) - 1, 0)))
        if op == "cut":
            del base[pos:]
        elif op == "flip" and base:
            base[pos] = data.draw(st.integers(0, 255))
        elif op == "insert":
            base[pos:pos] = data.draw(st.binary(min_size=1, max_size=8))
        elif base:
            del base[pos : pos + data.draw(st.integers(1, 40))]
    with contextlib.suppress(ProjectError):
        loads(bytes(base))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            "meta",
            "cells",
            "stated_totals",
            "texts",
            "explanations",
            "settings",
            "previous_project",
            "edition",
            "format_version",
        ]
    ),
    json_values,
    st.text(max_size=20),
)
def test_wrong_typed_values_raise_only_project_error(key, value, subkey):
    data = json.loads((Path(__file__).resolve().parents[2] / "resources/samples/huaian-city-2024.json").read_text())
    if isinstance(data.get(key), dict) and subkey:
        data[key][subkey] = value
    else:
        data[key] = value
    with contextlib.suppress(ProjectError):
        loads(json.dumps(data).encode())
