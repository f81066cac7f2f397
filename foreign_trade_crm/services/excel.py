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


def translated(columns) -> list[rules.Column]:
	"""Standard columns with their headers in the user's language."""
	return [rules.Column(c.source, _(c.header), c.fieldtype) for c in columns]


def resolve_links(
	rows: list[dict], columns: list[rules.Column], doctype_of: dict[str, str], permitted: bool = False
) -> None:
	"""Fill ``link.field`` sources (e.g. item_code.item_name) set-wise: one query per link field.
	``permitted``: read the linked documents through the user's permissions (desk exports), so a
	template cannot show what the user may not read."""
	for column in columns:
		if "." not in column.source:
			continue
		link, target = column.source.split(".", 1)
		doctype = doctype_of.get(link)
		if not doctype or (not frappe.get_meta(doctype).has_field(target) and target != "name"):
			continue
		names = list({r.get(link) for r in rows if r.get(link)})
		read = frappe.get_list if permitted else frappe.get_all
		if permitted and not frappe.has_permission(doctype, "read"):
			names = []  # a document type the user may not read: its column stays empty
		values = (
			dict(
				read(
					doctype,
					filters={"name": ("in", names)},
					fields=["name", target],
					as_list=True,
					limit_page_length=0,
				)
			)
			if names
			else {}
		)
		for r in rows:
			r[column.source] = values.get(r.get(link))


def write_xlsx(rows: list[dict], columns: list[rules.Column], title: str, progress=None) -> bytes:
	"""The workbook: a bold, frozen header row, widths, formats; write-only, so memory stays flat.
	``progress(done, total)`` is called every 5,000 rows (background exports show a bar)."""
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
	for done, row in enumerate(rows, 1):
		if progress and done % 5000 == 0:
			progress(done, len(rows))
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


def receivables_xlsx(
	rows: list[dict], customer: str | None, standard=RECEIVABLE_COLUMNS, progress=None, permitted=False
) -> bytes:
	"""Receivable rows in the customer's format (or the default, or the ``standard`` columns)."""
	columns = template_columns(customer, RECEIVABLES) or translated(standard)
	resolve_links(
		rows,
		columns,
		RECEIVABLE_LINKS,
		permitted=permitted,
	)
	return write_xlsx(rows, columns, _("Receivables"), progress=progress)


def report_xlsx(filters: dict, customer: str | None = None, progress=None) -> bytes:
	"""Export Receivables in the layout and category the filters ask for, as the report computes
	it: in the customer's format for the per-invoice layouts (the invoice rows, and each collection
	under its invoice), else with the report's own columns and total row."""
	from foreign_trade_crm.foreign_trade_crm.report.export_receivables.export_receivables import (
		SUMMARY,
		ExportReceivables,
	)

	report = ExportReceivables(filters)
	columns, data, *_rest = report.run()
	template = None if report.layout == SUMMARY else template_columns(customer, RECEIVABLES)
	if template:
		rows = [r for r in data if not r.get("is_total_row")]
		resolve_links(rows, template, RECEIVABLE_LINKS, permitted=True)
		return write_xlsx(rows, template, _("Receivables"), progress=progress)
	standard = [
		rules.Column(
			c["fieldname"], c["label"], c.get("fieldtype") if c.get("fieldtype") != "Link" else "Data"
		)
		for c in columns
	]
	return write_xlsx(data, standard, _("Receivables"), progress=progress)


@frappe.whitelist()
def download_receivables(filters: str | dict):
	"""Export Receivables (per invoice) as .xlsx in the customer's format, for desk users of the report."""
	return download(RECEIVABLES, filters)


# ---------------------------------------------------------------------- list exports

# the standard columns of a contract's or a notice's item lines
ITEM_COLUMNS = (
	rules.Column("customer_item_code", "Customer Item Code"),
	rules.Column("item_code", "Item Code"),
	rules.Column("item_name", "Item Name"),
	rules.Column("qty", "Qty", "Float"),
	rules.Column("rate", "Rate", "Currency"),
	rules.Column("amount", "Amount", "Currency"),
)

