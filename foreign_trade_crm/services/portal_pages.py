"""Page contexts of the buyers' portal (``www/trade``): columns, formatting, pagination links.

The data comes from ``services.portal``, which filters by the buyer's customers.
"""

from __future__ import annotations

from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import cint, get_user_date_format, getdate, nowdate

from foreign_trade_crm.constants.customers import PORTAL
from foreign_trade_crm.rules import claims as claim_rules
from foreign_trade_crm.rules import quotation_reply
from foreign_trade_crm.services import portal

TRANSLATED = {"status", "feedback_type", "buyer_reply"}


def list_context(context, page: str):
	"""Fill a www list page's context: rows of the buyer's documents, search, sort and pages."""
	spec = portal.LISTS[page]
	args = frappe.form_dict
	data = list_data(page, args.get("q"), args.get("sort"), cint(args.get("start")))
	context.update(
		{
			"no_cache": 1,
			"show_sidebar": True,
			"money": money,
			"js_messages": js_messages(),
			"date_format": get_user_date_format(),  # the date fields' (public/js/trade_portal.js)
			"title": str(spec.title),
			"page": page,
			"route": spec.route,
			"live": spec.live,
			"columns": [(field, str(label)) for field, label, _type in spec.columns],
			"sort_options": [
				(f"{f} {d}", f"{label_of(spec.columns, f)} {'↓' if d == 'desc' else '↑'}")
				for f in data["sort_fields"]
				for d in ("desc", "asc")
			],
			**data,
		}
	)
	return context


def list_data(page: str, q: str | None, sort: str | None, start: int) -> dict:
	"""One page of a portal list, with each row's cells formatted and its link, and the paging links."""
	if page not in portal.LISTS:
		raise frappe.PermissionError
	spec = portal.LISTS[page]
	data = portal.list_rows(page, q=q, sort=sort, start=start)
	if page in PREPARE:
		PREPARE[page](data["rows"])
	return {
		"rows": [
			{
				"name": row.name,
				"link": link_of(page, spec, row),
				"raw": row,
				"cells": [cell(row, field, fieldtype) for field, _label, fieldtype in spec.columns],
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


def link_of(page: str, spec, row) -> str | None:
	"""A row's own page: under the list's detail route; a quotation opens as its PDF."""
	if page == "quotations":
		return quotation_pdf_url(row.name)
	return f"{spec.detail}{row.name}" if spec.detail else None


def label_of(columns, field):
	return next((str(label) for f, label, _t in columns if f == field), field.replace("_", " ").title())


def prepare_contracts(rows) -> None:
	"""A countersigned contract has no date to countersign by any more."""
	for row in rows:
		if row.is_countersigned:
			row.countersign_due_date = None


def prepare_quotations(rows) -> None:
	"""Each quotation's state for its buyer (rules/quotation_reply.py) and the contracts made from it: two
	queries for the page."""
	names = [row.name for row in rows]
	if not names:
		return
	statuses = dict(
		frappe.get_all(
			"Quotation",
			filters={"name": ("in", names)},
			fields=["name", "status"],
			as_list=True,
			ignore_permissions=True,
		)
	)
	contracts = {}
	for contract in frappe.get_all(
		"Export Contract",
		filters={"quotation": ("in", names), "docstatus": 1},
		fields=["name", "quotation"],
		order_by="name",
		ignore_permissions=True,
	):
		contracts.setdefault(contract.quotation, []).append(contract.name)
	today = getdate(nowdate())
	for row in rows:
		row.status = statuses.get(row.name)
		row.state = quotation_state(row, today)
		row.contracts = contracts.get(row.name, [])


def quotation_state(row, today) -> str:
	"""A listed quotation's state (the portal lists submitted quotations to customers only)."""
	return quotation_reply.reply_state(
		docstatus=1,
		quotation_to="Customer",
		status=row.status,
		buyer_reply=row.buyer_reply,
		reply_due_date=getdate(row.reply_due_date) if row.reply_due_date else None,
		valid_till=getdate(row.valid_till) if row.valid_till else None,
		today=today,
	)


def quotations_to_answer(customers: list[str]) -> int:
	"""How many of the customers' quotations the buyer can still answer: one query for the candidates,
	the rule decides."""
	candidates = frappe.get_all(
		"Quotation",
		filters={
			"party_name": ("in", customers),
			"docstatus": 1,
			"quotation_to": "Customer",
			"status": ("in", quotation_reply.ANSWERABLE_STATUSES),
			"buyer_reply": ("is", "not set"),
		},
		fields=["name", "status", "buyer_reply", "reply_due_date", "valid_till"],
		ignore_permissions=True,
	)
	today = getdate(nowdate())
	return sum(1 for row in candidates if quotation_state(row, today) == quotation_reply.TO_ANSWER)


def quotation_pdf_url(name: str) -> str:
	"""The quotation as its buyer prints it: Frappe's PDF, which checks the buyer's website permission."""
	return pdf_url("Quotation", name)


# per list page: what its rows need besides the list's own columns
PREPARE = {"contracts": prepare_contracts, "quotations": prepare_quotations}


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


def js_messages() -> dict[str, str]:
	"""The words of the portal's scripts in the session's language (templates/trade/messages.html)."""
	from foreign_trade_crm.constants.portal import JS_MESSAGES

	return {message: _(message) for message in JS_MESSAGES}


def money(value, currency=None):
	"""An amount in its own currency (Jinja: ``money(doc.total_amount, doc.currency)``)."""
	from frappe.utils import fmt_money

	return fmt_money(value or 0, currency=currency)


def page_url(page, data, start):
	route = portal.LISTS[page].route
	query = {k: v for k, v in (("q", data["q"]), ("sort", data["sort"]), ("start", max(start, 0))) if v}
	return f"/trade/{route}?{urlencode(query)}" if query else f"/trade/{route}"


def pdf_url(doctype: str, name: str, print_format: str | None = None) -> str:
	"""Frappe's PDF of the document (in the print format given, else the doctype's default)."""
	query = {"doctype": doctype, "name": name}
	if print_format:
		query["format"] = print_format
	return "/api/method/frappe.utils.print_format.download_pdf?" + urlencode(query)


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


#: the documents a buyer attaches files to on the portal
BUYER_ATTACHED = ("Trade Claim", "Order Request", "Export Contract", "Letter of Credit")


@frappe.whitelist()
def download_attachment(doctype: str, name: str, file: str):
	"""A file of one of the buyer's own claims, order requests, contracts (the signed copy) or letters of
	credit, attached by the buyer's side: anything else is "not found", the same for another customer's file
	and a file that does not exist."""
	if doctype not in BUYER_ATTACHED:
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
		field = PORTAL[doctype]
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
			"count": quotations_to_answer(customers),
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
