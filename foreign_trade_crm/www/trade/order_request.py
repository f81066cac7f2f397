import frappe
from frappe import _

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import attachment_url, buyer_files, js_messages, money


def get_context(context):
	data = portal.order_request(frappe.form_dict.get("name"))
	doc = data["doc"]
	context.update(
		{
			"no_cache": 1,
			"show_sidebar": True,
			"money": money,
			"title": _("Order Request {0}").format(data["doc"].name),
			"doc": data["doc"],
			"lines": data["lines"],
			"quoted": data["quoted"],
			"js_messages": js_messages(),
			"date_format": frappe.utils.get_user_date_format(),
			"files": [
				(f.file_name, attachment_url("Order Request", doc.name, f.name))
				for f in buyer_files("Order Request", doc.name, doc.customer)
			],
			"parents": [{"route": "/trade/order-requests", "title": _("Order Requests")}],
		}
	)
	return context
