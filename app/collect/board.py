"""Reading a folder of unit reports into the status board: statuses, duplicates, roster, seals, a cache (Qt-free).

Nothing in the folder is ever written. Each file is read once per change: the cache keys it by size and
modification time, then by the SHA-256 of its bytes, so an unchanged file is never parsed again.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from app.collect.roster import CollectError, Roster, normalise_name
from app.document import ReportDocument
from app.errors import UserError
from app.fileio import FileTooLargeError, NotRegularFileError, describe_read_error, read_regular
from app.importers.common import Problem
from app.importers.registry import import_file, importer_for
from app.persistence import MAX_PROJECT_BYTES, loads_sealed
from app.rules import Issue, Severity, validate
from app.seal import Seal, SealCheck, SealStatus, verify
from app.spec import edition_for_year

log = logging.getLogger(__name__)

_MB = 1024 * 1024
# Each importer applies its own (smaller) cap; this one bounds the hashing of a file no importer would take
_MAX_IMPORT_BYTES = 64 * _MB
_MAX_FILES = 5000  # far beyond a province's units; a folder with more is the wrong folder
_SAVED_AT = re.compile(rb'"saved_at"\s*:\s*"([^"\\]{1,40})"')
SUMMARY_SCOPE = "本级政府汇总"
WORKBOOK_KEYWORD = "nianbao-collect"  # in a 汇总明细 workbook's keywords, before the folder it was made from

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


class Status(StrEnum):
    """A unit's place on the board; the values are the spelling on the board and in `collect --json`."""

    PASSED = "通过"
    WARNINGS = "有警告"  # warnings not all explained
    ERRORS = "有错误"
    UNREADABLE = "无法读取"
    DUPLICATE = "重复"
    WRONG_YEAR = "年度不符"
    MISSING = "未交"


_SUMMABLE = frozenset({Status.PASSED, Status.WARNINGS, Status.ERRORS})


