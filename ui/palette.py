"""The window's colours, named by what they mean; every widget takes its colours from here.

Light backgrounds keep black text readable; text colours are dark enough for small type on white.
"""

from __future__ import annotations

# Severity of a finding (issue list, notes under text fields, import check list)
ERROR_TEXT = "#b3261e"
WARNING_TEXT = "#8a5a00"
INFO_TEXT = "#1a5fb4"
PASSED_TEXT = "#1e7b34"  # a unit whose report passes every check (汇总 board)

# Cell tints in the grids
ERROR_BG = "#f9d0d0"
WARNING_BG = "#fde9b8"
COMPUTED_BG = "#ececec"  # totals: computed, read-only
COMPUTED_TEXT = "#4a4a4a"
# Cells marked by an import: each mark kind has its own tint, distinct from the severities and the totals
UNREAD_BG = "#e4dcf4"  # the import could not read the cell: to be filled from the source
BLANK_TOTAL_BG = "#d5e6f7"  # the source printed this total blank: the computed sum is shown
INFERRED_BG = "#cdeee6"  # 推定: read from digits the source ran together, to be confirmed by the clerk

# The dots on the tabs that hold errors / warnings
ERROR_MARK = "#d93025"
WARNING_MARK = "#f29900"

# Secondary text
HINT_TEXT = "#5f6368"  # explanations under headings, counts, notes in dialogs
MUTED_TEXT = "#7a7a7a"  # what is done or set aside: 不适用 cells, explained warnings, checked import rows

# Last year's text shown beside an editor (read-only reference)
REFERENCE_BG = "#f6f7f9"
REFERENCE_TEXT = "#3c4043"

# The 只读 banner of a report opened read-only
READ_ONLY_BG = "#fff4ce"
READ_ONLY_BORDER = "#e0c46c"


def text_style(colour: str) -> str:
    """A label's style sheet for text in ``colour``."""
    return f"color: {colour};"
