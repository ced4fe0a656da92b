"""Crash recovery: a copy of unsaved work in the app's data folder, offered again after a crash."""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile

from app.document import ReportDocument
from app.fileio import write_atomic
from app.persistence import ProjectError, dumps, loads

FORMAT = "nianbao-recovery"


@dataclass
class Recovered:
    """An orphaned recovery copy: the report, the file it belonged to (if any) and when it was written."""

    doc: ReportDocument
    source: Path | None
    saved_at: datetime
    file: Path

    @property
    def when(self) -> str:
        return self.saved_at.strftime("%Y年%m月%d日 %H:%M:%S")


def encode(doc: ReportDocument, source: Path | None) -> bytes:
    payload = {
        "format": FORMAT,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "source": str(source) if source else None,
        "project": dumps(doc).decode("utf-8"),
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def decode(data: bytes, file: Path) -> Recovered:
    """Parse a recovery copy; raises ProjectError when it is unusable."""
    try:
        payload = json.loads(data.decode("utf-8"))
        if payload.get("format") != FORMAT:
            raise ProjectError("不是恢复文件")
        doc = loads(payload["project"].encode("utf-8"))
        saved_at = datetime.fromisoformat(payload["saved_at"])
    except (ProjectError, ValueError, KeyError, TypeError, AttributeError) as exc:  # ValueError: JSON, dates
        raise ProjectError(f"恢复文件已损坏：{exc}") from exc
    source = payload.get("source")
    return Recovered(doc, Path(source) if source else None, saved_at, file)


class RecoveryStore:
    """One recovery file per running window, guarded by a lock file.

    A recovery file whose lock can be taken belongs to a process that is gone (crash, power
    cut, SIGKILL): that is what the next start offers to restore.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.file: Path | None = None
        self._lock: QLockFile | None = None

    def orphans(self) -> list[Recovered]:
        """Readable recovery copies of dead processes, newest first (unreadable ones are removed)."""
        found: list[Recovered] = []
        for file in sorted(self.folder.glob("session-*.json")):
            if file == self.file:
                continue
            lock = QLockFile(str(file.with_suffix(".lock")))
            lock.setStaleLockTime(0)
            if not lock.tryLock(0):
                continue  # another running window owns it
            try:
                found.append(decode(file.read_bytes(), file))
            except (OSError, ProjectError):
                with contextlib.suppress(OSError):
                    file.unlink()
            finally:
                lock.unlock()
        found.sort(key=lambda r: r.saved_at, reverse=True)
        return found

    def claim(self) -> Path:
        """Take this process's own slot (idempotent)."""
        if self.file is None:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            self.file = self.folder / f"session-{stamp}-{os.getpid()}.json"
            self._lock = QLockFile(str(self.file.with_suffix(".lock")))
            self._lock.setStaleLockTime(0)
            self._lock.tryLock(0)
        return self.file

    def write(self, doc: ReportDocument, source: Path | None) -> None:
        """Write the recovery copy atomically (raises SaveError)."""
        write_atomic(self.claim(), encode(doc, source))

    def discard(self) -> None:
        """The work is safe (saved, or deliberately dropped): remove this window's copy."""
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.unlink()

    def remove(self, recovered: Recovered) -> None:
        with contextlib.suppress(OSError):
            recovered.file.unlink()
        with contextlib.suppress(OSError):
            recovered.file.with_suffix(".lock").unlink()

    def close(self) -> None:
        self.discard()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
