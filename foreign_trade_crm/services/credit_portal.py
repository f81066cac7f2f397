"""The buyer's letters of credit on the portal: their credits, what was drawn, the discrepancies found on
their shipments (ours before sailing, and the bank's on presentation), and the upload of the credit's
copy. Every read is filtered by the buyer's customers (``services.portal``); a credit of another customer
is answered as one that does not exist.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import buyer_files

CREDIT = "Letter of Credit"

#: what a buyer sees of a credit (their own terms; nothing of the company's internal notes)
CREDIT_FIELDS = (
	"name",
	"lc_number",
	"customer",
	"status",
	"docstatus",
	"form_of_credit",
	"applicable_rules",
	"issue_date",
	"expiry_date",
	"expiry_place",
	"latest_shipment_date",
	"shipment_period",
	"presentation_days",
	"currency",
	"amount",
	"amount_limit",
	"tolerance_plus",
	"tolerance_minus",
	"drawn_amount",
	"available_amount",
	"issuing_bank",
	"advising_bank",
	"confirmation",
	"available_by",
	"drafts_at",
	"partial_shipments",
	"transhipment",
	"port_of_loading",
	"port_of_discharge",
	"incoterm",
	"named_place",
	"goods",
	"amendment_count",
)


def credit(name: str) -> dict:
	"""One of the buyer's submitted credits: its terms, documents required, accepted amendments, the
	shipments drawn on it with the discrepancies found, and the copies the buyer's side uploaded."""
	found = portal.own(CREDIT, name)
	if found.docstatus != 1:
		raise frappe.PermissionError(_("{0} {1} not found").format(_(CREDIT), name))
	doc = frappe.db.get_value(CREDIT, name, CREDIT_FIELDS, as_dict=True)
	documents = frappe.get_all(
		"Letter of Credit Document",
		filters={"parent": name, "parenttype": CREDIT},
		fields=["document_type", "originals", "copies", "wording"],
		order_by="idx",
		ignore_permissions=True,
	)
	amendments = frappe.get_all(
		"Letter of Credit Amendment",
		filters={"letter_of_credit": name, "docstatus": 1},
		fields=["name", "amendment_no", "amendment_date"],
		order_by="amendment_no",
		ignore_permissions=True,
	)
	return {
		"doc": doc,
		"documents": documents,
		"amendments": amendments,
		"shipments": shipments(name, found.customer),
		"files": buyer_files(CREDIT, name, found.customer),
	}


def shipments(credit_name: str, customer: str) -> list[dict]:
	"""The buyer's submitted notices drawing on the credit, each with the discrepancies our check found
	(shown in the buyer's language) and those the bank found on presentation (three queries)."""
	notices = frappe.get_all(
		"Shipment Notice",
		filters={"letter_of_credit": credit_name, "customer": customer, "docstatus": 1},
		fields=[
			"name",
			"commercial_invoice_no",
			"bl_no",
			"bl_date",
			"currency",
			"total_amount",
			"lc_check_status",
		],
		order_by="name",
		ignore_permissions=True,
	)
	if not notices:
		return []
	names = [n.name for n in notices]
	ours: dict[str, list[str]] = {}
	for f in frappe.get_all(
		"Letter of Credit Finding",
		filters={"parent": ("in", names), "parenttype": "Shipment Notice", "blocking": 1},
		fields=["parent", "article", "template", "args", "finding"],
		order_by="parent, idx",
		ignore_permissions=True,
	):
		ours.setdefault(f.parent, []).append(_finding_text(f))
	banks: dict[str, list[dict]] = {}
	presentations = {
		p.name: p
		for p in frappe.get_all(
			"Letter of Credit Presentation",
			filters={"shipment_notice": ("in", names), "docstatus": 1},
			fields=["name", "shipment_notice", "status", "presentation_date", "bank_answer"],
			ignore_permissions=True,
		)
	}
	if presentations:
		for d in frappe.get_all(
			"Letter of Credit Presentation Discrepancy",
			filters={"parent": ("in", list(presentations)), "parenttype": "Letter of Credit Presentation"},
			fields=["parent", "discrepancy", "article"],
			order_by="parent, idx",
			ignore_permissions=True,
		):
			banks.setdefault(presentations[d.parent].shipment_notice, []).append(d)
	by_notice = {p.shipment_notice: p for p in presentations.values()}
	return [
		{
			"notice": n,
			"ours": ours.get(n.name, []),
			"bank": banks.get(n.name, []),
			"presentation": by_notice.get(n.name),
		}
		for n in notices
	]


def _finding_text(f) -> str:
	"""A stored finding in the reader's language (its template and formatted arguments), else as stored."""
	try:
		args = json.loads(f.args or "[]")
		text = _(f.template).format(*(frappe.utils.escape_html(str(a)) for a in args))
	except (ValueError, IndexError, KeyError):
		text = f.finding or ""
	return _("UCP 600 art. {0}: {1}").format(f.article, text) if f.article else text


@frappe.whitelist()
def attach_credit_copy(credit: str, filename: str, filedata: str) -> str:
	"""The buyer's copy of their credit (the issuing bank's advice or a scan), kept private on it, after the
	upload gate (``services.files``) has judged its bytes."""
	found = portal.own(CREDIT, credit)
	if found.docstatus != 1:
		raise frappe.PermissionError(_("{0} {1} not found").format(_(CREDIT), credit))
	return portal._attach(CREDIT, credit, filename, filedata)
