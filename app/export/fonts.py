"""CJK fonts for the PDF: Windows system fonts by role (仿宋, 黑体, 楷体, 宋体, 小标宋), else the bundled TrueType."""

from __future__ import annotations

import os
import struct
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.errors import UserError
from app.resources import resource_path

BUNDLED = ("fonts", "wqy-microhei.ttc")
BUNDLED_FAMILY = "文泉驿微米黑"


class Role(StrEnum):
    """Where a font is used, after GB/T 9704-2012."""

    TITLE = "title"  # 2号 小标宋
    BODY = "body"  # 3号 仿宋
    HEADING1 = "heading1"  # 一、 黑体
    HEADING2 = "heading2"  # （一） 楷体
    TABLE = "table"  # table cells: 宋体
    FOLIO = "folio"  # page numbers: 4号 宋体


@dataclass(frozen=True, slots=True)
class Candidate:
    """A font file name to look for (case-insensitive) and the face inside a .ttc."""

    filename: str
    family: str
    index: int = 0


_FANGSONG = (
    Candidate("仿宋_GB2312.ttf", "仿宋_GB2312"),
    Candidate("FangSong_GB2312.ttf", "仿宋_GB2312"),
    Candidate("simfang.ttf", "仿宋"),
    Candidate("FZFSK.TTF", "方正仿宋_GBK"),
)
_HEI = (Candidate("simhei.ttf", "黑体"), Candidate("FZHTK.TTF", "方正黑体_GBK"))
_KAI = (
    Candidate("楷体_GB2312.ttf", "楷体_GB2312"),
    Candidate("KaiTi_GB2312.ttf", "楷体_GB2312"),
    Candidate("simkai.ttf", "楷体"),
    Candidate("FZKTK.TTF", "方正楷体_GBK"),
)
_SONG = (Candidate("simsun.ttc", "宋体"), Candidate("simsun.ttf", "宋体"))
_XIAOBIAOSONG = (
    Candidate("FZXBSJW.TTF", "方正小标宋简体"),
    Candidate("方正小标宋简体.ttf", "方正小标宋简体"),
    Candidate("FZXBSK.TTF", "方正小标宋_GBK"),
    Candidate("方正小标宋_GBK.ttf", "方正小标宋_GBK"),
)

# Preference order per role; the bundled font ends every list.
CANDIDATES: dict[Role, tuple[Candidate, ...]] = {
    Role.TITLE: _XIAOBIAOSONG + _HEI + _SONG,
    Role.BODY: _FANGSONG + _SONG,
    Role.HEADING1: _HEI,
    Role.HEADING2: _KAI + _FANGSONG,
    Role.TABLE: _SONG + _FANGSONG,
    Role.FOLIO: _SONG + _FANGSONG,
}

# Roles that should look heavier than the body: drawn with a thin outline when they fall back to
# the same face as the body, so that the hierarchy stays visible.
EMPHASIS = frozenset({Role.TITLE, Role.HEADING1})


class FontFileError(UserError):
    """A font file cannot be embedded (CFF outlines, unreadable, not a font)."""


def sfnt_version(path: Path, index: int = 0) -> bytes:
    """The sfnt version tag of a .ttf/.otf file or of face ``index`` of a .ttc."""
    with path.open("rb") as handle:
        head = handle.read(12)
        if head[:4] == b"ttcf":
            count = struct.unpack(">I", head[8:12])[0]
            if index >= count:
                raise FontFileError(f"{path.name} 中没有第 {index} 个字体")
            handle.seek(12 + 4 * index)
            (offset,) = struct.unpack(">I", handle.read(4))
            handle.seek(offset)
            return handle.read(4)
        return head[:4]


def is_truetype(path: Path, index: int = 0) -> bool:
    """True for TrueType (glyf) outlines, which reportlab can embed; False for CFF ("OTTO") and non-fonts."""
    try:
        return sfnt_version(path, index) in (b"\x00\x01\x00\x00", b"true")
    except (OSError, struct.error, FontFileError):
        return False


