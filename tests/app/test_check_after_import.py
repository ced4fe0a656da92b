"""平潭 2020 from its portal text to `nianbao check`: the published error shows, the import's gaps pose as no error."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.cli.common import EXIT_ERRORS
from app.persistence import load, save
from tests.importers.conftest import pingtan_2020_with_row_one_unreadable

ROOT = Path(__file__).resolve().parents[2]
PINGTAN_2020 = ROOT / "tests" / "data" / "pingtan-2020.page.txt"
# Row 一 of 表三 as published ("20 0 0 0 0 1", 总计 21); the portal runs it together, so it is read as 推定
# values or not at all. The other cells the import cannot read are filled with 0 below.
ROW_ONE = {
    f"t3.new.{column}": Decimal(value)
    for column, value in zip(
        ("natural", "commercial", "research", "public_interest", "legal", "other"), (20, 0, 0, 0, 0, 1), strict=True
    )
}


def _check(project: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["check", "--json", str(project)]) == EXIT_ERRORS
    issues: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return issues


def _published_error(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """（七）总计 20 for 自然人 while its rows add up to 26: T3-RESULT-SUM when the 总计 row is read, T3-BAL when
    it is computed from its rows."""
    return [
        i
        for i in issues
        if i["severity"] == "error"
        and i["rule"] in ("T3-RESULT-SUM", "T3-BAL")
        and "t3.result_total.natural" in i["cells"]
        and "相差6" in i["message"]
    ]


@pytest.mark.parametrize("row_one", ["as published", "unreadable"])
def test_pingtan_2020_import_then_check_reports_the_published_error_and_no_import_artefact(
    row_one: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = PINGTAN_2020
    if row_one == "unreadable":  # digits with several readings: the row is left blank, as unread cells
        source = tmp_path / "pingtan-2020.txt"
        source.write_text(pingtan_2020_with_row_one_unreadable(), encoding="utf-8")
    project = tmp_path / "P.json"
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "import-text", str(source), "-o", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert run.returncode == EXIT_ERRORS, run.stderr  # some cells could not be read
    assert "处无法读取" in run.stdout and not run.stderr
    doc = load(project)
    unread = set(doc.unread)
    assert unread
    if row_one == "unreadable":
        assert set(ROW_ONE) <= unread

    issues = _check(project, capsys)
    assert _published_error(issues)
    for issue in issues:
        on_unread = set(issue["cells"]) & unread
        if "无法核对" in issue["message"]:
            assert issue["severity"] == "info" and issue["key"].endswith("#unread") and on_unread
        elif on_unread:
            # only the blank itself is reported, said to be the import's, never as the report's difference
            assert issue["rule"] == "NUM-NO-BLANK" and issue["key"].endswith(":unread"), issue
            assert "导入时未能读取" in issue["message"] and set(issue["cells"]) <= unread
    notes = {i["key"].removesuffix("#unread") for i in issues if i["key"].endswith("#unread")}
    if row_one == "unreadable":  # the balance of each column and the narrative's counts depend on row 一
        assert {"T3-BAL@natural", "T3-BAL@other"} <= notes and any(k.startswith("TXT-05@") for k in notes)

    doc.apply({ref: ROW_ONE.get(ref, Decimal(0)) for ref in unread})
    assert not doc.unread
    save(doc, project)
    filled = _check(project, capsys)
    assert not [i for i in filled if "无法核对" in i["message"] or "导入时未能读取" in i["message"]]
    assert _published_error(filled)
    # the rules that could not check now do: each either holds or reports its own difference
    keys = {i["key"] for i in filled}
    assert not {f"{k}#unread" for k in notes} & keys
    assert not [i for i in filled if i["rule"] == "NUM-NO-BLANK"]
