"""Exports in the customer's format: Export Receivables, list exports of contracts, notices and claims,
the lines of one document for the portal; large ones in a background job."""

from __future__ import annotations

import frappe
from frappe import _

from foreign_trade_crm.rules import excel as rules
from foreign_trade_crm.services.excel.templates import (
	RECEIVABLE_LINKS,
	RECEIVABLES,
	resolve_links,
	template_columns,
	translated,
)
from foreign_trade_crm.services.excel.writer import write_xlsx

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
		"foreign_trade_crm.services.excel.exports.export_job",
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