def font_dirs() -> list[Path]:
    """Folders searched for system fonts: Windows' own and per-user folders, or the usual Unix ones."""
    dirs: list[Path] = []
    if sys.platform == "win32" or os.environ.get("WINDIR"):
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    else:
        home = Path.home()
        dirs += [home / ".local/share/fonts", home / ".fonts", Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
    return [d for d in dirs if _is_dir(d)]


def _is_dir(path: Path) -> bool:
    """Path.is_dir that says False for a folder it may not look into (PermissionError), never raises."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _index_dirs(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-cased file name → first path found (subfolders included, as on Linux)."""
    found: dict[str, Path] = {}
    for folder in dirs:
        for root, _subdirs, files in os.walk(folder, onerror=None):  # unreadable folders are skipped
            for name in files:
                found.setdefault(name.lower(), Path(root) / name)
    return found


@dataclass(frozen=True, slots=True)
class FontFace:
    """A registered reportlab font: its name in the PDF, where it came from, and its character map."""

    name: str
    path: Path
    index: int
    family: str
    bundled: bool
    cmap: frozenset[int] = field(repr=False, compare=False)

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap


def is_invisible(char: str) -> bool:
    """Format and combining marks (variation selectors, zero-width joiners) and controls."""
    return unicodedata.category(char) in ("Mn", "Cf", "Cc")


_REGISTER_LOCK = threading.Lock()


@cache
def _register(path: Path, index: int, family: str, bundled: bool) -> FontFace:
    """Register a TrueType face once per process. Raises FontFileError."""
    if not is_truetype(path, index):
        raise FontFileError(f"{path.name} 不是 TrueType 轮廓字体（可能是 CFF/OpenType），无法嵌入 PDF")
    name = f"NB-{path.stem}-{index}"
    with _REGISTER_LOCK:
        try:
            font = TTFont(name, str(path), subfontIndex=index)
        except (TTFError, OSError, struct.error) as exc:
            raise FontFileError(f"无法读取字体 {path.name}：{exc}") from exc
        pdfmetrics.registerFont(font)
    cmap = frozenset(font.face.charToGlyph)
    return FontFace(name, path, index, family, bundled, cmap)


def bundled_face() -> FontFace:
    return _register(resource_path(*BUNDLED), 0, BUNDLED_FAMILY, True)


@dataclass(frozen=True, slots=True)
class FontSet:
    """The face chosen for each role, plus the bundled face that stands in for missing characters."""

    faces: dict[Role, FontFace]
    fallback: FontFace

    def face(self, role: Role) -> FontFace:
        return self.faces[role]

    def emphasize(self, role: Role) -> bool:
        """Whether ``role`` must be drawn heavier because it had to use the body's face."""
        return role in EMPHASIS and self.faces[role].path == self.faces[Role.BODY].path

    def runs(self, text: str, role: Role) -> Iterator[tuple[str, FontFace]]:
        """Split ``text`` into runs drawable by one face: the role's face, else the fallback.

        Invisible marks no face has (variation selectors, zero-width spaces) are left out.
        """
        primary = self.faces[role]
        text = "".join(c for c in text if primary.has(c) or self.fallback.has(c) or not is_invisible(c))
        current: FontFace | None = None
        start = 0
        for i, char in enumerate(text):
            face = primary if primary.has(char) or not self.fallback.has(char) else self.fallback
            if face is not current:
                if current is not None and i > start:
                    yield text[start:i], current
                current, start = face, i
        if current is not None and start < len(text):
            yield text[start:], current

    def describe(self) -> list[str]:
        """One line per role, for logs and the self-test: "正文：仿宋（simfang.ttf）"."""
        names = {
            Role.TITLE: "标题",
            Role.BODY: "正文",
            Role.HEADING1: "一级标题",
            Role.HEADING2: "二级标题",
            Role.TABLE: "表格",
            Role.FOLIO: "页码",
        }
        return [f"{names[r]}：{f.family}（{f.path.name}）" for r, f in self.faces.items()]


def find_fonts(dirs: Iterable[Path] | None = None) -> FontSet:
    """Choose a face for every role from the fonts installed in ``dirs`` (default: font_dirs())."""
    index = _index_dirs(font_dirs() if dirs is None else dirs)
    fallback = bundled_face()
    faces: dict[Role, FontFace] = {}
    for role, candidates in CANDIDATES.items():
        faces[role] = fallback
        for cand in candidates:
            path = index.get(cand.filename.lower())
            if path is None:
                continue
            try:
                faces[role] = _register(path, cand.index, cand.family, False)
            except FontFileError:
                continue
            break
    return FontSet(faces, fallback)


@cache
def system_fonts() -> FontSet:
    """The font set of this machine, found once per process."""
    return find_fonts()
