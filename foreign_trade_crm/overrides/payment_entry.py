"""What the app adds to ERPNext's Payment Entry: a collection's received side must match its paid side."""

import frappe
from frappe import _
from frappe.utils import flt

from foreign_trade_crm.rules import receivables as rules


def validate(doc, method=None):
	from foreign_trade_crm.services.dimension import tag_collection

	tag_collection(doc)
	check_received_amount(doc)


def check_received_amount(doc):
	"""Refuse a collection of a shipment invoice whose received amount is far from the paid amount at the
	rate: a payment cut to a part of the invoice that kept the whole invoice's received amount would have
	ERPNext book the rest as an exchange gain."""
	if doc.payment_type != "Receive" or doc.paid_from_account_currency == doc.paid_to_account_currency:
		return
	invoices = [r.reference_name for r in doc.references if r.reference_doctype == "Sales Invoice"]
	if not invoices or not frappe.db.exists(
		"Sales Invoice", {"name": ("in", invoices), "shipment_notice": ("is", "set")}
	):
		return
	problem = rules.collection_gap_problem(
		(doc.paid_amount, doc.paid_from_account_currency),
		(doc.received_amount, doc.paid_to_account_currency),
		flt(doc.paid_amount) * flt(doc.source_exchange_rate),
		flt(doc.received_amount) * flt(doc.target_exchange_rate),
		frappe.get_cached_value("Company", doc.company, "default_currency"),
	)
	if problem:
		frappe.throw(problem.render(_), title=_("Received amount does not match the payment"))
