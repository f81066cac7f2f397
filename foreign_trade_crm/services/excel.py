"""Excel in each customer's own format (seed 000 §6.9): templates, the .xlsx writer, contract-line import.

A **Trade Excel Template** (per customer, or the company default with no customer) lists the
columns of a sheet. Exports use the customer's template when there is one, else the default,
else the standard columns. The writer (openpyxl, write-only) keeps numbers as numbers and
dates as dates with the template's formats, bold frozen headers and column widths, and never
stores text as a formula. Imports read the customer's headers in any order, check every row
and import nothing until the file is clean (or only the good rows, when asked).
"""

from __future__ import annotations

from io import BytesIO

import frappe
from frappe import _

from foreign_trade_crm.rules import excel as rules

RECEIVABLES = "Export Receivables"
CONTRACT_LINES = "Export Contract Lines"

# the standard columns of the receivables export, when the customer has no template
RECEIVABLE_COLUMNS = (
	rules.Column("customer", "Customer"),
	rules.Column("voucher_no", "Invoice No"),
	rules.Column("shipment_notice", "Shipment Notice"),
	rules.Column("bl_date", "B/L Date", "Date"),
	rules.Column("expected_date", "Expected Collection Date", "Date"),
	rules.Column("currency", "Currency"),
	rules.Column("booked", "Booked", "Currency"),
	rules.Column("collected", "Collected", "Currency"),
	rules.Column("unpaid", "Unpaid", "Currency"),
	rules.Column("days_overdue", "Days Overdue", "Int"),
)

# the fields a contract-line import fills, and the headers understood without a template
LINE_HEADERS = {
	"Customer Item Code": "customer_item_code",
	"Your Item Code": "customer_item_code",
	"Buyer Code": "customer_item_code",
	"客户货号": "customer_item_code",
	"Item Code": "item_code",
	"Item": "item_code",
	"货号": "item_code",
	"Qty": "qty",
	"Quantity": "qty",
	"数量": "qty",
	"Rate": "rate",
	"Price": "rate",
	"Unit Price": "rate",
	"单价": "rate",
}


def template_columns(
	customer: str | None, applies_to: str, purpose: str = "Export"
) -> list[rules.Column] | None:
	"""The customer's template for ``applies_to``, else the default one (no customer); None when neither."""
	names = frappe.get_all(
		"Trade Excel Template",
		filters={"applies_to": applies_to, "purpose": purpose},
		fields=["name", "customer"],
	)
	chosen = next((n.name for n in names if customer and n.customer == customer), None) or next(
		(n.name for n in names if not n.customer), None
	)
	if not chosen:
		return None
	rows = frappe.get_all(
		"Trade Excel Column",
		filters={"parent": chosen, "parenttype": "Trade Excel Template"},
		fields=["*"],
		order_by="idx",
	)
	return [
		rules.Column(
			source=r.source.strip(),
			header=r.header,
			fieldtype=r.fieldtype or "Data",
			prefix=r.prefix or "",
			suffix=r.suffix or "",
			max_chars=r.max_chars or 0,
			decimals=r.decimals
			if r.decimals or r.fieldtype in ("Int", "Float", "Currency", "Percent")
			else None,
			thousands=not r.no_thousands,
			width=r.width or 0,
			true_text=r.true_text or _("Yes"),
			false_text=r.false_text or _("No"),
			date_format=r.date_format or "yyyy-mm-dd",
			text_mode=r.text_mode or rules.PLAIN,
		)
		for r in rows
	]


def resolve_links(rows: list[dict], columns: list[rules.Column], doctype_of: dict[str, str]) -> None:
	"""Fill ``link.field`` sources (e.g. item_code.item_name) set-wise: one query per link field."""
	for column in columns:
		if "." not in column.source:
			continue
		link, target = column.source.split(".", 1)
		doctype = doctype_of.get(link)
		if not doctype or (not frappe.get_meta(doctype).has_field(target) and target != "name"):
			continue
		names = list({r.get(link) for r in rows if r.get(link)})
		values = (
			dict(
				frappe.get_all(
					doctype, filters={"name": ("in", names)}, fields=["name", target], as_list=True
				)
			)
			if names
			else {}
		)
		for r in rows:
			r[column.source] = values.get(r.get(link))


def write_xlsx(rows: list[dict], columns: list[rules.Column], title: str) -> bytes:
	"""The workbook: a bold, frozen header row, widths, formats; write-only, so memory stays flat."""
	from openpyxl import Workbook
	from openpyxl.cell import WriteOnlyCell
	from openpyxl.styles import Font, PatternFill

	book = Workbook(write_only=True)
	sheet = book.create_sheet(title[:31])
	sheet.freeze_panes = "A2"
	for index, column in enumerate(columns):
		letter = _letter(index)
		sheet.column_dimensions[letter].width = column.width or max(10, min(40, len(column.header) + 4))
	bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
	header = []
	for column in columns:
		c = WriteOnlyCell(sheet, value=column.header)
		c.font, c.fill = bold, fill
		header.append(c)
	sheet.append(header)
	for row in rows:
		out = []
		for column in columns:
			value = rules.cell(row.get(column.source), column)
			if value.number_format is None and not value.as_text:
				out.append(value.value)
				continue
			c = WriteOnlyCell(sheet, value=value.value)
			if value.as_text:
				c.data_type = "s"  # stored as text: Excel shows it, never runs it
			if value.number_format:
				c.number_format = value.number_format
			out.append(c)
		sheet.append(out)
	buffer = BytesIO()
	book.save(buffer)
	return buffer.getvalue()


