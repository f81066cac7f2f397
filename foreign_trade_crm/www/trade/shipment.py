import frappe
from frappe import _

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import js_messages, money, pdf_url


def get_context(context):
	data = portal.shipment(frappe.form_dict.get("name"))
	doc = data["doc"]
	context.update(
		{
			"no_cache": 1,
			"money": money,
			"show_sidebar": True,
			"title": _("Shipment {0}").format(doc.name),
			"doc": doc,
			"lines": data["lines"],
			"js_messages": js_messages(),
			"documents": [
				(_(print_format), pdf_url("Shipment Notice", doc.name, print_format))
				for print_format in ("Shipping Advice", "Packing List", "Commercial Invoice")
			],
			"parents": [{"route": "/trade/shipments", "title": _("Shipments")}],
		}
	)
	return context
