"""How long checking a format pack takes: the shipped declarations, an adjustment, and hostile 2 MB files.

Run by hand: `python bench/format_packs.py`. An installed pack is read at every start of the program, so no
file within the size cap may take long; each case prints its median time over a few runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.spec import packs
from app.spec.loader import SpecError

CAP = packs.MAX_PACK_BYTES
HEAD = '[pack]\nedition = "2021"\nversion = 1\nname = "x"\nissuer = "y"\n'


def fill(unit: str, head: str = "") -> str:
    return head + unit * ((CAP - len(head.encode())) // len(unit.encode()))


def cases() -> dict[str, str]:
    data = resources.files("app.spec") / "data"
    deep = ".".join(f"k{i}" for i in range(packs.MAX_KEY_PARTS - 1))
    return {
        "shipped 2021": (data / "gov_info_annual_2021.toml").read_text(encoding="utf-8"),
        "shipped 2019 (extends 2021)": (data / "gov_info_annual_2019.toml").read_text(encoding="utf-8"),
        "adjustment (one severity)": 'extends = "2021"\n' + HEAD + '[[rules]]\nid = "TXT-02"\nseverity = "error"\n',
        "cap of distinct 5-part keys": HEAD + "".join(f"{deep}.a{n} = 1\n" for n in range(CAP // 25)),
        "cap of short keys": HEAD + "".join(f"a{n} = 1\n" for n in range(CAP // 12)),
        "cap of one 200k-part key": "x" + ".x" * (CAP // 2 - 8) + " = 1\n",
        "cap of [[rules]] items": fill(
            '[[rules]]\nid = "R"\nkind = "no_blank"\nseverity = "error"\nmessage = "m"\n', 'extends = "2021"\n' + HEAD
        ),
        "cap of nested arrays": "a = " + "[" * (CAP - 8),
        "cap of one string": 'a = "' + "x" * (CAP - 16) + '"\n',
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, text in cases().items():
            path = Path(folder) / "pack.toml"
            path.write_text(text, encoding="utf-8")
            times, outcome = [], ""
            for _ in range(3):
                t0 = time.perf_counter()
                try:
                    packs.validate(path)
                    outcome = "valid"
                except SpecError as exc:
                    outcome = "refused: " + exc.detail[:50]
                times.append(time.perf_counter() - t0)
            size = path.stat().st_size
            print(f"{name:34} {size / 1024:8.0f} KB  median {statistics.median(times) * 1000:8.1f} ms  {outcome}")


if __name__ == "__main__":
    main()
