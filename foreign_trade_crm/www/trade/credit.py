import frappe
from frappe import _

from foreign_trade_crm.services import credit_portal
from foreign_trade_crm.services.portal_pages import attachment_url, money, pdf_url


def get_context(context):
	data = credit_portal.credit(frappe.form_dict.get("name"))
	doc = data["doc"]
	context.update(
		{
			"no_cache": 1,
			"money": money,
			"show_sidebar": True,
			"title": _("Letter of Credit {0}").format(doc.lc_number),
			"doc": doc,
			"documents": data["documents"],
			"amendments": data["amendments"],
			"shipments": data["shipments"],
			"pdf": pdf_url("Letter of Credit", doc.name, "Standard"),
			"files": [
				(f.file_name, attachment_url("Letter of Credit", doc.name, f.name)) for f in data["files"]
			],
			"parents": [{"route": "/trade/credits", "title": _("Letters of Credit")}],
		}
	)
	return context
