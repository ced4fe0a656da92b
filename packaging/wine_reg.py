"""Read values from a Wine prefix's user.reg (HKCU), decoding Wine's \\xNNNN escapes.

`wine reg query` prints through the console code page, so Chinese comes out as ????; the file
itself is exact. Run `wineserver -w` first so the registry is flushed.

    python packaging/wine_reg.py PREFIX 'Software\\Microsoft\\...\\Nianbao' [NAME]
      NAME given: prints the value (exit 1 if missing); "@" is the default value.
      no NAME: exit 0 if the key exists, 1 if not.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_ESC = re.compile(r"\\x([0-9a-fA-F]{1,4})|\\(.)")


def _unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        return {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}.get(m.group(2), m.group(2))

    return _ESC.sub(sub, text)


def read_key(reg_file: Path, key: str) -> dict[str, str] | None:
    """Values of one key (names unescaped; strings unescaped, other types raw), or None."""
    wanted = "[" + key.replace("\\", "\\\\").lower() + "]"
    values: dict[str, str] | None = None
    for line in reg_file.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("["):
            if values is not None:
                break
            if line.lower().split("]", 1)[0] + "]" == wanted:
                values = {}
            continue
        if values is None or "=" not in line or line.startswith("#"):
            continue
        m = re.match(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$', line)
        if not m:
            continue
        name = "@" if m.group(1) == "@" else _unescape(m.group(1)[1:-1])
        raw = m.group(2)
        if raw.startswith('"') and raw.endswith('"'):
            raw = _unescape(raw[1:-1])
        values[name] = raw
    return values


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    values = read_key(Path(argv[0]) / "user.reg", argv[1])
    if values is None:
        return 1
    if len(argv) == 2:
        return 0
    if argv[2] not in values:
        return 1
    sys.stdout.write(values[argv[2]] + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
