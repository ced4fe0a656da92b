"""`nianbao check` and `nianbao new`: exit codes, plain and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.cli import main
from app.persistence import load

ROOT = Path(__file__).resolve().parents[2]
HUAIAN = str(ROOT / "resources/samples/huaian-city-2024.json")


def test_check_sample_passes_with_warnings(capsys):
    assert main(["check", HUAIAN]) == 0
    out = capsys.readouterr().out
    assert "[警告] TXT-02" in out and "共 0 个错误，1 个警告" in out


def test_check_json_lists_rule_severity_message_cells(tmp_path: Path, capsys):
    assert main(["new", "-o", str(tmp_path / "n.json"), "--agency", "某局", "--year", "2025"]) == 0
    capsys.readouterr()
    assert main(["check", "--json", str(tmp_path / "n.json")]) == 1
    issues = json.loads(capsys.readouterr().out)
    assert {"rule", "severity", "message", "cells"} <= set(issues[0])
    assert {i["rule"] for i in issues} >= {"NUM-NO-BLANK", "STR-SECTIONS"}
    assert all(i["severity"] == "error" for i in issues)


def test_check_unreadable_file_exits_2(tmp_path: Path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    assert "错误：无法打开“bad.json”" in capsys.readouterr().err


def test_new_creates_an_empty_project_and_refuses_to_overwrite(tmp_path: Path, capsys):
    out = tmp_path / "x.json"
    assert main(["new", "-o", str(out), "--agency", "某某县交通运输局", "--year", "2025"]) == 0
    doc = load(out)
    assert doc.title == "某某县交通运输局2025年政府信息公开工作年度报告"
    assert main(["new", "-o", str(out), "--agency", "x", "--year", "2025"]) == 2
    assert "已存在" in capsys.readouterr().err


def test_console_entry_runs_without_qt():
    code = (
        "import sys; from ui.launcher import main; rc = main(['check', sys.argv[1]]); "
        "assert 'PySide6' not in sys.modules, 'CLI loaded Qt'; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code, HUAIAN], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_registered_subcommand_reaches_the_command_line(capsys):
    from app.cli import build_parser
    from ui.launcher import _is_subcommand

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    names = set(sub.choices)
    assert {"check", "new", "export", "next", "import-text", "import-html", "import-pdf", "import-xlsx"} <= names
    assert all(_is_subcommand(n) for n in names)
    assert not _is_subcommand(HUAIAN) and not _is_subcommand("新报告.json") and not _is_subcommand("--exit-after-show")


def test_help_and_usage_errors_are_chinese(capsys):
    assert main(["export", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：nianbao export") and "显示本帮助并退出" in out and "show this help" not in out
    assert main(["next", "x.json"]) == 2
    assert "错误：缺少必需的参数：-o/--output" in capsys.readouterr().err


def test_file_errors_are_plain_chinese(tmp_path: Path, capsys):
    missing = str(tmp_path / "没有.txt")
    for command in ("import-text", "import-html", "import-xlsx", "import-pdf"):
        assert main([command, missing, "-o", str(tmp_path / "o.json")]) == 2
        err = capsys.readouterr().err
        assert f"找不到文件“{missing}”" in err, (command, err)
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_bytes(b"not a pdf")
    assert main(["import-pdf", str(not_pdf), "-o", str(tmp_path / "o.json")]) in (2,)
    assert "不是 PDF 文件" in capsys.readouterr().err
    assert main(["export", HUAIAN, "--pdf", str(tmp_path)]) == 2
    assert "这是一个文件夹" in capsys.readouterr().err


def test_help_usage_and_json_on_a_console_that_cannot_show_chinese(tmp_path: Path):
    env = {"PYTHONIOENCODING": "cp1252", "PATH": "/usr/bin:/bin"}
    for args in (["--help"], ["check", "--help"], ["--version"], ["nosuchcommand"]):
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env, cwd=ROOT, check=False
        )
        assert "Traceback" not in proc.stderr, (args, proc.stderr)
        assert proc.returncode in (0, 2)
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "check", "--json", HUAIAN],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    [issue] = json.loads(proc.stdout.decode("cp1252"))
    assert issue["message"].startswith("一、总体情况")  # exact, not "???"


def test_a_reader_that_closes_the_pipe_early_gets_no_traceback():
    """`nianbao check F | head -1`: the reader exits first; the command ends with its own exit code, silently."""
    for args in (["check", HUAIAN], ["check", "--json", HUAIAN], ["--help"]):
        with subprocess.Popen(
            [sys.executable, "-m", "app.cli", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            proc.stdout.close()  # before the command writes anything: its first write meets a closed pipe
            stderr = proc.stderr.read().decode("utf-8", "replace")
            assert proc.wait(timeout=60) == 0, stderr
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