# what each list export is: the document, its lines (or None), and the standard columns
LIST_EXPORTS = {
	"Export Contracts": (
		"Export Contract",
		None,
		(
			rules.Column("name", "Contract No"),
			rules.Column("customer", "Customer"),
			rules.Column("contract_date", "Contract Date", "Date"),
			rules.Column("buyer_contract_no", "Buyer Contract No"),
			rules.Column("incoterm", "Incoterm"),
			rules.Column("currency", "Currency"),
			rules.Column("total_amount", "Total Amount", "Currency"),
			rules.Column("per_shipped", "% Shipped", "Percent"),
			rules.Column("latest_shipment_date", "Latest Shipment Date", "Date"),
			rules.Column("status", "Status"),
		),
	),
	"Export Contract Lines": (
		"Export Contract",
		"Export Contract Item",
		(
			rules.Column("parent", "Contract No"),
			*ITEM_COLUMNS,
			rules.Column("shipped_qty", "Shipped Qty", "Float"),
		),
	),
	"Shipment Notices": (
		"Shipment Notice",
		None,
		(
			rules.Column("name", "Shipment Notice"),
			rules.Column("customer", "Customer"),
			rules.Column("posting_date", "Date", "Date"),
			rules.Column("commercial_invoice_no", "Commercial Invoice No"),
			rules.Column("vessel_voyage", "Vessel / Voyage"),
			rules.Column("bl_no", "B/L No"),
			rules.Column("bl_date", "B/L Date", "Date"),
			rules.Column("currency", "Currency"),
			rules.Column("total_amount", "Total Amount", "Currency"),
		),
	),
	"Shipment Notice Lines": (
		"Shipment Notice",
		"Shipment Notice Item",
		(
			rules.Column("parent", "Shipment Notice"),
			rules.Column("export_contract", "Contract No"),
			*ITEM_COLUMNS,
			rules.Column("packages", "Packages", "Int"),
			rules.Column("gross_weight", "Gross Weight", "Float"),
		),
	),
	"Trade Claims": (
		"Trade Claim",
		None,
		(
			rules.Column("name", "Trade Claim"),
			rules.Column("customer", "Customer"),
			rules.Column("claim_date", "Claim Date", "Date"),
			rules.Column("shipment_notice", "Shipment Notice"),
			rules.Column("currency", "Currency"),
			rules.Column("claimed_amount", "Claimed Amount", "Currency"),
			rules.Column("agreed_amount", "Agreed Amount", "Currency"),
			rules.Column("status", "Status"),
		),
	),
}


def _links_of(doctype: str) -> dict[str, str]:
	"""Each Link field of ``doctype`` → the doctype it links to (for ``field.target`` sources)."""
	return {
		df.fieldname: df.options
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype == "Link" and df.options
	}


def list_rows(
	applies_to: str, filters=None, customer: str | None = None
) -> tuple[list[dict], list[rules.Column]]:
	"""The rows of a list export, read through the user's permissions, and its columns: the
	customer's template, else the default template, else the standard columns."""
	doctype, child, standard = LIST_EXPORTS[applies_to]
	filters = _list_filters(doctype, filters, customer)
	columns = template_columns(customer, applies_to) or translated(standard)
	meta = frappe.get_meta(child or doctype)
	wanted = {c.source.split(".", 1)[0] for c in columns} | {"name"}
	fields = sorted(f for f in wanted if f in ("name", "parent") or meta.has_field(f))
	if child:
		# the documents the user may read, then their lines (one query each)
		parents = frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0)
		rows = (
			frappe.get_all(
				child,
				filters={"parent": ("in", parents), "parenttype": doctype},
				fields=fields,
				order_by="parent, idx",
			)
			if parents
			else []
		)
		links = {**_links_of(child), "parent": doctype}
	else:
		rows = frappe.get_list(doctype, filters=filters, fields=fields, limit_page_length=0, order_by="name")
		links = _links_of(doctype)
	resolve_links(rows, columns, links, permitted=True)
	return rows, columns


