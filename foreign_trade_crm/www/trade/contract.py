import frappe
from frappe import _

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import attachment_url, buyer_files, js_messages, money, pdf_url

# the colour of a contract's status
STATUS_COLOURS = {
	"To Countersign": "orange",
	"To Ship": "blue",
	"Partly Shipped": "blue",
	"Fully Shipped": "green",
	"Closed": "gray",
	"Cancelled": "red",
}


def get_context(context):
	data = portal.contract(frappe.form_dict.get("name"))
	doc = data["doc"]
	context.update(
		{
			"no_cache": 1,
			"money": money,
			"show_sidebar": True,
			"title": _("Contract {0}").format(doc.name),
			"doc": doc,
			"status_colour": STATUS_COLOURS.get(doc.status, "gray"),
			"js_messages": js_messages(),
			"lines": data["lines"],
			"pdf": pdf_url("Export Contract", doc.name, "Export Contract"),
			"files": [
				(f.file_name, attachment_url("Export Contract", doc.name, f.name))
				for f in buyer_files("Export Contract", doc.name, doc.customer)
			],
			"parents": [{"route": "/trade/contracts", "title": _("Contracts")}],
		}
	)
	return context
