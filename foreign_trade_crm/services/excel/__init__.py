"""Excel in each customer's own format (seed 000 §6.9): templates, the .xlsx writer, exports, imports.

A **Trade Excel Template** (per customer, or the company default with no customer) lists the
columns of a sheet. Exports use the customer's template when there is one, else the default,
else the standard columns. The writer (``rules.xlsx``, streamed) keeps numbers as numbers and
dates as dates with the template's formats, a bold frozen header and column widths, and never
stores text as a formula. Imports read the customer's headers in any order, check every row
and import nothing until the file is clean (or only the good rows, when asked).

One module per job: ``templates`` (what a customer's template names), ``writer`` (the .xlsx),
``exports``, ``imports`` and ``sources`` (what a template's columns may name). The names below are
the package's public API; the whitelisted methods keep their ``foreign_trade_crm.services.excel.<method>``
paths.
"""

from foreign_trade_crm.services.excel.exports import (
	ITEM_COLUMNS,
	LIST_EXPORTS,
	RECEIVABLE_COLUMNS,
	background_threshold,
	document_lines_xlsx,
	download,
	download_list,
	download_receivables,
	export_file,
	export_job,
	list_rows,
	receivables_xlsx,
	report_xlsx,
	start_export,
)
from foreign_trade_crm.services.excel.imports import (
	LINE_HEADERS,
	NOTICE_HEADERS,
	NOTICE_LINES,
	QUOTATION_LINES,
	import_contract_lines,
	import_limits,
	import_lines,
	lines_from_file,
)
from foreign_trade_crm.services.excel.sources import get_template_sources, template_sources
from foreign_trade_crm.services.excel.templates import (
	CONTRACT_LINES,
	RECEIVABLE_LINKS,
	RECEIVABLES,
	resolve_links,
	template_columns,
	translated,
)
from foreign_trade_crm.services.excel.writer import write_xlsx
