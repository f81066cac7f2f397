"""The .xlsx writer of every export: a customer's columns and formats, streamed by ``rules.xlsx``."""

from __future__ import annotations

from foreign_trade_crm.rules import excel as rules
from foreign_trade_crm.rules import xlsx


def write_xlsx(rows: list[dict], columns: list[rules.Column], title: str, progress=None) -> bytes:
	"""The workbook: a bold, frozen header row, the columns' widths, each cell as ``rules.excel.cell``
	makes it (numbers as numbers with the column's format, dates as dates, text as text, never a
	formula), streamed so that memory stays flat. ``progress(done, total)`` is called every 5,000 rows
	(background exports show a bar)."""
	styles = xlsx.Styles()
	plan = [(column.source, xlsx.converter(column, styles)) for column in columns]
	return xlsx.write(
		title,
		[column.header for column in columns],
		([convert(row.get(source)) for source, convert in plan] for row in rows),
		widths=[column.width or max(10, min(40, len(column.header) + 4)) for column in columns],
		count=len(rows),
		progress=progress,
		styles=styles,
	)