# ----------------------------------------------------------------------------- one file
@dataclass
class FileEntry:
    """What was read from one file: the report (or why not), its seal, its check. Cached by content."""

    path: str
    size: int
    mtime_ns: int
    digest: str = ""
    document: ReportDocument | None = None
    seal: Seal | None = None
    seal_check: SealCheck | None = None
    saved: str | None = None
    imported: bool = False
    import_kind: str | None = None
    import_problems: list[Problem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    error: str | None = None
    collected_from: str | None = None  # made by the collector from this folder (a summary or its workbook)
    retry: bool = False  # could not be read, perhaps because it is still being written: read again next time

    @property
    def mtime_text(self) -> str:
        return datetime.fromtimestamp(self.mtime_ns / 1e9).astimezone().isoformat(timespec="seconds")


def _digest_file(path: str, max_bytes: int) -> str:
    """SHA-256 of a regular file read in chunks (never blocking on a FIFO); OSError when it is not one."""
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotRegularFileError(path)
        read = 0
        while chunk := handle.read(1024 * 1024):
            read += len(chunk)
            if read > max_bytes:
                raise FileTooLargeError(read)
            digest.update(chunk)
    return digest.hexdigest()


def read_entry(path: str, info: os.stat_result, known: FileEntry | None = None) -> FileEntry:
    """Read one file into a FileEntry; never raises for what is in the file (the reason goes in ``error``).

    ``retry`` is set only when the file may read differently without its size or time changing: it could
    not be opened (on Windows, a file still being copied is locked) or it changed while being read.
    A file that is broken as it stands is read again as soon as its size or time changes.
    """
    entry = FileEntry(path, info.st_size, info.st_mtime_ns)
    is_project = Path(path).suffix.lower() == ".json"
    cap = MAX_PROJECT_BYTES if is_project else _MAX_IMPORT_BYTES
    if info.st_size > cap:
        entry.error = f"文件过大（{info.st_size / _MB:.1f} MB），不是单位的年度报告"
        return entry
    data = b""
    try:
        if is_project:
            data = read_regular(path, cap)
            entry.digest = hashlib.sha256(data).hexdigest()
        else:
            entry.digest = _digest_file(path, cap)
    except FileTooLargeError:
        entry.error = "文件过大，不是单位的年度报告"
        return entry
    except OSError as exc:
        entry.error = describe_read_error(exc, path)
        entry.retry = True
        return entry
    if known is not None and known.digest == entry.digest and not known.retry:
        # same bytes (copied again, or touched): keep what was read, under the new size and time
        known.size, known.mtime_ns = entry.size, entry.mtime_ns
        return known
    try:
        if is_project:
            _read_project(entry, data)
        else:
            entry.collected_from = workbook_origin(path)
            if entry.collected_from is None:
                _read_imported(entry)
            else:  # the detail of someone's sum: its report is the summary project, not this workbook
                entry.error = f"这是汇总“{entry.collected_from}”得到的汇总明细表，不是单位的年度报告"
    except UserError as exc:
        entry.error = str(exc)
    except Exception as exc:  # a bug in an importer must not stop the whole board
        log.exception("reading %s for the board failed", Path(path).name)
        entry.error = f"读取时出现程序错误（{type(exc).__name__}），请将此文件反馈给开发者"
        entry.document = None
    del data
    try:
        after = os.stat(path)
    except OSError:
        after = None
    if after is None or (after.st_size, after.st_mtime_ns) != (info.st_size, info.st_mtime_ns):
        # changed (or went away) while being read: half-written; what was read is not the file
        entry.retry = True
        entry.document = None
        entry.error = "文件正在写入或复制，稍后自动重新读取"
    if entry.document is not None:
        entry.issues = validate(entry.document)
    return entry


def _read_project(entry: FileEntry, data: bytes) -> None:
    doc, seal = loads_sealed(data)
    entry.document, entry.seal = doc, seal
    entry.seal_check = verify(doc, seal)
    entry.collected_from = doc.collected_from
    found = _SAVED_AT.search(data, 0, 4096)
    entry.saved = found.group(1).decode("ascii", "replace") if found else None


def workbook_mark(folder: str | os.PathLike[str]) -> str:
    """The keywords property of a 汇总明细 workbook made from ``folder`` (see workbook_origin)."""
    return f"{WORKBOOK_KEYWORD} {os.path.abspath(folder)}"


def workbook_origin(path: str | os.PathLike[str]) -> str | None:
    """The folder a 汇总明细 workbook was made from (its document properties); None for any other file."""
    if Path(path).suffix.lower() != ".xlsx":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > 64 * 1024:
                return None
            data = archive.read(info)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, NotImplementedError, EOFError):
        return None
    found = re.search(rb"<cp:keywords>([^<]{1,8192})</cp:keywords>", data)
    if found is None:
        return None
    text = html.unescape(found.group(1).decode("utf-8", "replace"))
    prefix = WORKBOOK_KEYWORD + " "
    return text[len(prefix) :] if text.startswith(prefix) else None


def _read_imported(entry: FileEntry) -> None:
    importer = importer_for(entry.path)
    result = import_file(entry.path)
    entry.document = result.document
    entry.imported = True
    entry.import_kind = importer.kind if importer else None
    entry.import_problems = list(result.problems)
    entry.seal_check = SealCheck(SealStatus.NONE)


class ScanCache:
    """Remembers what each file held, so that a rescan reads only files that changed (one scan at a time)."""

    def __init__(self) -> None:
        self.entries: dict[str, FileEntry] = {}
        self.reads = 0  # how many files were parsed (not served from the cache)
        self.own_outputs: set[str] = set()  # files the collector wrote: never read back as units

    def mark_written(self, path: str | os.PathLike[str]) -> None:
        """Remember a file the collector itself wrote (the summary, the workbook) so no scan reads it as a unit."""
        self.own_outputs.add(os.path.abspath(path))
        self.entries.pop(os.path.abspath(path), None)

    def entry(self, path: str, info: os.stat_result) -> FileEntry:
        known = self.entries.get(path)
        if known is not None and not known.retry and (known.size, known.mtime_ns) == (info.st_size, info.st_mtime_ns):
            return known
        entry = read_entry(path, info, known)
        if entry is not known:
            self.reads += 1
        self.entries[path] = entry
        return entry

    def forget_missing(self, present: Iterable[str]) -> None:
        keep = set(present)
        for path in list(self.entries):
            if path not in keep:
                del self.entries[path]


