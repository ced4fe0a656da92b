# Shared helpers for build-linux.sh and build-windows.sh (sourced, not run).
# shellcheck shell=bash

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
CACHE=${NIANBAO_CACHE:-$HERE/.cache}     # per-run downloads, venvs, Wine prefix (gitignored)
OUT=${NIANBAO_OUT:-$HERE/out}            # dist folders, setup.exe, selftest output (gitignored)
HOST_PYTHON=${PYTHON:-python3}
VERSION=$("$HOST_PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")
SETUP_MAX_MB=${SETUP_MAX_MB:-35}
INSTALLED_MAX_MB=${INSTALLED_MAX_MB:-100}
mkdir -p "$CACHE" "$OUT"

_T0=$(date +%s)
_STEP_T=$_T0
_STEP_NAME=""
step() {  # step "name": prints the time the previous step took
    local now; now=$(date +%s)
    [ -n "$_STEP_NAME" ] && echo "[packaging] done: $_STEP_NAME ($((now - _STEP_T)) s)"
    _STEP_NAME=$1; _STEP_T=$now
    [ -n "$1" ] && echo "[packaging] ==> $1"
    return 0
}
die() { echo "[packaging] FAILED: $*" >&2; exit 1; }
elapsed() { echo $(( $(date +%s) - _T0 )); }

# apt_need PKG...: install the Debian packages that are missing (apt-get update once per run).
apt_need() {
    local missing=()
    for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -c >/dev/null "ok installed" || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "[packaging] apt-get install ${missing[*]}"
    # One apt-get update per run, skipped when the package lists are under an hour old.
    if [ ! -e "$CACHE/.apt-updated" ] && [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -60 2>/dev/null | head -1)" ]; then
        apt-get update -qq
    fi
    touch "$CACHE/.apt-updated"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# size_mb PATH: size in MiB (one decimal) of a file or folder.
size_mb() { du -sb "$1" | awk '{printf "%.1f", $1 / 1048576}'; }

# check_pdf PDF: pdffonts shows an embedded (subset) font, and every font is embedded except PDF's
# standard 14 (every viewer has those; they are reported, since they hold no Chinese glyphs).
check_pdf() {
    local pdf=$1
    [ -s "$pdf" ] || die "no PDF at $pdf"
    pdffonts "$pdf" | tee "$pdf.fonts.txt"
    # Columns from the right: ... emb sub uni object ID -> emb is the 5th last; name is the 1st.
    tail -n +3 "$pdf.fonts.txt" | awk '
        BEGIN { split("Courier Courier-Bold Courier-Oblique Courier-BoldOblique Helvetica Helvetica-Bold " \
                      "Helvetica-Oblique Helvetica-BoldOblique Times-Roman Times-Bold Times-Italic " \
                      "Times-BoldItalic Symbol ZapfDingbats", b, " "); for (i in b) base14[b[i]] = 1 }
        $(NF-4) == "yes" { emb++; next }
        ($1 in base14) { print "[packaging] warning: standard font " $1 " is not embedded (no Chinese glyphs)"; next }
        { print "[packaging] font not embedded: " $1; bad++ }
        END { if (!emb) print "[packaging] no embedded font"; exit (bad || !emb) }' \
        || die "PDF font check failed ($pdf)"
}

# startup_median N CMD...: median wall time (s) of N runs of CMD (which must exit 0).
startup_median() {
    local n=$1; shift
    local times=() t0 t1
    for _ in $(seq "$n"); do
        t0=$(date +%s.%N)
        "$@" </dev/null >/dev/null 2>&1 || die "startup run failed: $*"
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# require FILE...: each path exists.
require() { for f in "$@"; do [ -e "$f" ] || die "missing in bundle: $f"; done; }
