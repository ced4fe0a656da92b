"""Format packs: the data folder, the `[pack]` metadata and versions, bounded reading of a pack file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.spec import packs
from app.spec.loader import SpecError

HEAD = '[pack]\nedition = "2021"\nversion = {version}\nname = "某省调整"\nissuer = "某省政务公开办"\n'


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_session_never_uses_the_real_data_folder():
    assert packs.formats_dir() != Path.home() / ".local" / "share" / "nianbao" / "formats"
    assert os.environ[packs.FORMATS_DIR_ENV]


@pytest.mark.parametrize(
    ("version", "expected"), [("1", (1,)), ('"1.0"', (1,)), ('"1.2.0"', (1, 2)), ('"2.10"', (2, 10))]
)
def test_versions_compare_as_numbers(version: str, expected: tuple[int, ...], tmp_path: Path):
    info = packs.read_info(write(tmp_path, HEAD.format(version=version)))
    assert info is not None and info.version == expected and info.edition == "2021"
    assert info.version_text == ".".join(map(str, expected))


def test_2_10_is_newer_than_2_9(tmp_path: Path):
    newer = packs.read_info(write(tmp_path, HEAD.format(version='"2.10"'), "a.toml"))
    older = packs.read_info(write(tmp_path, HEAD.format(version='"2.9"'), "b.toml"))
    assert newer is not None and older is not None and newer.version > older.version


def test_a_bare_declaration_has_no_pack_info(tmp_path: Path):
    assert packs.read_info(write(tmp_path, '[report]\nedition = "2021"\n')) is None


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\n', "缺少 “issuer”"),
        ('[pack]\nedition = "2021"\nversion = "1.x"\nname = "x"\nissuer = "y"\n', "“version”"),
        ('[pack]\nedition = "2021"\nversion = true\nname = "x"\nissuer = "y"\n', "“version”"),
        ('[pack]\nedition = "../x"\nversion = 1\nname = "x"\nissuer = "y"\n', "“edition”"),
        ('[pack]\nedition = "2021"\nversion = 1\nname = " "\nissuer = "y"\n', "“name”应为不空的文字"),
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\nauthor = "z"\n', "未知键 “author”"),
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\nextends = "2021"\n', "文件开头"),
        ('[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\n[x\n', "第6行"),
        ('pack = "2021"\n', "“pack”应为表"),
    ],
)
def test_bad_pack_metadata_is_named(pack: str, expected: str, tmp_path: Path):
    path = write(tmp_path, pack)
    with pytest.raises(SpecError) as caught:
        packs.read_info(path)
    assert expected in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000,
        "a = " + "{b = " * 50_000,
        "x" + ".x" * 100_000 + " = 1",  # tomllib alone would take hours over this key
        "[x" + ".x" * 100_000 + "]",
        "[pack]\n" + "b = [" * 40_000,
    ],
    ids=["arrays", "inline tables", "dotted key", "dotted table", "unclosed"],
)
def test_deep_nesting_is_refused_at_once(text: str, tmp_path: Path):
    with pytest.raises(SpecError, match="格式声明"):
        packs.read_info(write(tmp_path, text))


def test_only_small_regular_utf8_files_are_read(tmp_path: Path):
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(packs.MAX_PACK_BYTES + 1)
    cases = [(big, "文件过大"), (tmp_path, "是文件夹"), (tmp_path / "none.toml", "找不到文件")]
    (tmp_path / "gbk.toml").write_bytes("名称".encode("gbk"))
    cases.append((tmp_path / "gbk.toml", "UTF-8"))
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.toml")
        cases.append((tmp_path / "fifo.toml", "不是普通文件"))  # refused at once, never waits for a writer
    for path, expected in cases:
        with pytest.raises(SpecError, match=expected):
            packs.read_info(path)


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
