"""Paths of the fixtures used by the importer tests (published reports copied into tests/data)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "resources" / "samples"


def pingtan_2020_with_row_one_unreadable() -> str:
    """平潭 2020's page with 表三 row 一 printed so that its digits have several readings.

    The page runs row 一 together as "200 000121", which has one reading (a 推定 value); printed as
    "110000011" it has several (11 0 0 0 0 0 11, 1 10 0 0 0 0 11, …), so an import leaves the row blank and
    marked unread — what a clerk meets when a row cannot be recovered.
    """
    page = (DATA / "pingtan-2020.page.txt").read_text(encoding="utf-8")
    row_one = "一、本年新收政府信息公开申请数量"
    assert page.count(row_one + "200 000121") == 1
    return page.replace(row_one + "200 000121", row_one + "110000011")