# what a buyer's download never shows, whatever a template names: our purchasing and costs
PORTAL_HIDDEN = frozenset(
	(
		"ordered_qty",
		"received_qty",
		"purchase_stage",
		"valuation_rate",
		"last_purchase_rate",
		"standard_rate",
		"default_supplier",
		"owner",
		"modified_by",
	)
)


def document_lines_xlsx(applies_to: str, name: str, customer: str) -> bytes:
	"""One document's lines (a contract's, a shipment notice's) in the customer's format, for the
	buyer's portal: the caller has checked that the document is the buyer's. Purchasing and cost
	fields are left out even when a template names them."""
	doctype, child, standard = LIST_EXPORTS[applies_to]
	columns = template_columns(customer, applies_to) or translated(standard)
	columns = [c for c in columns if c.source.rsplit(".", 1)[-1] not in PORTAL_HIDDEN]
	meta = frappe.get_meta(child)
	fields = sorted(
		{c.source.split(".", 1)[0] for c in columns if "." in c.source or meta.has_field(c.source)}
		| {"parent"}
	)
	fields = [f for f in fields if f == "parent" or meta.has_field(f)]
	rows = frappe.get_all(
		child, filters={"parent": name, "parenttype": doctype}, fields=fields, order_by="idx"
	)
	resolve_links(rows, columns, {**_links_of(child), "parent": doctype})
	return write_xlsx(rows, columns, _(applies_to))


def _list_filters(doctype: str, filters, customer: str | None = None):
	"""The list's filters (JSON, a dict or a list, as the desk sends them), and the customer's."""
	filters = frappe.parse_json(filters) if isinstance(filters, str) else (filters or {})
	if not customer:
		return filters
	if isinstance(filters, dict):
		filters = [
			[doctype, k, *(v if isinstance(v, list | tuple) else ("=", v))] for k, v in filters.items()
		]
	return [*filters, [doctype, "customer", "=", customer]]


def _as_dict(filters) -> frappe._dict:
	return frappe._dict(frappe.parse_json(filters) if isinstance(filters, str) else filters or {})


@frappe.whitelist()
def download_list(applies_to: str, filters=None, customer: str | None = None):
	"""A list (contracts, notices, their lines, claims) as .xlsx in the customer's format. Rows come
	through ``frappe.get_list``, so the user's permissions (and sales isolation) apply; exporting
	needs the Export right on the document."""
	return download(applies_to, filters, customer)


# ---------------------------------------------------------------------- exports, now or in the background


def export_file(
	applies_to: str, filters=None, customer: str | None = None, progress=None
) -> tuple[str, bytes]:
	"""(file name, .xlsx) of a list export or of Export Receivables, in the customer's format."""
	if applies_to == RECEIVABLES:
		filters = _as_dict(filters)
		customer = customer or filters.get("customer")
		return f"receivables-{customer or 'all'}.xlsx", report_xlsx(filters, customer, progress)
	rows, columns = list_rows(applies_to, filters, customer)
	return f"{frappe.scrub(applies_to)}-{customer or 'all'}.xlsx", write_xlsx(
		rows, columns, _(applies_to), progress=progress
	)


def _check_export(applies_to: str, filters=None, customer: str | None = None) -> None:
	if applies_to == RECEIVABLES:
		if not frappe.has_permission("Sales Invoice", "read"):
			raise frappe.PermissionError(_("Not permitted"))
		frappe.has_permission("Report", "read", doc=RECEIVABLES, throw=True)
		return
	if applies_to not in LIST_EXPORTS:
		frappe.throw(_("Nothing to export as {0}").format(applies_to))
	doctype = LIST_EXPORTS[applies_to][0]
	if not frappe.has_permission(doctype, "export"):
		raise frappe.PermissionError(_("You are not allowed to export {0}").format(_(doctype)))
	if customer:
		frappe.has_permission("Customer", "read", doc=customer, throw=True)


