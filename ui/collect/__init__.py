"""The 汇总 workspace: the status board of every unit's report in a folder, the sum and its drill-down."""
