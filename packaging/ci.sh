#!/usr/bin/env bash
# CI entry for packaging (called by .ci/run after the tests): both frozen builds with their selftests.
#   packaging/ci.sh
# Installs the Debian packages it needs, downloads only hash-pinned artifacts into packaging/.cache
# (fresh in each CI clone), and fails on any check. Prints the time of each build and the total.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
t0=$(date +%s)
bash "$HERE/build-linux.sh"
t1=$(date +%s)
bash "$HERE/build-windows.sh"
t2=$(date +%s)
echo "[packaging] ci.sh: Linux build $((t1 - t0)) s, Windows build $((t2 - t1)) s, total $((t2 - t0)) s"