def background_threshold() -> int:
	"""Exports of more rows than this are built in a background job (Foreign Trade Settings)."""
	return (
		frappe.utils.cint(frappe.db.get_single_value("Foreign Trade Settings", "excel_background_rows"))
		or 20_000
	)


def _row_count(applies_to: str, filters=None, customer: str | None = None) -> int:
	if applies_to == RECEIVABLES:
		flt = _as_dict(filters)
		conditions = (
			{"docstatus": 1, "company": flt.get("company")} if flt.get("company") else {"docstatus": 1}
		)
		if customer or flt.get("customer"):
			conditions["customer"] = customer or flt.get("customer")
		return frappe.db.count("Sales Invoice", conditions)
	doctype, child, _standard = LIST_EXPORTS[applies_to]
	filters = _list_filters(doctype, filters, customer)
	count = frappe.get_list(doctype, filters=filters, fields=["count(name) as n"], limit_page_length=0)[0].n
	return count * 10 if child else count  # lines: about ten per document


@frappe.whitelist()
def start_export(applies_to: str, filters=None, customer: str | None = None) -> dict:
	"""Small exports download at once (``{"direct": 1}``: the page then opens ``download``); large
	ones are built in a background job on the long queue with a progress bar, saved as a private
	file of the user and announced by a notification (``{"queued": 1}``)."""
	_check_export(applies_to, filters, customer)
	if _row_count(applies_to, filters, customer) <= background_threshold():
		return {"direct": 1}
	frappe.enqueue(
		"foreign_trade_crm.services.excel.export_job",
		queue="long",
		timeout=3600,
		applies_to=applies_to,
		filters=filters,
		customer=customer,
	)
	return {"queued": 1}


@frappe.whitelist()
def download(applies_to: str, filters=None, customer: str | None = None):
	"""The export as a file response, built now."""
	_check_export(applies_to, filters, customer)
	filename, content = export_file(applies_to, filters, customer)
	frappe.response["filename"] = filename
	frappe.response["filecontent"] = content
	frappe.response["type"] = "binary"


def export_job(applies_to: str, filters=None, customer: str | None = None) -> str:
	"""Build the export as the user who asked (permissions included), save it as their private file,
	tell them; returns the file's URL."""
	user = frappe.session.user
	title = _("Preparing {0}").format(_(applies_to))

	def progress(done, total):
		frappe.publish_progress(
			done * 100 / max(total, 1), title=title, description=_("{0} of {1} rows").format(done, total)
		)

	filename, content = export_file(applies_to, filters, customer, progress=progress)
	file = frappe.get_doc(
		{"doctype": "File", "file_name": filename, "is_private": 1, "content": content}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"document_type": "File",
			"document_name": file.name,
			"subject": _("Your Excel file {0} is ready").format(filename),
		}
	).insert(ignore_permissions=True)
	if not frappe.flags.in_test:  # the file exists before the user is told; tests roll back instead
		frappe.db.commit()
	frappe.publish_progress(100, title=title)
	frappe.publish_realtime("ftc_export_ready", {"file_url": file.file_url, "filename": filename}, user=user)
	return file.file_url


# ---------------------------------------------------------------------- what a template's columns may name

RECEIVABLE_SOURCES = (
	"customer",
	"voucher_no",
	"voucher_type",
	"shipment_notice",
	"posting_date",
	"due_date",
	"bl_date",
	"expected_collection_date",
	"expected_date",
	"currency",
	"booked",
	"booked_base",
	"collected",
	"collected_base",
	"unpaid",
	"unpaid_base",
	"days_overdue",
	"category",
)
RECEIVABLE_LINKS = {
	"customer": "Customer",
	"voucher_no": "Sales Invoice",
	"shipment_notice": "Shipment Notice",
}
LAYOUT_TYPES = frozenset(
	("Section Break", "Column Break", "Tab Break", "HTML", "Button", "Table", "Table MultiSelect")
)


def _fields_of(doctype: str) -> list[str]:
	return ["name"] + [
		df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype not in LAYOUT_TYPES
	]


