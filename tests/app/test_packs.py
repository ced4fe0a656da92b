"""Format packs: `nianbao formats check / install / list`, versions, fallback of a broken pack, overrides end to end."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pytest

from app.cli import main
from app.spec import available_editions, load_spec, packs
from app.spec.model import ReportSpec, Severity

ROOT = Path(__file__).resolve().parents[2]
HUAIAN = str(ROOT / "resources/samples/huaian-city-2024.json")
DATA = resources.files("app.spec") / "data"
TEXT_2021 = (DATA / "gov_info_annual_2021.toml").read_text(encoding="utf-8")

HEAD = '[pack]\nedition = "2021"\nversion = {version}\nname = "某省调整"\nissuer = "某省政务公开办"\n'


def adjustment(body: str, version: object = 1) -> str:
    """A pack adjusting the shipped 2021 edition by ``body`` (in the override form of the declaration)."""
    number = f'"{version}"' if isinstance(version, str) else str(version)
    return 'extends = "2021"\n' + HEAD.format(version=number) + body


RAISE_TXT02 = '[[rules]]\nid = "TXT-02"\nseverity = "error"\n'
VARIANT = (
    '[[sections]]\nid = "s3"\n[[sections.blocks]]\nid = "t3"\n[[sections.blocks.rows]]\nid = "partial"\n'
    'variants = ["（二）部分公开", "（二）部分予以公开"]\n'
)


def severity(spec: ReportSpec, rule_id: str) -> Severity:
    return next(r.severity for r in spec.rules if r.id == rule_id)


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_session_never_uses_the_real_data_folder():
    assert packs.formats_dir() != Path.home() / ".local" / "share" / "nianbao" / "formats"
    assert os.environ[packs.FORMATS_DIR_ENV]


@pytest.mark.parametrize("name", ["gov_info_annual_2021.toml", "gov_info_annual_2019.toml"])
def test_check_accepts_both_shipped_declarations(name: str, capsys: pytest.CaptureFixture[str]):
    with resources.as_file(DATA / name) as path:
        assert main(["formats", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "格式声明有效" in out and "不能作为格式包安装" in out


MISTAKES = {
    "misspelt parameter": ('[[rules]]\nid = "T3-BAL"\ncolums = ["new"]\n', "colums"),
    "unknown rule kind": ('[[rules]]\nid = "T3-BAL"\nkind = "column_balanse"\n', "column_balanse"),
    "bad severity": ('[[rules]]\nid = "T3-BAL"\nseverity = "fatal"\n', "fatal"),
    "unknown row id in a rule": ('[[rules]]\nid = "T3-CARRY-PLAUS"\nrow = "carry_forwrd"\n', "carry_forwrd"),
    "unknown row id in a variant": (VARIANT.replace('"partial"', '"partia"'), "partia"),
    "unknown rule id": ('[[rules]]\nid = "TXT-99"\nseverity = "error"\n', "TXT-99"),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_check_refuses_a_mistake_with_exit_2_naming_it(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    body, name = MISTAKES[case]
    path = write(tmp_path, adjustment(body))
    assert main(["formats", "check", path]) == 2
    err = capsys.readouterr().err
    assert f"“{name}”" in err and path in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        (
            'severity = "warning"\nblock = "t3"\nrow = "carry_forward"',
            'severity = "warnig"\nblock = "t3"\nrow = "carry_forward"',
            "warnig",
        ),
        ('kind = "column_balance"', 'kind = "column_balanc"', "column_balanc"),
        ('right = ["result_total", "carry_forward"]', 'rigth = ["result_total", "carry_forward"]', "rigth"),
        ('limit_row = "new"', 'limit_row = "nwe"', "nwe"),
    ],
)
def test_check_refuses_a_whole_declaration_pack_with_a_mistake(
    old: str, new: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert TEXT_2021.count(old) == 1
    path = write(tmp_path, HEAD.format(version=3) + TEXT_2021.replace(old, new))
    assert main(["formats", "check", path]) == 2
    assert f"“{name}”" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\n', "缺少 “issuer”"),
        ('[pack]\nedition = "2021"\nversion = "1.x"\nname = "x"\nissuer = "y"\n', "“version”"),
        ('[pack]\nedition = "../x"\nversion = 1\nname = "x"\nissuer = "y"\n', "“edition”"),
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\nauthor = "z"\n', "未知键 “author”"),
        ('extends = "2021"\n[pack]\nedition = "2019"\nversion = 1\nname = "x"\nissuer = "y"\n', "两者应一致"),
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\nextends = "2021"\n', "文件开头"),
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\n[x\n', "第6行"),
        ('extends = "2017"\n[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\n', "“2017”"),
    ],
)
def test_check_refuses_bad_pack_metadata(pack: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["formats", "check", write(tmp_path, pack)]) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000,
        "a = " + "{b = " * 100_000,
        "x" + ".x" * 200_000 + " = 1",  # tomllib alone would take hours over this key
        "[x" + ".x" * 200_000 + "]",
        "[pack]\n" + "b = [" * 50_000,
    ],
    ids=["arrays", "inline tables", "dotted key", "dotted table", "unclosed"],
)
def test_check_survives_deep_nesting(text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["formats", "check", write(tmp_path, text)]) == 2
    err = capsys.readouterr().err
    assert "格式声明" in err and "Traceback" not in err


def test_check_reads_only_small_regular_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(packs.MAX_PACK_BYTES + 1)
    assert main(["formats", "check", str(big)]) == 2
    assert "文件过大" in capsys.readouterr().err
    assert main(["formats", "check", str(tmp_path)]) == 2
    assert "是文件夹" in capsys.readouterr().err
    assert main(["formats", "check", str(tmp_path / "none.toml")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    (tmp_path / "gbk.toml").write_bytes("名称".encode("gbk"))
    assert main(["formats", "check", str(tmp_path / "gbk.toml")]) == 2
    assert "UTF-8" in capsys.readouterr().err
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.toml")
        assert main(["formats", "check", str(tmp_path / "fifo.toml")]) == 2  # returns at once, never waits
        assert "不是普通文件" in capsys.readouterr().err


def test_install_then_list(formats: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02, "1.2"))]) == 0
    assert "重新启动后生效" in capsys.readouterr().out
    assert (formats / "2021" / "1.2.toml").is_file()
    assert main(["formats", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("2021 版，第 1.2 版，某省政务公开办“某省调整”" in line and line.startswith("* ") for line in lines)
    assert any("2021 版，内置" in line and line.startswith("  ") for line in lines)  # kept, not used
    assert any("2019 版，内置" in line and line.startswith("* ") for line in lines)
    assert str(formats) in lines[-1]


def test_a_newer_version_replaces_and_the_old_is_kept(
    formats: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02, 1))]) == 0
    assert main(["formats", "install", write(tmp_path, adjustment(VARIANT, 2))]) == 0
    assert sorted(p.name for p in (formats / "2021").iterdir()) == ["1.toml", "2.toml"]
    entries = [e for e in packs.list_editions() if e.edition == "2021"]
    assert [(e.version, e.active) for e in entries] == [("2", True), ("1", False), ("", False)]
    spec = load_spec("2021")
    assert severity(spec, "TXT-02") is Severity.WARNING  # version 2 only adds a variant
    assert "（二）部分予以公开" in spec.block("t3").row("partial").variants
    capsys.readouterr()
    for version in (2, "2.0", "1.9"):
        assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02, version))]) == 2
        assert "不比已安装的第 2 版新" in capsys.readouterr().err
    assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02, "2.0.1"))]) == 0
    assert severity(load_spec("2021"), "TXT-02") is Severity.ERROR


def test_a_bare_declaration_cannot_be_installed(formats: Path, capsys: pytest.CaptureFixture[str]):
    with resources.as_file(DATA / "gov_info_annual_2021.toml") as path:
        assert main(["formats", "install", str(path)]) == 2
    assert "缺少 [pack] 表" in capsys.readouterr().err
    assert not formats.exists()


def test_a_severity_override_changes_what_check_reports(
    formats: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["check", HUAIAN]) == 0
    assert "[警告] TXT-02" in capsys.readouterr().out
    assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02))]) == 0
    capsys.readouterr()
    assert main(["check", HUAIAN]) == 1
    out = capsys.readouterr().out
    assert "[错误] TXT-02" in out and "共 1 个错误，0 个警告" in out


def test_a_broken_installed_pack_falls_back_with_a_warning(formats: Path, tmp_path: Path):
    assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02, 1))]) == 0
    # A later version spoiled on disk (edited by hand, or written for a newer program)
    (formats / "2021" / "2.toml").write_text(adjustment('[[rules]]\nid = "T3-BAL"\nseverity = "fatal"\n', 2), "utf-8")
    (formats / "2019").mkdir()
    (formats / "2019" / "1.toml").write_text("not toml [", encoding="utf-8")
    packs.reset()
    warnings = packs.list_warnings()
    assert len(warnings) == 2
    assert "改用内置格式" in warnings[0] and "2019" in warnings[0] and "TOML" in warnings[0]
    assert "改用已安装的第 1 版" in warnings[1] and "“fatal”" in warnings[1]
    assert severity(load_spec("2021"), "TXT-02") is Severity.ERROR  # version 1 still serves
    assert load_spec("2019").edition == "2019"
    entries = {(e.edition, e.version): e for e in packs.list_editions()}
    assert entries[("2021", "2")].problem and not entries[("2021", "2")].active
    assert entries[("2019", "")].active


def test_a_pack_moved_to_the_wrong_place_is_not_used(formats: Path, tmp_path: Path):
    (formats / "2021").mkdir(parents=True)
    (formats / "2021" / "5.toml").write_text(adjustment(RAISE_TXT02, 4), encoding="utf-8")
    (formats / "2021" / "notes.toml").write_text("ignored: not a version", encoding="utf-8")
    packs.reset()
    assert severity(load_spec("2021"), "TXT-02") is Severity.WARNING
    assert "与所在位置（2021 版第 5 版）不符" in packs.list_warnings()[0]


def test_a_new_edition_installed_becomes_available(formats: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    text = TEXT_2021.replace('edition = "2021"', 'edition = "2026"', 1).replace(
        "first_year = 2021", "first_year = 2026"
    )
    assert text != TEXT_2021
    pack = '[pack]\nedition = "2026"\nversion = 1\nname = "新格式"\nissuer = "国务院办公厅政府信息与政务公开办公室"\n'
    assert main(["formats", "install", write(tmp_path, pack + text)]) == 0
    assert available_editions()[0] == "2026"
    assert load_spec("2026").first_year == 2026
    assert "2021" in available_editions()


def test_an_unwritable_data_folder_is_a_chinese_error(
    formats: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    formats.write_text("a file where the folder should be", encoding="utf-8")
    assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02))]) == 2
    err = capsys.readouterr().err
    assert "无法写入" in err and "Traceback" not in err


def test_data_folder_by_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv(packs.FORMATS_DIR_ENV)
    monkeypatch.setattr(packs.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert packs.formats_dir() == tmp_path / "Roaming" / "nianbao" / "formats"
    monkeypatch.setattr(packs.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert packs.formats_dir() == tmp_path / "share" / "nianbao" / "formats"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert packs.formats_dir() == Path.home() / ".local" / "share" / "nianbao" / "formats"


def test_the_documented_example_pack_is_valid(formats: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    doc = (ROOT / "docs" / "format-packs.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    path = write(tmp_path, example)
    assert main(["formats", "check", path]) == 0
    assert (
        "（2021 版，第 2 版，某省政务公开办“某省2025年度填报口径”），在内置 2021 版基础上调整"
        in capsys.readouterr().out
    )
    assert main(["formats", "install", path]) == 0
    spec = load_spec("2021")
    assert severity(spec, "T3-CARRY-PLAUS") is Severity.ERROR
    assert spec.block("t3").row("partial").variants == ("（二）部分公开", "（二）部分予以公开")


@pytest.mark.parametrize(("text", "expected"), [("1", (1,)), ('"1.0"', (1,)), ('"1.2.0"', (1, 2)), ('"2.10"', (2, 10))])
def test_versions_are_numbers_without_trailing_zeros(text: str, expected: tuple[int, ...]):
    info = packs.parse_pack(adjustment("", 1).replace("version = 1", f"version = {text}")).info
    assert info is not None and info.version == expected and info.version_text == ".".join(map(str, expected))


def test_2_10_is_newer_than_2_9(formats: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["formats", "install", write(tmp_path, adjustment("", "2.9"))]) == 0
    assert main(["formats", "install", write(tmp_path, adjustment(RAISE_TXT02, "2.10"))]) == 0
    assert severity(load_spec("2021"), "TXT-02") is Severity.ERROR
