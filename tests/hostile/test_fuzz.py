"""Fuzzing every importer and the project reader with mutated real files (byte flips, truncation, inserted control
characters, huge numbers, deep nesting): each input either imports — into a project that saves and opens again —
or is refused with a UserError whose message is Chinese. Never another exception.

Bounded in time: few examples each, derandomized (the same inputs on every run), no per-example deadline.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from app.document import ReportDocument
from app.errors import UserError
from app.importers.registry import import_file
from app.numbers import within_bounds
from app.persistence import dumps, load, loads
from tests.importers.conftest import DATA, SAMPLES

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Pieces a hostile file may carry, inserted at random places.
_INSERTS = [
    b"\x00",
    b"\x07\x1b\x0b\x0c",
    "\ud800".encode("utf-8", "surrogatepass"),  # a lone surrogate, UTF-8 style
    b"9" * 400,
    b"1e999999999",
    b"-1E+400",
    b"0." + b"1" * 300,
    b"<div>" * 2000,
    b"[" * 3000,
    b'{"a":' * 3000,
    b"<tr><td>",
    b"</table>",
    "不适用".encode(),
    "（单位：万元）".encode(),
]


def fuzz(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, in bounded time
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# What a number of the source may become.
_NUMBERS = [b"9" * 400, b"1e999999999", b"-1E+400", b"0." + b"1" * 300, b"NaN", b"Infinity", b"1e-999", b"-0", b""]
_DIGITS = re.compile(rb"\d+")


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` after a few edits: a number replaced, pieces inserted, bytes flipped or deleted, perhaps cut."""
    data = bytearray(base)
    numbers = [m.span() for m in _DIGITS.finditer(base)]
    ops = ["number", "number", "insert", "insert", "flip", "delete", "truncate"]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(ops if numbers else ops[2:]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "number":
            lo, hi = numbers.pop(draw(st.integers(0, len(numbers) - 1)))
            if hi <= len(data):
                data[lo:hi] = draw(st.sampled_from(_NUMBERS))
            numbers = [(a, b) for a, b in numbers if b <= lo]  # the spans after it have moved
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(_INSERTS))
        elif op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
    return bytes(data)


def _check(path: Path, data: bytes) -> None:
    """Import ``data`` as ``path``: a project that saves and opens again, or a Chinese refusal."""
    path.write_bytes(data)
    try:
        result = import_file(path) if path.suffix != ".json" else None
        doc = result.document if result is not None else load(path)
    except UserError as exc:
        message = str(exc)
        assert _CJK.search(message), message
        assert "Traceback" not in message and "Error" not in message, message
        event(f"refused: {type(exc).__name__}")
        return
    event("imported")
    _assert_sound(doc)


def _assert_sound(doc: ReportDocument) -> None:
    values = [*doc.cells.values(), *doc.stated.values(), *doc.foreign_cells.values()]
    assert all(within_bounds(v) for v in values if isinstance(v, Decimal))
    again = loads(dumps(doc))  # what an import brings in can always be saved and opened again
    assert again.cells == doc.cells and again.texts == doc.texts and again.meta == doc.meta


@cache
def _sample() -> ReportDocument:
    return load(SAMPLES / "huaian-city-2024.json")


@cache
def _workbook() -> bytes:
    from app.export.xlsx import build_workbook

    return build_workbook(_sample())


@cache
def _word() -> bytes:
    from app.export.docx import build_docx

    return build_docx(_sample())


def _with_part(archive: bytes, name: str, part: bytes) -> bytes:
    """``archive`` with its member ``name`` replaced by ``part``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, part if info.filename == name else src.read(info))
    return out.getvalue()


def _part(archive: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive)) as src:
        return src.read(name)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


TEXT = (DATA / "jianxi-zwfw-2022.txt").read_bytes()
PAGE = (DATA / "qingshi-zrzy-2023.html").read_bytes()


@fuzz(30)
@given(data=mutated(TEXT))
def test_text_import_never_fails_otherwise(folder: Path, data: bytes) -> None:
    _check(folder / "r.txt", data)


@fuzz(30)
@given(data=mutated(PAGE))
def test_web_page_import_never_fails_otherwise(folder: Path, data: bytes) -> None:
    _check(folder / "r.html", data)


@fuzz(20)
@given(st.data())
def test_workbook_import_never_fails_otherwise(folder: Path, data: st.DataObject) -> None:
    book = _workbook()
    if data.draw(st.integers(0, 3)) == 0:  # the archive itself damaged, or (mostly) one sheet's XML
        book = data.draw(mutated(book))
    else:
        sheet = data.draw(st.sampled_from(["xl/worksheets/sheet2.xml", "xl/worksheets/sheet4.xml"]))
        book = _with_part(book, sheet, data.draw(mutated(_part(book, sheet))))
    _check(folder / "r.xlsx", book)


@fuzz(12)
@given(st.data())
def test_word_import_never_fails_otherwise(folder: Path, data: st.DataObject) -> None:
    word = _word()
    if data.draw(st.integers(0, 3)) == 0:
        word = data.draw(mutated(word))
    else:
        word = _with_part(word, "word/document.xml", data.draw(mutated(_part(word, "word/document.xml"))))
    _check(folder / "r.docx", word)


@fuzz(8)
@given(data=mutated((DATA / "hongze-district-2023.pdf").read_bytes()))
def test_pdf_import_never_fails_otherwise(folder: Path, data: bytes) -> None:
    _check(folder / "r.pdf", data)


@fuzz(40)
@given(data=mutated((SAMPLES / "huaian-city-2024.json").read_bytes()))
def test_project_reading_never_fails_otherwise(folder: Path, data: bytes) -> None:
    _check(folder / "p.json", data)


# ------------------------------------------------------------------ what the fuzzing found, each pinned down
def _damaged_member(archive: bytes, name: str, how: str) -> bytes:
    """``archive`` with the member ``name`` damaged: its local header's signature, or its compressed bytes."""
    with zipfile.ZipFile(io.BytesIO(archive)) as src:
        info = src.getinfo(name)
    data = bytearray(archive)
    if how == "header":
        data[info.header_offset : info.header_offset + 4] = b"PK\x00\x00"
    else:  # the deflate stream just after the local header
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start : start + 8] = b"\xff" * 8
    return bytes(data)


@pytest.mark.parametrize("how", ["header", "stream"])
@pytest.mark.parametrize(
    ("suffix", "member"),
    [(".docx", "_rels/.rels"), (".docx", "word/document.xml"), (".xlsx", "xl/worksheets/sheet2.xml")],
)
def test_a_damaged_member_of_a_package_is_a_message(folder: Path, suffix: str, member: str, how: str) -> None:
    archive = _word() if suffix == ".docx" else _workbook()
    path = folder / f"damaged{suffix}"
    path.write_bytes(_damaged_member(archive, member, how))
    with pytest.raises(UserError) as caught:
        import_file(path)
    assert "损坏" in str(caught.value)