def template_sources(applies_to: str, purpose: str = "Export") -> list[str]:
	"""Every source a column of a template for ``applies_to`` may name: the row's fields, and the
	fields of the documents it links to as ``link.field``; for imports, the fields the import fills."""
	if purpose == "Import":
		from foreign_trade_crm.rules.leads import FIELDS as LEAD_FIELDS

		lines = ["customer_item_code", "item_code", "qty", "rate"]
		return {
			CONTRACT_LINES: lines,
			QUOTATION_LINES: lines,
			NOTICE_LINES: [*lines, *sorted(set(NOTICE_HEADERS.values()))],
			"Leads": list(LEAD_FIELDS),
		}.get(applies_to, [])
	if applies_to == RECEIVABLES:
		own, links = list(RECEIVABLE_SOURCES), RECEIVABLE_LINKS
	elif applies_to in LIST_EXPORTS:
		doctype, child, _standard = LIST_EXPORTS[applies_to]
		own = _fields_of(child or doctype) + (["parent"] if child else [])
		links = {**_links_of(child or doctype), **({"parent": doctype} if child else {})}
	else:
		return []
	return own + [f"{link}.{f}" for link, target in links.items() for f in _fields_of(target)]


@frappe.whitelist()
def get_template_sources(applies_to: str, purpose: str = "Export") -> list[dict]:
	"""The sources for the column picker, each with a label in the user's language:
	``item_code.item_name`` → "Item Code → Item Name (item_code.item_name)"."""
	frappe.has_permission("Trade Excel Template", "read", throw=True)
	row_doctype, links = None, {}
	if purpose == "Export" and applies_to == RECEIVABLES:
		links = RECEIVABLE_LINKS
	elif purpose == "Export" and applies_to in LIST_EXPORTS:
		doctype, child, _standard = LIST_EXPORTS[applies_to]
		row_doctype = child or doctype
		links = {**_links_of(row_doctype), **({"parent": doctype} if child else {})}

	def label(doctype, fieldname):
		if fieldname == "name":
			return _("Document ID")
		if fieldname == "parent" and links.get("parent"):
			return _(links["parent"])
		df = frappe.get_meta(doctype).get_field(fieldname) if doctype else None
		return _(df.label) if df and df.label else _(frappe.unscrub(fieldname))

	out = []
	for source in template_sources(applies_to, purpose):
		link, _dot, field = source.partition(".")
		text = (
			f"{label(row_doctype, link)} → {label(links.get(link), field)}"
			if field
			else label(row_doctype, link)
		)
		out.append({"value": source, "label": f"{text} ({source})"})
	return out


# ---------------------------------------------------------------------- line imports

QUOTATION_LINES = "Quotation Lines"
NOTICE_LINES = "Shipment Notice Lines"

# the headers a shipment-notice import understands besides the item and qty ones
NOTICE_HEADERS = {
	"Contract": "export_contract",
	"Contract No": "export_contract",
	"Export Contract": "export_contract",
	"合同号": "export_contract",
	"Contract Line": "contract_line",
	"Line No": "contract_line",
	"合同行号": "contract_line",
	"Packages": "packages",
	"Cartons": "packages",
	"件数": "packages",
	"箱数": "packages",
	"Net Weight": "net_weight",
	"N.W.": "net_weight",
	"净重": "net_weight",
	"Gross Weight": "gross_weight",
	"G.W.": "gross_weight",
	"毛重": "gross_weight",
	"Volume": "volume",
	"CBM": "volume",
	"体积": "volume",
	"Shipping Marks": "shipping_marks",
	"唛头": "shipping_marks",
}
NOTICE_NUMBERS = {"qty", "rate", "packages", "net_weight", "gross_weight", "volume"}


