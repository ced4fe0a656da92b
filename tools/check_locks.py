"""Checks that the installed Python environment is exactly what the lock files pin (run by .ci/run).

    .venv/bin/python tools/check_locks.py [requirements.lock requirements-dev.lock]

Fails when a package is installed that no lock pins (a dependency pulled in unpinned), when a pinned
package is missing or has another version, or when two locks pin one package differently.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCKS = ("requirements.lock", "requirements-dev.lock")
# Installed by venv itself or by `pip install -e .`, not by the locks.
NOT_LOCKED = frozenset({"pip", "setuptools", "wheel", "nianbao"})
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:#.*)?$")


def normalize(name: str) -> str:
    """The comparable form of a distribution name (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(lines: Iterable[str], source: str) -> dict[str, str]:
    """``name==version`` lines (comments and blank lines skipped); anything else is an error."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        if match is None:
            raise ValueError(f"{source}:{number}: not an exact pin: {line}")
        pins[normalize(match.group(1))] = match.group(2)
    return pins


def problems(locks: Mapping[str, Mapping[str, str]], installed: Mapping[str, str]) -> list[str]:
    """What differs between the pins of every lock and the installed distributions."""
    found: list[str] = []
    wanted: dict[str, tuple[str, str]] = {}
    for source, pins in locks.items():
        for name, version in pins.items():
            if name in wanted and wanted[name][0] != version:
                found.append(f"{name}: {wanted[name][1]} pins {wanted[name][0]}, {source} pins {version}")
            wanted.setdefault(name, (version, source))
    for name, (version, source) in sorted(wanted.items()):
        have = installed.get(name)
        if have is None:
            found.append(f"{name}=={version} ({source}) is not installed")
        elif have != version:
            found.append(f"{name}: {source} pins {version}, {have} is installed")
    for name in sorted(set(installed) - set(wanted) - NOT_LOCKED):
        found.append(f"{name}=={installed[name]} is installed but no lock pins it")
    return found


def installed_distributions() -> dict[str, str]:
    return {normalize(d.metadata["Name"]): d.version for d in metadata.distributions()}


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [REPO / name for name in LOCKS]
    locks = {p.name: read_pins(p.read_text(encoding="utf-8").splitlines(), p.name) for p in paths}
    found = problems(locks, installed_distributions())
    for line in found:
        print(f"lock mismatch: {line}", file=sys.stderr)
    if not found:
        pinned = {name for pins in locks.values() for name in pins}
        print(f"installed packages match {', '.join(locks)} ({len(pinned)} packages)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
