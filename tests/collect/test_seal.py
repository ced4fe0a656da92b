"""The content hash and the seal of a 报送文件: what it covers, what it ignores, and how it is read back."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal

import pytest

from app.document import ReportDocument
from app.persistence import ProjectError, dumps, loads, loads_sealed
from app.rules import validate
from app.seal import Seal, SealStatus, canonical_hash, make_seal, verify
from app.values import NA


def _sealed_bytes(doc: ReportDocument) -> bytes:
    return dumps(doc, make_seal(doc, validate(doc), datetime(2025, 1, 20, 10, 0)))


def test_hash_is_sha256_hex_and_stable_across_save_time_and_version(huaian: ReportDocument) -> None:
    digest = canonical_hash(huaian)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    raw = json.loads(dumps(huaian))
    raw["saved_at"] = "1999-01-01T00:00:00+08:00"
    raw["app_version"] = "9.9.9"
    raw["settings"] = {"fee_decimals": 2}
    assert canonical_hash(loads(json.dumps(raw).encode())) == digest


def test_hash_independent_of_decimal_spelling_and_omitted_blanks(huaian: ReportDocument) -> None:
    digest = canonical_hash(huaian)
    raw = json.loads(dumps(huaian))
    natural = raw["cells"]["t3.new.natural"]
    raw["cells"]["t3.new.natural"] = natural + ".000"
    blanks = [ref for ref, v in raw["cells"].items() if v is None]
    for ref in blanks:
        del raw["cells"][ref]
    assert canonical_hash(loads(json.dumps(raw).encode())) == digest


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.meta.__setitem__("agency", d.meta["agency"] + "办公室"),
        lambda d: d.apply({"t3.new.natural": d.number("t3.new.natural") + 1}),
        lambda d: d.apply({"t4.cases.review_upheld": None}),
        lambda d: d.apply({"t3.new.research": NA}),
        lambda d: d.apply({"t3.new.total": Decimal(1)}),  # a stated total
        lambda d: d.texts.__setitem__("s6_main", d.texts["s6_main"] + "。"),
        lambda d: d.explanations.__setitem__("TXT-02@s1_supervise", "已核实"),
    ],
)
def test_every_covered_part_changes_the_hash(huaian: ReportDocument, change: object) -> None:
    before = canonical_hash(huaian)
    change(huaian)  # type: ignore[operator]
    assert canonical_hash(huaian) != before


def test_blank_zero_and_not_applicable_hash_differently(huaian: ReportDocument) -> None:
    seen = set()
    for value in (None, Decimal(0), NA):
        huaian.apply({"t3.new.research": value})
        seen.add(canonical_hash(huaian))
    assert len(seen) == 3


def test_seal_round_trip_is_intact_and_keeps_the_validation_summary(huaian: ReportDocument) -> None:
    doc, seal = loads_sealed(_sealed_bytes(huaian))
    assert seal is not None
    check = verify(doc, seal)
    assert check.status is SealStatus.INTACT
    assert (seal.validation.errors, seal.validation.warnings, seal.validation.explained) == (0, 1, 0)
    assert seal.sealed_at.startswith("2025-01-20T10:00:00")
    assert "1 个警告" in check.describe()


def test_a_lone_surrogate_no_file_can_hold_seals_and_reads_back_intact(huaian: ReportDocument) -> None:
    huaian.texts["s1_active"] = "主动公开\ud800情况"  # a broken paste; saving removes it
    huaian.meta["agency"] += "\udfff"
    doc, seal = loads_sealed(_sealed_bytes(huaian))
    assert seal is not None and doc.texts["s1_active"] == "主动公开情况"
    assert verify(doc, seal).status is SealStatus.INTACT


def test_edit_after_sealing_is_changed_and_names_the_parts(huaian: ReportDocument) -> None:
    raw = json.loads(_sealed_bytes(huaian))
    raw["cells"]["t3.new.natural"] = str(int(raw["cells"]["t3.new.natural"]) + 1)
    raw["texts"]["s5_main"] += "补充。"
    doc, seal = loads_sealed(json.dumps(raw, ensure_ascii=False).encode())
    check = verify(doc, seal)
    assert check.status is SealStatus.CHANGED
    assert check.changed == ("三、收到和处理政府信息公开申请情况", "五、存在的主要问题及改进情况")
    assert "已改动" in check.describe()


def test_edited_seal_itself_is_changed(huaian: ReportDocument) -> None:
    raw = json.loads(_sealed_bytes(huaian))
    raw["seal"]["content"] = "0" * 64
    check = verify(*loads_sealed(json.dumps(raw).encode()))
    assert check.status is SealStatus.CHANGED
    assert check.changed == ("报送信息",)


def test_plain_project_has_no_seal(huaian: ReportDocument) -> None:
    doc, seal = loads_sealed(dumps(huaian))
    assert seal is None
    assert verify(doc, seal).status is SealStatus.NONE
    assert "seal" not in json.loads(dumps(huaian))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.__setitem__("content", "xyz"), "seal.content"),
        (lambda s: s.__setitem__("extra", 1), "seal.extra"),
        (lambda s: s.pop("parts"), "parts"),
        (lambda s: s.__setitem__("algorithm", "md5"), "seal.algorithm"),
        (lambda s: s["validation"].__setitem__("errors", -1), "seal.validation.errors"),
        (lambda s: s["validation"].__setitem__("errors", True), "seal.validation.errors"),
        (lambda s: s["parts"].__setitem__("s3", 5), "seal.parts.s3"),
    ],
)
def test_malformed_seal_is_refused_in_chinese(huaian: ReportDocument, mutate: object, message: str) -> None:
    raw = json.loads(_sealed_bytes(huaian))
    mutate(raw["seal"])  # type: ignore[operator]
    with pytest.raises(ProjectError, match=re.escape(message)) as info:
        loads(json.dumps(raw).encode())
    assert "封记" in str(info.value)


def test_seal_json_round_trip(huaian: ReportDocument) -> None:
    seal = make_seal(huaian, validate(huaian))
    assert Seal.from_json(json.loads(json.dumps(seal.to_json()))) == seal
