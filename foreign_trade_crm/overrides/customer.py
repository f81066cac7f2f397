"""What the app adds to ERPNext's Customer: the export business at a glance, overdue receivables and the
risk flag, on the form."""

import frappe
from frappe import _

from foreign_trade_crm.services.receivables import risk_of


def onload(doc, method=None):
	"""Loaded with the form, so the client shows it at once (see public/js/customer.js).

	For each company the customer owes in, the largest overdue amount is shown.
	"""
	if doc.is_new():
		return
	if frappe.has_permission("Export Contract", "read"):
		from foreign_trade_crm.services.customer_overview import overview

		doc.set_onload("foreign_trade_overview", overview(doc.name))
	if not frappe.has_permission("Sales Invoice", "read"):
		return
	companies = frappe.get_all(
		"Payment Ledger Entry",
		filters={"party_type": "Customer", "party": doc.name, "delinked": 0},
		pluck="company",
		distinct=True,
	)
	risks = [risk_of(doc.name, company) for company in companies]
	if risks:
		doc.set_onload("foreign_trade_risk", max(risks, key=lambda r: (r["is_risk"], r["overdue"])))


def dashboard(data: dict) -> dict:
	"""Customer → Connections: the customer's export documents beside ERPNext's own (Frappe's
	``override_doctype_dashboards``)."""
	data.setdefault("transactions", [])
	data["transactions"].append(
		{
			"label": _("Foreign Trade"),
			"items": ["Export Contract", "Shipment Notice", "Order Request"],
		}
	)
	data["transactions"].append(
		{"label": _("Claims and Feedback"), "items": ["Trade Claim", "Customer Feedback"]}
	)
	# ERPNext's Customer dashboard links by ``customer``, the app's doctypes' field too
	return data
