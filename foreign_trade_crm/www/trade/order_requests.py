import frappe

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import list_context


def get_context(context):
	list_context(context, "requests")
	context.items = portal.orderable_items()
	context.incoterms = frappe.get_all("Incoterm", pluck="name", order_by="name")
	from foreign_trade_crm.services.order_requests import buyer_contact

	context.contact = buyer_contact(frappe.session.user)
	return context
