"""What the app adds to ERPNext's Quotation: Create → Export Contract."""

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc

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
