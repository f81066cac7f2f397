import frappe
from frappe import _

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import money


def get_context(context):
	data = portal.order_request(frappe.form_dict.get("name"))
	context.update(
		{
			"no_cache": 1,
			"show_sidebar": True,
			"money": money,
			"title": _("Order Request {0}").format(data["doc"].name),
			"doc": data["doc"],
			"lines": data["lines"],
			"quoted": data["quoted"],
			"parents": [{"route": "/trade/order-requests", "title": _("Order Requests")}],
		}
	)
	return context