def _letter(index: int) -> str:
	from openpyxl.utils import get_column_letter

	return get_column_letter(index + 1)


def receivables_xlsx(rows: list[dict], customer: str | None, standard=RECEIVABLE_COLUMNS) -> bytes:
	"""Receivable rows in the customer's format (or the default, or the ``standard`` columns)."""
	columns = template_columns(customer, RECEIVABLES) or [
		rules.Column(c.source, _(c.header), c.fieldtype) for c in standard
	]
	resolve_links(
		rows,
		columns,
		{"customer": "Customer", "voucher_no": "Sales Invoice", "shipment_notice": "Shipment Notice"},
	)
	return write_xlsx(rows, columns, _("Receivables"))


@frappe.whitelist()
def download_receivables(filters: str | dict):
	"""Export Receivables (per invoice) as .xlsx in the customer's format, for desk users of the report."""
	from foreign_trade_crm.services.receivables import voucher_rows

	if not frappe.has_permission("Sales Invoice", "read"):
		raise frappe.PermissionError(_("Not permitted"))
	frappe.has_permission("Report", "read", doc=RECEIVABLES, throw=True)
	filters = frappe._dict(frappe.parse_json(filters) if isinstance(filters, str) else filters)
	rows = voucher_rows(filters)
	frappe.response["filename"] = f"receivables-{filters.get('customer') or 'all'}.xlsx"
	frappe.response["filecontent"] = receivables_xlsx(rows, filters.get("customer"))
	frappe.response["type"] = "binary"


# ---------------------------------------------------------------------- contract-line import


def contract_lines_from_file(contract, content: bytes) -> tuple[list[dict], list[rules.RowProblem]]:
	"""The file's lines for a draft contract, with every bad row: headers from the customer's import
	template (or the usual names), buyer codes resolved through Item → Customer Items."""
	rows = rules.read_rows(content)
	template = template_columns(contract.customer, CONTRACT_LINES, purpose="Import")
	headers = {c.header: c.source for c in template} if template else LINE_HEADERS
	mapping = rules.find_header(rows, headers, {"qty"})
	if not mapping or not ({"customer_item_code", "item_code"} & set(mapping.columns.values())):
		frappe.throw(
			_(
				"No header row found: the sheet needs a quantity column and an item code or customer item code column"
			)
		)
	codes = dict(
		frappe.db.sql(
			"""select icd.ref_code, icd.parent from `tabItem Customer Detail` icd join `tabItem` i on i.name = icd.parent
			where icd.customer_name = %s and i.disabled = 0 and i.is_sales_item = 1""",
			contract.customer,
		)
	)
	items = set(frappe.get_all("Item", filters={"disabled": 0, "is_sales_item": 1}, pluck="name"))
	known = {}
	if "customer_item_code" in mapping.columns.values():
		known["customer_item_code"] = set(codes)
	if "item_code" in mapping.columns.values():
		known["item_code"] = items
	lines, problems = rules.parse_lines(
		rows, mapping, {"qty"}, {"qty", "rate"} & set(mapping.columns.values()), known
	)
	for line in lines:
		if not line.get("item_code") and line.get("customer_item_code"):
			line["item_code"] = codes.get(str(line["customer_item_code"]).strip())
		if not line.get("item_code") and not any(p.row == line["_row"] for p in problems):
			problems.append(
				rules.RowProblem(
					line["_row"], "item_code", None, rules.Problem("missing", _("a value is required"))
				)
			)
	return lines, problems


@frappe.whitelist()
def import_contract_lines(contract: str, filedata: str, good_rows_only: int = 0) -> dict:
	"""Lines from an .xlsx (base64) into a draft Export Contract: nothing unless every row is good,
	or only the good ones when ``good_rows_only``; every bad row is named (row, column, value, reason)."""
	import base64

	doc = frappe.get_doc("Export Contract", contract)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(_("Lines can be imported into a draft contract only"))
	try:
		content = base64.b64decode(filedata.split(",", 1)[-1], validate=True)
	except Exception:
		frappe.throw(_("The file could not be read"))
	try:
		lines, problems = contract_lines_from_file(doc, content)
	except rules.UnsafeWorkbook as error:
		frappe.throw(error.problem.render(_))
	bad_rows = {p.row for p in problems}
	if problems and not frappe.utils.cint(good_rows_only):
		frappe.throw(
			[
				_("Row {0}, {1} ({2}): {3}").format(
					p.row, _(p.column), "" if p.value is None else p.value, _(p.reason.template)
				)
				for p in problems
			],
			title=_("Nothing imported: {0} row(s) to correct").format(len(bad_rows)),
			as_list=True,
		)
	good = [line for line in lines if line["_row"] not in bad_rows]
	known = {
		r.name: r
		for r in frappe.get_all(
			"Item",
			filters={"name": ("in", list({line["item_code"] for line in good}) or [""])},
			fields=["name", "item_name", "stock_uom"],
		)
	}
	for line in good:
		doc.append(
			"items",
			{
				"item_code": line["item_code"],
				"customer_item_code": line.get("customer_item_code"),
				"item_name": known[line["item_code"]].item_name,
				"qty": float(line["qty"]),
				"uom": known[line["item_code"]].stock_uom,
				**({"rate": float(line["rate"])} if line.get("rate") else {}),
			},
		)
	# every item was checked above, set-wise: Frappe need not look each line's item up again
	doc.flags.ignore_links = True
	doc.save()
	return {"imported": len(good), "skipped": len(bad_rows)}
