"""What the app adds to ERPNext's Quotation: Create → Export Contract, and the buyer's reply due date."""

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.utils import add_days, cint, flt, getdate

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

	# what earlier contracts (drafts included) already hold of each line is not offered again, as
	# ERPNext maps only the balance of a quotation to a Sales Order
	balance = contract_service.quotation_balance(quotation)
	if not any(balance.values()):
		frappe.throw(
			_("Quotation {0} is already contracted in full: {1}").format(
				source_name, ", ".join(contract_service.contracts_of_quotation(source_name))
			),
			title=_("Already contracted"),
		)

	def set_missing(source, target):
		target.customer = source.party_name
		target.quotation = source.name
		contract_service.set_defaults(target)

	def set_balance(source, target, source_parent):
		target.qty = flt(balance[source.name])

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
				"condition": lambda row: balance.get(row.name, 0) > 0,
				"postprocess": set_balance,
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
