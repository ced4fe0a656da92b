"""Benchmark: `nianbao collect` (board and sum) over 500 generated unit projects vs `nianbao check` on one unit.

Both commands run as child processes, the way a clerk or a script runs them (interpreter start and imports
included), each timed as the median of a few runs; the collector's peak memory is the child's own
resource.getrusage maxrss. In-process figures (scan, sum, a rescan served by the cache) follow.
Issue 10 target: collect ≤ 5 × one check, memory < 300 MB.

    .venv/bin/python bench/collect.py [UNITS] [ROUNDS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.collect import ScanCache, scan, summarise  # noqa: E402
from tests.collect.generate import write_units  # noqa: E402

# The child: the command-line entry point in a fresh interpreter, then its own peak memory on stderr.
_CHILD = (
    "import resource, sys\n"
    "from app.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def _run(args: list[str]) -> tuple[float, int, int]:
    """Wall time (s), exit code and peak memory (KiB, Linux maxrss) of one command in a child process."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    elapsed = time.perf_counter() - start
    rss = next((int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("maxrss ")), 0)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{args[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, proc.returncode, rss


def _median(args: list[str], rounds: int) -> tuple[float, int, int]:
    runs = [_run(args) for _ in range(rounds)]
    return statistics.median(r[0] for r in runs), runs[0][1], max(r[2] for r in runs)


def main(units: int = 500, rounds: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "各单位"
        start = time.perf_counter()
        paths = write_units(folder, units, seed=2024)
        size = sum(p.stat().st_size for p in paths)
        print(f"{units} unit projects generated in {time.perf_counter() - start:.1f} s ({size / 1e6:.1f} MB)")
        summary = Path(tmp) / "汇总.json"

        check_s, check_rc, check_rss = _median(["check", str(paths[0])], rounds)
        collect_s, collect_rc, collect_rss = _median(["collect", str(folder), "-o", str(summary)], rounds)
        print("child processes (interpreter start and imports included), median of", rounds, "runs:")
        peak = check_rss / 1024
        print(f"  nianbao check (1 unit):          {check_s:6.2f} s   exit {check_rc}   peak {peak:5.0f} MB")
        print(
            f"  nianbao collect ({units} units, -o): {collect_s:6.2f} s   exit {collect_rc}   "
            f"peak {collect_rss / 1024:5.0f} MB"
        )
        print(f"  ratio collect / check: {collect_s / check_s:.2f} x   (target <= 5 x; memory target < 300 MB)")

        start = time.perf_counter()
        cache = ScanCache()
        board = scan(folder, cache=cache)
        scanned = time.perf_counter() - start
        start = time.perf_counter()
        result = summarise(board)
        summed = time.perf_counter() - start
        start = time.perf_counter()
        scan(folder, cache=cache)
        rescanned = time.perf_counter() - start
        print("in process:")
        each = scanned / units * 1000
        print(f"  scan (read, check, seal) {len(board.rows)} files: {scanned:.2f} s ({each:.1f} ms each)")
        print(f"  sum of {len(result.units)} units: {summed * 1000:.0f} ms")
        print(f"  rescan, nothing changed (cache): {rescanned * 1000:.0f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
