"""The grids of 表二, 表三 and 表四 match the official layout of reference §2.3–2.5, derived from the spec."""

from __future__ import annotations

import pytest

from app.export.layout import CellKind, section_grids
from app.spec import load_spec


@pytest.fixture(scope="module")
def spec():
    return load_spec("2021")


def spans(grid):
    return {(c.row, c.col, c.rowspan, c.colspan, c.text) for c in grid.cells if c.ref is None}


def test_table_three_has_ten_columns_and_the_official_merges(spec):
    (grid,) = section_grids(spec.section("s3"))
    assert (grid.label_cols, grid.value_cols, grid.n_cols, grid.head_rows) == (3, 7, 10, 3)
    cells = spans(grid)
    corner = spec.block("t3").corner
    assert (0, 0, 3, 3, corner) in cells
    assert {
        (0, 3, 1, 7, "申请人情况"),
        (1, 3, 2, 1, "自然人"),
        (1, 4, 1, 5, "法人或其他组织"),
        (1, 9, 2, 1, "总计"),
        (2, 6, 1, 1, "社会公益组织"),
        (3, 0, 1, 3, "一、本年新收政府信息公开申请数量"),
        (5, 0, 22, 1, "三、本年度办理结果"),
        (5, 1, 1, 2, "（一）予以公开"),
        (7, 1, 8, 1, "（三）不予公开"),
        (7, 2, 1, 1, "1.属于国家秘密"),
        (15, 1, 3, 1, "（四）无法提供"),
        (18, 1, 5, 1, "（五）不予处理"),
        (23, 1, 3, 1, "（六）其他处理"),
        (26, 1, 1, 2, "（七）总计"),
        (27, 0, 1, 3, "四、结转下年度继续办理"),
    } <= cells
    assert sum(1 for c in grid.cells if c.ref) == 25 * 7


def test_table_four_has_fifteen_columns_in_three_groups(spec):
    (grid,) = section_grids(spec.section("s4"))
    assert (grid.label_cols, grid.n_cols, grid.head_rows, grid.n_rows) == (0, 15, 3, 4)
    cells = spans(grid)
    assert {
        (0, 0, 1, 5, "行政复议"),
        (0, 5, 1, 10, "行政诉讼"),
        (1, 0, 2, 1, "结果维持"),
        (1, 4, 2, 1, "总计"),
        (1, 5, 1, 5, "未经复议直接起诉"),
        (1, 10, 1, 5, "复议后起诉"),
        (2, 14, 1, 1, "总计"),
    } <= cells
    totals = [c.ref for c in grid.cells if c.kind is CellKind.TOTAL]
    assert totals == ["t4.cases.review_total", "t4.cases.direct_total", "t4.cases.after_total"]


def test_table_two_blocks_share_one_four_column_grid(spec):
    grids = section_grids(spec.section("s2"))
    assert [g.n_cols for g in grids] == [4, 4, 4, 4]
    assert [(0, 0, 1, 4, g.block.title) in spans(g) for g in grids] == [True] * 4
    assert (1, 0, 1, 1, "信息内容") in spans(grids[0])
    # a one-column block stretches its column over the three value columns
    assert (1, 1, 1, 3, "本年处理决定数量") in spans(grids[1])
    assert grids[1].cell_of("t2_5.license.decisions").colspan == 3
    assert (1, 1, 1, 3, "本年收费金额（单位：万元）") in spans(grids[3])


def test_every_cell_of_every_table_is_placed_once(spec):
    placed = [c.ref for s in spec.sections for g in section_grids(s) for c in g.cells if c.ref]
    assert sorted(placed) == sorted(spec.cells)


def test_grids_have_no_overlapping_cells(spec):
    for section in spec.sections:
        for grid in section_grids(section):
            seen: set[tuple[int, int]] = set()
            for c in grid.cells:
                area = {(r, k) for r in range(c.row, c.last_row + 1) for k in range(c.col, c.last_col + 1)}
                assert not area & seen, (grid.block.id, c)
                seen |= area
            assert len(seen) == grid.n_rows * grid.n_cols, grid.block.id
