"""§5 rows about workbooks: a far cell, 1,000,000 rows, a huge merged range, 100,000 labelled rows, 520,000
merged ranges — each answered at once, with a message, never loaded whole."""

from __future__ import annotations

import pytest

from app.importers.common import SourceError
from app.importers.xlsx import import_xlsx
from app.importers.xlsx.read import MAX_COLS, MAX_ROWS, read_workbook

from . import makers


@pytest.mark.parametrize(
    ("maker", "words"),
    [
        (makers.far_cell, "XFD1048576"),
        (makers.huge_merge, "A1:XFD1048576"),
        (lambda: makers.labelled_rows(100_000), f"前 {MAX_ROWS} 行"),
        (lambda: makers.many_merges(520_000), "合并单元格"),
    ],
    ids=["far-cell", "huge-merge", "labelled-rows-100k", "merges-520k"],
)
def test_a_workbook_beyond_the_bounds_is_refused_with_a_message(maker: makers.Maker, words: str) -> None:
    with pytest.raises(SourceError) as caught:
        import_xlsx(maker())
    assert words in str(caught.value)
    assert "无法导入" in str(caught.value) or "超出" in str(caught.value)


def test_a_million_rows_are_refused_at_the_first_row_beyond_the_bounds() -> None:
    data = makers.workbook(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 1_000_001))
    with pytest.raises(SourceError, match=f"A{MAX_ROWS + 1}"):
        import_xlsx(data)


def test_a_far_cell_holding_only_a_style_is_ignored_and_the_sheet_read_within_the_bounds() -> None:
    (sheet,) = read_workbook(makers.far_styled_cell())
    assert (sheet.n_rows, sheet.n_cols) == (1, 1)
    assert sheet.at(1, 1) is not None


def test_a_merge_within_the_bounds_is_expanded_only_over_the_used_range() -> None:
    rows = iter(
        [
            '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>',
            '<row r="3"><c r="C3"><v>5</v></c></row>',
        ]
    )
    assert MAX_COLS == 100  # CV is the last column read
    (sheet,) = read_workbook(makers.workbook(rows, merges=["A1:CV1"]))  # a title merged over 100 columns
    copies = sorted(pos for pos, cell in sheet.cells.items() if cell.copy)
    assert copies == [(1, 2), (1, 3)]  # as far as the table reaches, not over the 100 columns


def test_many_rows_or_cells_or_merges_within_the_range_are_refused_by_count() -> None:
    rows = (f'<row r="{r % MAX_ROWS + 1}"></row>' for r in range(100_000))
    with pytest.raises(SourceError, match="行"):
        import_xlsx(makers.workbook(rows))


def test_a_workbook_that_unpacks_to_too_much_is_refused() -> None:
    rows = iter(['<row r="1"><c r="A1" t="inlineStr"><is><t>' + "x" * (101 * 1024 * 1024) + "</t></is></c></row>"])
    with pytest.raises(SourceError, match="解压后"):
        import_xlsx(makers.workbook(rows))
