"""Page contexts of the buyers' portal (``www/trade``): columns, formatting, pagination links.

The data comes from ``services.portal``, which filters by the buyer's customers.
"""

from __future__ import annotations

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import cint

from foreign_trade_crm.rules import claims as claim_rules
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
		"/trade/claims/",
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
@frappe.read_only()
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


# ---------------------------------------------------------------------- a claim, as its buyer sees it

#: what a buyer sees of a claim: never the company's accounts, the third party's name or who agreed it
CLAIM_FIELDS = (
	"name",
	"customer",
	"customer_reference",
	"claim_date",
	"shipment_notice",
	"status",
	"currency",
	"description",
	"claimed_amount",
	"agreed_amount",
	"customer_percent",
	"company_percent",
	"third_party_percent",
	"customer_amount",
	"company_amount",
	"third_party_amount",
	"rejection_reason",
	"docstatus",
)
CLAIM_LINE_FIELDS = ("item_code", "item_name", "customer_item_code", "uom", "qty", "claimed_amount", "reason")


def claim(name: str) -> dict:
	"""One of the buyer's claims: its lines, the split once agreed, the reason once rejected, and the
	files the buyer's side attached."""
	found = portal.own("Trade Claim", name)
	if found.docstatus == 2:
		raise frappe.PermissionError(_("{0} {1} not found").format(_("Trade Claim"), name))
	doc = frappe.db.get_value("Trade Claim", name, CLAIM_FIELDS, as_dict=True)
	lines = frappe.get_all(
		"Trade Claim Item",
		filters={"parent": name, "parenttype": "Trade Claim"},
		fields=list(CLAIM_LINE_FIELDS),
		order_by="idx",
		ignore_permissions=True,
	)
	return {"doc": doc, "lines": lines, "files": buyer_files("Trade Claim", name, doc.customer)}


def buyer_files(doctype: str, name: str, customer: str) -> list[frappe._dict]:
	"""The files attached to a document by the customer's own portal users (what staff attach for
	themselves, a survey of their own, stays on the desk)."""
	users = portal_users(customer)
	if not users:
		return []
	return frappe.get_all(
		"File",
		filters={
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"owner": ("in", users),
			"is_folder": 0,
		},
		fields=["name", "file_name", "file_size", "creation"],
		order_by="creation",
		ignore_permissions=True,
	)


def portal_users(customer: str) -> list[str]:
	return frappe.get_all(
		"Portal User",
		filters={"parent": customer, "parenttype": "Customer"},
		pluck="user",
		ignore_permissions=True,
	)


@frappe.whitelist()
def download_attachment(doctype: str, name: str, file: str):
	"""A file of one of the buyer's own claims, order requests or contracts (the signed copy), attached
	by the buyer's side (issue 18.4): anything else is "not found", the same for another customer's file and a file that
	does not exist."""
	if doctype not in ("Trade Claim", "Order Request", "Export Contract"):
		raise frappe.PermissionError
	found = portal.own(doctype, name)
	allowed = {f.name for f in buyer_files(doctype, name, found.customer)}
	if file not in allowed:
		raise frappe.PermissionError(_("{0} {1} not found").format(_("File"), file))
	doc = frappe.get_doc("File", file)
	frappe.local.response.filename = doc.file_name
	frappe.local.response.filecontent = doc.get_content()
	frappe.local.response.type = "download"


def attachment_url(doctype: str, name: str, file: str) -> str:
	return "/api/method/foreign_trade_crm.services.portal_pages.download_attachment?" + urlencode(
		{"doctype": doctype, "name": name, "file": file}
	)


# ---------------------------------------------------------------------- the buyer's home


def home_page(user: str) -> str | None:
	"""Frappe's ``get_website_user_home_page`` hook: a buyer lands on the trade overview, not on /me."""
	return "trade" if portal.customers_of(user) else None


def overview() -> list[dict]:
	"""What the buyer has to do or to know, one card per thing, each with its count and its page: a
	count query per kind, on the buyer's own customers only."""
	customers = portal.require_buyer()
	today = frappe.utils.nowdate()

	def count(doctype, **filters):
		field = portal.CUSTOMER_FIELD[doctype]
		return frappe.db.count(doctype, {field: ("in", customers), **filters})

	unpaid = frappe.db.sql(
		"""select currency, sum(outstanding_amount), sum(if(ifnull(expected_collection_date, due_date) < %(today)s,
			outstanding_amount, 0)) from `tabSales Invoice`
		where customer in %(customers)s and docstatus = 1 and outstanding_amount > 0 group by currency""",
		{"customers": tuple(customers), "today": today},
	)
	return [
		{
			"title": _("Contracts to Countersign"),
			"count": count("Export Contract", docstatus=1, is_countersigned=0, status=("!=", "Closed")),
			"route": "/trade/contracts",
		},
		{
			"title": _("Quotations to Answer"),
			"count": count(
				"Quotation",
				docstatus=1,
				quotation_to="Customer",
				buyer_reply=("is", "not set"),
				status="Open",
			),
			"route": "/trade/quotations",
		},
		{
			"title": _("Shipments, Last 90 Days"),
			"count": count(
				"Shipment Notice", docstatus=1, posting_date=(">=", frappe.utils.add_days(today, -90))
			),
			"route": "/trade/shipments",
		},
		{
			"title": _("Unpaid"),
			"count": ", ".join(money(total, currency) for currency, total, _overdue in unpaid) or "0",
			"note": ", ".join(
				_("{0} overdue").format(money(overdue, currency))
				for currency, _t, overdue in unpaid
				if overdue
			),
			"route": "/trade/receivables",
		},
		{
			"title": _("Open Claims"),
			"count": count(
				"Trade Claim",
				docstatus=("<", 2),
				status=("in", (claim_rules.OPEN, claim_rules.UNDER_REVIEW, claim_rules.AGREED)),
			),
			"route": "/trade/claims",
		},
		{
			"title": _("Order Requests Awaiting a Quotation"),
			"count": count("Order Request", status="Requested"),
			"route": "/trade/order-requests",
		},
	]
