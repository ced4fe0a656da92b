"""Atomic file writes with plain-Chinese errors; every write of a user's file goes through here (Qt-free)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from app.errors import UserError


class SaveError(UserError, OSError):
    """A file could not be written; ``str()`` is a message for the clerk. The old file is intact."""


def describe_os_error(exc: OSError, path: Path) -> str:
    """Turn an OSError into a sentence a clerk understands, naming the file."""
    name = str(path)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"无法写入“{name}”：文件正被其他程序（如 WPS、Excel 或 PDF 阅读器）打开，"
            "或没有该文件夹的写入权限。请关闭占用该文件的程序，或另选保存位置后重试。"
        )
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return f"无法写入“{name}”：这是一个文件夹，请给出文件名。"
    if exc.errno == errno.ENOSPC:
        return f"无法写入“{name}”：磁盘空间不足。"
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return f"无法写入“{name}”：文件夹不存在（U盘或网络盘可能已断开）。"
    if exc.errno == errno.EROFS:
        return f"无法写入“{name}”：该位置只读。"
    return f"无法写入“{name}”：{exc.strerror or exc}"


def describe_read_error(exc: OSError, path: str | os.PathLike[str]) -> str:
    """Why a file could not be read, in plain Chinese, naming the file."""
    name = str(path)
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return f"找不到文件“{name}”"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return f"“{name}”是文件夹，不是文件"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return f"无法读取“{name}”：没有读取权限，或文件正被其他程序占用"
    return f"无法读取“{name}”：{exc.strerror or exc}"


class NotRegularFileError(OSError):
    """The path is a FIFO, a device or a socket: reading it could block forever or never end."""


class FileTooLargeError(OSError):
    """The file is larger than its reader accepts; ``size`` is how large it is (at least)."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, "file too large")
        self.size = size


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, read without ever blocking on a FIFO or device.

    Raises IsADirectoryError, NotRegularFileError, FileTooLargeError, or the system's OSError.
    """
    _check_regular(os.stat(path), path, max_bytes)  # before the open: opening a FIFO waits for a writer
    # O_NONBLOCK: a FIFO swapped in after the stat above still cannot block the open
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        _check_regular(os.fstat(handle.fileno()), path, max_bytes)
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while being read
        raise FileTooLargeError(len(data))
    return data


def _check_regular(info: os.stat_result, path: str | os.PathLike[str], max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
    if info.st_size > max_bytes:
        raise FileTooLargeError(info.st_size)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``path`` so that the file is either the old one or the complete new one.

    The bytes go to a temporary file in the same folder, are flushed and fsync'ed, then replace
    the target. With ``backup`` the previous version is kept as ``<name>.bak``.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = ""
    bak_tmp = ""  # removed whatever happens: a full disk must not leave a stray .bak.tmp behind
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        # mkstemp makes the file private (0600); give it the mode a plain open() would (or the old file's).
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and target.exists():
            bak = target.with_name(target.name + ".bak")
            bak_tmp = str(bak) + ".tmp"
            shutil.copy2(target, bak_tmp)
            os.replace(bak_tmp, bak)
            bak_tmp = ""
        os.replace(tmp_name, target)
        tmp_name = ""
        with contextlib.suppress(OSError, AttributeError):  # directory fsync is POSIX-only
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        raise SaveError(describe_os_error(exc, target)) from exc
    finally:
        for leftover in (tmp_name, bak_tmp):
            if leftover:
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