def import_limits() -> tuple[int, int]:
	"""(rows, bytes) an upload may have, from Foreign Trade Settings."""
	settings = frappe.get_cached_doc("Foreign Trade Settings")
	rows = frappe.utils.cint(settings.get("excel_max_rows")) or rules.MAX_ROWS
	megabytes = frappe.utils.cint(settings.get("excel_max_file_mb")) or rules.MAX_BYTES // 2**20
	return rows, megabytes * 2**20


def _customer_of(doc) -> str | None:
	if doc.doctype == "Quotation":
		return doc.party_name if doc.quotation_to == "Customer" else None
	return doc.customer


APPLIES_TO = {
	"Export Contract": CONTRACT_LINES,
	"Quotation": QUOTATION_LINES,
	"Shipment Notice": NOTICE_LINES,
}


def lines_from_file(doc, content: bytes, filename: str = "") -> tuple[list[dict], list[rules.RowProblem]]:
	"""The file's lines for a draft contract, quotation or shipment notice, with every bad row:
	headers from the customer's import template (or the usual names), buyer codes resolved
	through Item → Customer Items, notice lines matched to their contract lines."""
	max_rows, max_bytes = import_limits()
	rows = rules.read_table(content, filename, max_rows=max_rows, max_bytes=max_bytes)
	customer = _customer_of(doc)
	notice = doc.doctype == "Shipment Notice"
	template = template_columns(customer, APPLIES_TO[doc.doctype], purpose="Import")
	if template:
		headers = {c.header: c.source for c in template}
	else:
		headers = {**LINE_HEADERS, **NOTICE_HEADERS} if notice else LINE_HEADERS
	required = {"qty", "export_contract"} if notice else {"qty"}
	mapping = rules.find_header(rows, headers, required)
	if not mapping or not ({"customer_item_code", "item_code"} & set(mapping.columns.values())):
		frappe.throw(
			_(
				"No header row found: the sheet needs a contract column, a quantity column and an item code or customer item code column"
			)
			if notice
			else _(
				"No header row found: the sheet needs a quantity column and an item code or customer item code column"
			)
		)
	mapped = set(mapping.columns.values())
	numbers = (NOTICE_NUMBERS if notice else {"qty", "rate"}) & mapped
	codes = (
		dict(
			frappe.db.sql(
				"""select icd.ref_code, icd.parent from `tabItem Customer Detail` icd join `tabItem` i on i.name = icd.parent
			where icd.customer_name = %s and i.disabled = 0 and i.is_sales_item = 1""",
				customer,
			)
		)
		if customer
		else {}
	)
	if notice:
		lines, problems = rules.parse_lines(rows, mapping, required, numbers)
		for line in lines:
			code = str(line.get("customer_item_code") or "").strip()
			if code and not line.get("item_code") and codes.get(code):
				line["item_code"] = codes[code]
		problems += rules.match_contract_lines(lines, _open_contract_lines(doc.customer, lines))
		return lines, sorted(problems, key=lambda p: p.row)
	items = set(frappe.get_all("Item", filters={"disabled": 0, "is_sales_item": 1}, pluck="name"))
	known = {}
	if "customer_item_code" in mapped:
		known["customer_item_code"] = set(codes)
	if "item_code" in mapped:
		known["item_code"] = items
	lines, problems = rules.parse_lines(rows, mapping, {"qty"}, numbers, known)
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


def _open_contract_lines(customer: str, lines: list[dict]) -> list:
	"""The lines of the named contracts that are this customer's, submitted and not closed (two queries)."""
	from foreign_trade_crm.services.shipment import load_contract_lines

	names = list({str(line.get("export_contract") or "").strip() for line in lines} - {""})
	if not names:
		return []
	open_contracts = frappe.get_all(
		"Export Contract",
		filters={
			"name": ("in", names),
			"customer": customer,
			"docstatus": 1,
			"status": ("!=", "Closed"),  # the shipment rules judge the rest when the notice is saved
		},
		pluck="name",
	)
	return load_contract_lines(open_contracts)