# ----------------------------------------------------------------------------- the board
@dataclass
class UnitRow:
    """One line of the board: a file read (or not), or a roster unit with no file (未交)."""

    file: str | None
    agency: str
    status: Status
    reason: str = ""
    roster_name: str | None = None
    year: int | None = None
    edition: str | None = None
    saved: str | None = None
    errors: int = 0
    warnings: int = 0
    explained: int = 0
    seal: SealStatus = SealStatus.NONE
    seal_check: SealCheck | None = None
    imported: bool = False
    import_kind: str | None = None
    import_problems: list[Problem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    document: ReportDocument | None = None
    include_override: bool | None = None
    retry: bool = False
    key: str = ""  # the normalised unit name duplicates are found by

    @property
    def included(self) -> bool:
        """Whether the unit goes into the sum: 通过 and 有警告 by default; a tick includes 有错误 too."""
        if self.status not in _SUMMABLE:
            return False
        if self.include_override is not None:
            return self.include_override
        return self.status is not Status.ERRORS

    @property
    def rules_failed(self) -> frozenset[str]:
        """Rules with an error or an unexplained warning (for filtering the board by rule)."""
        return frozenset(
            i.rule
            for i in self.issues
            if i.severity is Severity.ERROR or (i.severity is Severity.WARNING and not i.explained)
        )

    def as_json(self) -> dict[str, object]:
        """The `collect --json` shape of one unit."""
        return {
            "file": self.file,
            "agency": self.agency,
            "year": self.year,
            "edition": self.edition,
            "status": self.status.value,
            "errors": self.errors,
            "warnings": self.warnings,
            "seal": self.seal.value,
        }


def _saved_key(row: UnitRow) -> datetime:
    """When the row's file was last saved, comparable across time zones (the newer duplicate is used)."""
    try:
        moment = datetime.fromisoformat(row.saved or "")
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.astimezone()


def _counts(issues: list[Issue]) -> tuple[int, int, int]:
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = sum(1 for i in issues if i.severity is Severity.WARNING and not i.explained)
    explained = sum(1 for i in issues if i.severity is Severity.WARNING and i.explained)
    return errors, warnings, explained


@dataclass
class Board:
    """Every file of the folder and every roster unit, with its status; rebuilt after each choice."""

    folder: str
    entries: list[FileEntry]
    roster: Roster | None = None
    requested_year: int | None = None
    cancelled: bool = False
    problems: list[str] = field(default_factory=list)  # folders that could not be listed, files skipped
    rows: list[UnitRow] = field(default_factory=list)
    year: int | None = None
    _chosen: dict[str, str] = field(default_factory=dict)  # unit key → file chosen among duplicates
    _include: dict[str, bool] = field(default_factory=dict)  # file → 选择汇总 tick

    def __post_init__(self) -> None:
        self.rebuild()

    # ------------------------------------------------------------------ queries
    @property
    def missing(self) -> list[str]:
        return [r.agency for r in self.rows if r.status is Status.MISSING]

    @property
    def duplicates(self) -> list[list[str]]:
        """Files of the same unit, the one used first."""
        groups: dict[str, list[UnitRow]] = {}
        for row in self.rows:
            if row.file is not None and row.key and row.status not in {Status.UNREADABLE, Status.WRONG_YEAR}:
                groups.setdefault(row.key, []).append(row)
        out = []
        for rows in groups.values():
            if len(rows) > 1:
                rows.sort(key=lambda r: r.status is Status.DUPLICATE)
                out.append([r.file for r in rows if r.file is not None])
        return out

    def included_rows(self) -> list[UnitRow]:
        return [r for r in self.rows if r.included]

    def row_for(self, file: str) -> UnitRow | None:
        return next((r for r in self.rows if r.file == file), None)

    @property
    def all_passed(self) -> bool:
        """Every roster unit is in and every file 通过 (the exit code of `nianbao collect`)."""
        return bool(self.rows) and all(r.status is Status.PASSED for r in self.rows) and not self.cancelled

    # ------------------------------------------------------------------ choices
    def choose(self, file: str) -> None:
        """Use this file for its unit; its duplicates become 重复."""
        row = self.row_for(file)
        if row is None or not row.key:
            raise KeyError(file)
        self._chosen[row.key] = file
        self.rebuild()

    def set_included(self, file: str, included: bool | None) -> None:
        """选择汇总: tick a unit in or out of the sum (None: back to the default rule)."""
        if included is None:
            self._include.pop(file, None)
        else:
            self._include[file] = included
        self.rebuild()

    # ------------------------------------------------------------------ building
    def rebuild(self) -> None:
        readable = [e for e in self.entries if e.document is not None]
        year = self.requested_year
        if year is None and readable:
            years = Counter(e.document.year for e in readable if e.document is not None and e.document.year)
            if years:
                top = max(years.values())
                year = max(y for y, n in years.items() if n == top)
        self.year = year
        edition = edition_for_year(year) if year else None
        rows: list[UnitRow] = []
        for entry in self.entries:
            rows.append(self._row(entry, year, edition))
        groups: dict[str, list[UnitRow]] = {}
        for row in rows:
            if row.key and row.status in _SUMMABLE:
                groups.setdefault(row.key, []).append(row)
        for key, group in groups.items():
            if len(group) < 2:
                continue
            group.sort(key=_saved_key, reverse=True)
            chosen = self._chosen.get(key)
            used = next((r for r in group if r.file == chosen), group[0])
            for row in group:
                if row is not used:
                    row.status = Status.DUPLICATE
                    row.reason = f"同一单位有 {len(group)} 个文件，汇总使用“{Path(used.file or '').name}”"
        if self.roster is not None:
            present = {r.roster_name for r in rows if r.roster_name}
            for unit in self.roster.units:
                if unit not in present:
                    rows.append(UnitRow(None, unit, Status.MISSING, "名单中的单位没有报送文件", roster_name=unit))
        self.rows = rows

    def _row(self, entry: FileEntry, year: int | None, edition: str | None) -> UnitRow:
        doc = entry.document
        saved = entry.saved or entry.mtime_text
        if doc is None:
            reason = entry.error or "无法读取"
            if entry.retry and "稍后" not in reason:
                reason += "（稍后自动重新读取）"
            elif not entry.retry:
                reason += "（文件修改后会自动重新读取）"
            stem = Path(entry.path).stem
            row = UnitRow(entry.path, stem, Status.UNREADABLE, reason, saved=saved, retry=entry.retry)
            if self.roster is not None:
                # a file named after a roster unit is that unit's (unreadable) submission: not also 未交
                row.roster_name = self.roster.match(stem)
            return row
        agency = doc.meta.get("agency", "").strip()
        errors, warnings, explained = _counts(entry.issues)
        row = UnitRow(
            entry.path,
            agency or Path(entry.path).stem,
            Status.PASSED,
            year=doc.year,
            edition=doc.spec.edition,
            saved=saved,
            errors=errors,
            warnings=warnings,
            explained=explained,
            seal=entry.seal_check.status if entry.seal_check else SealStatus.NONE,
            seal_check=entry.seal_check,
            imported=entry.imported,
            import_kind=entry.import_kind,
            import_problems=entry.import_problems,
            issues=entry.issues,
            document=doc,
            include_override=self._include.get(entry.path),
        )
        if self.roster is not None and agency:
            row.roster_name = self.roster.match(agency)
        row.key = row.roster_name or (normalise_name(agency) if agency else "")
        notes = []
        if self.roster is not None and row.roster_name is None:
            notes.append("不在名单中（可在别名表中对应到名单中的名称）")
        if year is not None and (doc.year != year or doc.spec.edition != edition):
            row.status = Status.WRONG_YEAR
            notes.insert(0, f"报告年度为 {doc.year or '未填写'}，汇总年度为 {year}，不计入汇总")
        elif errors:
            row.status = Status.ERRORS
            notes.insert(0, f"有 {errors} 个错误，默认不计入汇总")
        elif warnings:
            row.status = Status.WARNINGS
        row.reason = "；".join(notes)
        return row


# ----------------------------------------------------------------------------- scanning
def _within(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


def summed_here(collected_from: str | None, folder: str | os.PathLike[str]) -> bool:
    """Whether a file made by the collector from ``collected_from`` sums this folder (or one inside or around it).

    Its units are among this folder's files already: read as a unit, it would count them twice.
    """
    if not collected_from:
        return False
    made = os.path.normcase(os.path.abspath(collected_from))
    here = os.path.normcase(os.path.abspath(folder))
    return _within(made, here) or _within(here, made)


def _skipped_name(name: str) -> bool:
    """Backups, temporary files of a save in progress, Office lock files."""
    lower = name.lower()
    return name.startswith((".", "~$")) or lower.endswith((".bak", ".tmp", ".part", ".crdownload"))


def list_files(folder: Path, exclude: Iterable[str | os.PathLike[str]] = ()) -> tuple[list[str], list[str]]:
    """Candidate report files under ``folder`` (regular files, no symbolic links), sorted, and problems."""
    skip = {os.path.normcase(os.path.abspath(p)) for p in exclude}
    found: list[str] = []
    problems: list[str] = []

    def onerror(exc: OSError) -> None:
        problems.append(f"无法列出文件夹“{exc.filename}”：{exc.strerror or exc}")

    for root, dirs, files in os.walk(folder, onerror=onerror, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if _skipped_name(name):
                continue
            path = os.path.join(root, name)
            if Path(name).suffix.lower() != ".json" and importer_for(name) is None:
                continue
            if os.path.normcase(os.path.abspath(path)) in skip:
                continue
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            found.append(path)
            if len(found) > _MAX_FILES:
                problems.append(f"文件夹中可读取的文件超过 {_MAX_FILES} 个，只读取了前 {_MAX_FILES} 个")
                return found[:_MAX_FILES], problems
    return found, problems


def scan(
    folder: str | os.PathLike[str],
    roster: Roster | None = None,
    year: int | None = None,
    cache: ScanCache | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Board:
    """Read every report under ``folder`` into a Board; CollectError when the folder cannot be read at all."""
    root = Path(folder)
    if not root.is_dir():
        raise CollectError(f"找不到文件夹“{root}”" if not root.exists() else f"“{root}”不是文件夹")
    try:
        with os.scandir(root) as listing:
            next(listing, None)
    except OSError as exc:
        raise CollectError(f"无法读取文件夹“{root}”：{exc.strerror or exc}") from exc
    cache = cache if cache is not None else ScanCache()
    # the collector's own output (a summary or workbook saved into the folder) is not a unit's report;
    # a 本级政府汇总 someone else made (a city's or county's report) is, and is read like any other
    files, problems = list_files(root, [*exclude, *cache.own_outputs])
    entries: list[FileEntry] = []
    cancelled = False
    for done, path in enumerate(files):
        if cancel is not None and cancel():
            cancelled = True
            break
        try:
            info = os.stat(path)
        except OSError:
            continue  # removed meanwhile
        entry = cache.entry(path, info)
        if summed_here(entry.collected_from, root):
            what = "本级政府汇总" if entry.document is not None else "汇总明细表"
            problems.append(f"“{Path(path).name}”是汇总本文件夹得到的{what}，不作为单位读取")
        else:
            entries.append(entry)
        if progress is not None:
            progress(done + 1, len(files), path)
    if not cancelled:
        cache.forget_missing(files)
    return Board(str(root), entries, roster, year, cancelled, problems)
