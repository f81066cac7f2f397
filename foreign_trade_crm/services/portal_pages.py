"""Page contexts of the buyers' portal (``www/trade``): columns, formatting, pagination links.

The data comes from ``services.portal``, which filters by the buyer's customers.
"""

from __future__ import annotations

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import cint

from foreign_trade_crm.services import portal

# per list page: title, detail route (or None), columns (field, label, fieldtype)
PAGES = {
	"contracts": (
		"Contracts",
		"/trade/contracts/",
		[
			("name", "Contract", "Data"),
			("buyer_contract_no", "Your Order No", "Data"),
			("contract_date", "Date", "Date"),
			("status", "Status", "Data"),
			("total_amount", "Amount", "Currency"),
			("per_shipped", "% Shipped", "Percent"),
			("countersign_due_date", "Countersign By", "Date"),
		],
	),
	"shipments": (
		"Shipments",
		"/trade/shipments/",
		[
			("name", "Shipment", "Data"),
			("commercial_invoice_no", "Invoice No", "Data"),
			("bl_no", "B/L No", "Data"),
			("bl_date", "B/L Date", "Date"),
			("vessel_voyage", "Vessel / Voyage", "Data"),
			("etd", "ETD", "Date"),
			("eta", "ETA", "Date"),
			("total_amount", "Amount", "Currency"),
		],
	),
	"claims": (
		"Claims",
		None,
		[
			("name", "Claim", "Data"),
			("customer_reference", "Your Reference", "Data"),
			("claim_date", "Date", "Date"),
			("shipment_notice", "Shipment", "Data"),
			("status", "Status", "Data"),
			("claimed_amount", "Claimed", "Currency"),
			("agreed_amount", "Agreed", "Currency"),
		],
	),
	"feedback": (
		"Feedback",
		None,
		[
			("name", "No", "Data"),
			("feedback_type", "Type", "Data"),
			("subject", "Subject", "Data"),
			("status", "Status", "Data"),
			("opened_on", "Opened On", "Datetime"),
			("replied_on", "Replied On", "Datetime"),
		],
	),
	"requests": (
		"Order Requests",
		"/trade/order-requests/",
		[
			("name", "Request", "Data"),
			("request_date", "Date", "Date"),
			("status", "Status", "Data"),
			("wanted_shipment_date", "Wanted Shipment Date", "Date"),
			("quotation", "Quotation", "Data"),
			("export_contract", "Contract", "Data"),
		],
	),
	"quotations": (
		"Quotations",
		None,
		[
			("name", "Quotation", "Data"),
			("transaction_date", "Date", "Date"),
			("reply_due_date", "Reply By", "Date"),
			("grand_total", "Amount", "Currency"),
			("buyer_reply", "Your Reply", "Data"),
		],
	),
}
TRANSLATED = {"status", "feedback_type", "buyer_reply"}


# lists whose search, sort and paging reload only the rows (get_list), not the whole page
LIVE = {"contracts", "shipments", "claims"}


def list_context(context, page: str):
	"""Fill a www list page's context: rows of the buyer's documents, search, sort and pages."""
	title, _detail, columns = PAGES[page]
	args = frappe.form_dict
	data = list_data(page, args.get("q"), args.get("sort"), cint(args.get("start")))
	context.update(
		{
			"no_cache": 1,
			"show_sidebar": True,
			"money": money,
			"title": _(title),
			"page": page,
			"route": ROUTES.get(page, page),
			"live": page in LIVE,
			"columns": [(field, _(label)) for field, label, _type in columns],
			"sort_options": [
				(f"{f} {d}", f"{_(label_of(columns, f))} {'↓' if d == 'desc' else '↑'}")
				for f in data["sort_fields"]
				for d in ("desc", "asc")
			],
			**data,
		}
	)
	return context


def list_data(page: str, q: str | None, sort: str | None, start: int) -> dict:
	"""One page of a portal list, with each row's cells formatted and its link, and the paging links."""
	if page not in PAGES:
		raise frappe.PermissionError
	_title, detail, columns = PAGES[page]
	data = portal.list_rows(page, q=q, sort=sort, start=start)
	return {
		"rows": [
			{
				"name": row.name,
				"link": f"{detail}{row.name}" if detail else None,
				"raw": row,
				"cells": [cell(row, field, fieldtype) for field, _label, fieldtype in columns],
			}
			for row in data["rows"]
		],
		"q": data["q"],
		"sort": data["sort"],
		"sort_fields": data["sort_fields"],
		"previous_url": page_url(page, data, data["start"] - portal.PAGE_LENGTH)
		if data["start"] > 0
		else None,
		"next_url": page_url(page, data, data["start"] + portal.PAGE_LENGTH) if data["has_next"] else None,
	}


@frappe.whitelist()
def get_list(page: str, q: str | None = None, sort: str | None = None, start: int = 0) -> dict:
	"""The rows of a portal list as JSON, for search, sort and paging without reloading the page
	(the buyer's own documents only: services.portal.list_rows)."""
	data = list_data(page, q, sort, cint(start))
	for row in data["rows"]:
		row.pop("raw")
	data.pop("sort_fields")
	return data


def label_of(columns, field):
	return next((label for f, label, _t in columns if f == field), field.replace("_", " ").title())


def cell(row, field, fieldtype):
	value = row.get(field)
	if value is None or value == "":
		return ""
	if field in TRANSLATED:
		return frappe.utils.escape_html(_(value))
	if fieldtype == "Currency":
		return money(value, row.get("currency"))
	if fieldtype == "Data":
		return frappe.utils.escape_html(value)  # buyers type some of these: never render them as HTML
	return frappe.format_value(value, {"fieldtype": fieldtype})


def money(value, currency=None):
	"""An amount in its own currency (Jinja: ``money(doc.total_amount, doc.currency)``)."""
	from frappe.utils import fmt_money

	return fmt_money(value or 0, currency=currency)


ROUTES = {"requests": "order-requests"}


def page_url(page, data, start):
	route = ROUTES.get(page, page)
	query = {k: v for k, v in (("q", data["q"]), ("sort", data["sort"]), ("start", max(start, 0))) if v}
	return f"/trade/{route}?{urlencode(query)}" if query else f"/trade/{route}"


def pdf_url(doctype: str, name: str, print_format: str) -> str:
	return "/api/method/frappe.utils.print_format.download_pdf?" + urlencode(
		{"doctype": doctype, "name": name, "format": print_format}
	)