def _append_lines(doc, good: list[dict]) -> None:
	known = {
		r.name: r
		for r in frappe.get_all(
			"Item",
			filters={"name": ("in", list({line["item_code"] for line in good}) or [""])},
			fields=["name", "item_name", "stock_uom", "description"],
		)
	}
	if doc.doctype == "Shipment Notice":
		rates = dict(
			frappe.get_all(
				"Export Contract Item",
				filters={"name": ("in", [line["contract_item"] for line in good] or [""])},
				fields=["name", "rate"],
				as_list=True,
			)
		)
	for line in good:
		item = known[line["item_code"]]
		row = {
			"item_code": line["item_code"],
			"customer_item_code": line.get("customer_item_code"),
			"item_name": item.item_name,
			"qty": float(line["qty"]),
			"uom": item.stock_uom,
		}
		if doc.doctype == "Quotation":
			row.update({"description": item.description or item.item_name, "conversion_factor": 1})
		if doc.doctype == "Shipment Notice":
			contract_rate = rates.get(line["contract_item"])
			row.update(
				{
					"export_contract": line["export_contract"],
					"contract_item": line["contract_item"],
					"contract_rate": contract_rate,
					"rate": float(line["rate"]) if line.get("rate") else contract_rate,
					**{
						f: float(line[f]) if f in NOTICE_NUMBERS else line[f]
						for f in ("packages", "net_weight", "gross_weight", "volume", "shipping_marks")
						if line.get(f) not in (None, "")
					},
				}
			)
		elif line.get("rate"):
			row["rate"] = float(line["rate"])
		doc.append("items", row)


def column_label(fieldname: str) -> str:
	"""The user's word for an imported column, in their language."""
	labels = {
		"customer_item_code": _("Customer Item Code"),
		"item_code": _("Item Code"),
		"qty": _("Qty"),
		"rate": _("Rate"),
		"export_contract": _("Export Contract"),
		"contract_line": _("Contract Line"),
		"packages": _("Packages"),
		"net_weight": _("Net Weight"),
		"gross_weight": _("Gross Weight"),
		"volume": _("Volume"),
		"shipping_marks": _("Shipping Marks"),
	}
	return labels.get(fieldname) or _(frappe.unscrub(fieldname))


@frappe.whitelist()
def import_lines(doctype: str, name: str, filedata: str, filename: str = "", good_rows_only: int = 0) -> dict:
	"""Lines from an .xlsx or .csv (base64) into a draft Export Contract, Quotation or Shipment Notice:
	nothing unless every row is good, or only the good ones when ``good_rows_only``; every bad
	row is named (row, column, value, reason)."""
	import base64

	if doctype not in APPLIES_TO:
		frappe.throw(_("Lines cannot be imported into {0}").format(_(doctype)))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(_("Lines can be imported into a draft only"))
	try:
		content = base64.b64decode(filedata.split(",", 1)[-1], validate=True)
	except Exception:
		frappe.throw(_("The file could not be read"))
	try:
		lines, problems = lines_from_file(doc, content, filename)
	except rules.UnsafeWorkbook as error:
		frappe.throw(error.problem.render(_))
	bad_rows = {p.row for p in problems}
	if problems and not frappe.utils.cint(good_rows_only):
		frappe.throw(
			[
				_("Row {0}, {1} ({2}): {3}").format(
					p.row, column_label(p.column), "" if p.value is None else p.value, _(p.reason.template)
				)
				for p in problems
			],
			title=_("Nothing imported: {0} row(s) to correct").format(len(bad_rows)),
			as_list=True,
		)
	good = [line for line in lines if line["_row"] not in bad_rows]
	_append_lines(doc, good)
	if doc.doctype != "Quotation":
		# every item was checked above, set-wise: Frappe need not look each line's item up again
		doc.flags.ignore_links = True
	doc.save()
	return {"imported": len(good), "skipped": len(bad_rows)}


@frappe.whitelist()
def import_contract_lines(contract: str, filedata: str, good_rows_only: int = 0) -> dict:
	"""Lines into a draft Export Contract (see ``import_lines``)."""
	return import_lines("Export Contract", contract, filedata, good_rows_only=good_rows_only)
