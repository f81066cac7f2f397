import frappe
from frappe import _

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import list_context


def get_context(context):
	list_context(context, "claims")
	context.shipments = portal.shipments_to_claim()
	context.reasons = [
		(name, _(name)) for name in frappe.get_all("Claim Reason", filters={"disabled": 0}, pluck="name")
	]
	return context
