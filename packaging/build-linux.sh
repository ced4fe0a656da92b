#!/usr/bin/env bash
# Frozen Linux build of 年报助手 from packaging/nianbao.spec, then its selftest.
#   bash packaging/build-linux.sh          -> packaging/out/linux/nianbao/ and packaging/out/selftest-linux/
# Env: PYTHON (host CPython 3.11 with a shared libpython, default python3), NIANBAO_CACHE, NIANBAO_OUT.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

step "apt packages"
# poppler-utils: pdffonts. The xcb libraries let PyInstaller collect what Qt's xcb plugin needs.
apt_need poppler-utils binutils libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 \
    libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 \
    libegl1 libgl1 libdbus-1-3 libfontconfig1

step "build venv (hash-pinned wheels: packaging/pins/linux-wheels.txt)"
VENV=$CACHE/venv-linux
STAMP=$(sha256sum "$HERE/pins/linux-wheels.txt" | cut -c1-16)
if [ "$(cat "$VENV/.pins" 2>/dev/null)" != "$STAMP" ]; then
    rm -rf "$VENV"
    "$HOST_PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --require-hashes \
        --only-binary=:all: -r "$HERE/pins/linux-wheels.txt" 2>&1 | { grep -v "is ignored" || true; }
    "$VENV/bin/python" -c "import PySide6, PyInstaller, reportlab, openpyxl" || die "build venv is incomplete"
    echo "$STAMP" > "$VENV/.pins"
fi

step "PyInstaller (Linux)"
DIST=$OUT/linux
rm -rf "$DIST"
(cd "$ROOT" && "$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST" --workpath "$CACHE/build-linux" "$HERE/nianbao.spec")
B=$DIST/nianbao
I=$B/_internal
require "$B/nianbao" "$I/resources/fonts/wqy-microhei.ttc" "$I/resources/fonts/wqy-microhei.LICENSE.txt" \
    "$I/resources/icons/nianbao.png" "$I/PySide6/Qt/plugins/platforms/libqxcb.so" \
    "$I/PySide6/Qt/plugins/platforms/libqoffscreen.so" "$I/PySide6/Qt/translations/qtbase_zh_CN.qm"
n_qm=$(find "$I" -name '*.qm' | wc -l)
[ "$n_qm" -eq 1 ] || die "expected only qtbase_zh_CN.qm, found $n_qm .qm files"

step "selftest (frozen Linux build, offscreen)"
ST=$OUT/selftest-linux
rm -rf "$ST"
rc=0
QT_QPA_PLATFORM=offscreen timeout 300 "$B/nianbao" selftest "$ST" || rc=$?
[ "$rc" -eq 0 ] || die "Linux selftest exited $rc"
check_pdf "$ST/report.pdf"

step "startup: frozen vs source (--exit-after-show SAMPLE, offscreen, median of 5)"
SAMPLE=$ROOT/resources/samples/huaian-city-2024.json
export NIANBAO_DATA_DIR=$CACHE/startup-data QT_QPA_PLATFORM=offscreen
timeout 120 "$B/nianbao" --exit-after-show "$SAMPLE" >/dev/null 2>&1 || die "frozen --exit-after-show failed"  # warm caches
src=$(cd "$ROOT" && startup_median 5 timeout 120 "$VENV/bin/python" -m ui.launcher --exit-after-show "$SAMPLE")
frz=$(startup_median 5 timeout 120 "$B/nianbao" --exit-after-show "$SAMPLE")
unset NIANBAO_DATA_DIR QT_QPA_PLATFORM
echo "[packaging] startup: source $src s, frozen $frz s, ratio frozen/source $(awk -v a="$frz" -v b="$src" 'BEGIN { printf "%.2f", a / b }')"

step ""
echo "[packaging] Linux bundle: $(size_mb "$B") MiB in $B"
echo "[packaging] build-linux.sh OK in $(elapsed) s"
