"""What the app adds to ERPNext's Quotation: Create → Export Contract, and the buyer's reply due date."""

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.utils import add_days, cint, getdate

from foreign_trade_crm.services import contract as contract_service


@frappe.whitelist()
def make_export_contract(source_name: str, target_doc=None):
	"""An Export Contract for a submitted Quotation to a Customer, its lines carrying the buyer's codes."""
	frappe.has_permission("Export Contract", "create", throw=True)
	quotation = frappe.get_doc("Quotation", source_name)
	quotation.check_permission("read")
	if quotation.quotation_to != "Customer" or not quotation.party_name:
		frappe.throw(
			_("Quotation {0} is not to a customer; convert the lead to a customer first").format(source_name)
		)

	def set_missing(source, target):
		target.customer = source.party_name
		target.quotation = source.name
		contract_service.set_defaults(target)

	return get_mapped_doc(
		"Quotation",
		source_name,
		{
			"Quotation": {
				"doctype": "Export Contract",
				"field_no_map": ["naming_series", "status", "amended_from", "contact_person"],
				"validation": {"docstatus": ["=", 1]},
			},
			"Quotation Item": {
				"doctype": "Export Contract Item",
				"field_map": {"name": "quotation_item"},
				"field_no_map": ["amount", "delivery_status"],
			},
		},
		target_doc,
		set_missing,
	)


def set_reply_due_date(doc, method=None):
	"""By default the buyer's reply is due the reply days of Foreign Trade Settings after the quotation date;
	a reply needs its date."""
	if not doc.get("reply_due_date") and doc.transaction_date:
		days = cint(frappe.db.get_single_value("Foreign Trade Settings", "quotation_reply_days"))
		if days > 0:
			doc.reply_due_date = add_days(getdate(doc.transaction_date), days)
	if doc.get("buyer_reply") and not doc.get("buyer_reply_date"):
		doc.buyer_reply_date = frappe.utils.nowdate()
