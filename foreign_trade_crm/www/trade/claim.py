import frappe
from frappe import _
from frappe.utils.html_utils import sanitize_html

from foreign_trade_crm.rules import claims as claim_rules
from foreign_trade_crm.services.portal_pages import attachment_url, claim, js_messages, money


def get_context(context):
	data = claim(frappe.form_dict.get("name"))
	doc = data["doc"]
	context.update(
		{
			"no_cache": 1,
			"money": money,
			"show_sidebar": True,
			"title": _("Claim {0}").format(doc.name),
			"doc": doc,
			"lines": data["lines"],
			"description": sanitize_html(doc.description or "", always_sanitize=True),
			"files": [(f.file_name, attachment_url("Trade Claim", doc.name, f.name)) for f in data["files"]],
			"lodged": frappe.form_dict.get("lodged"),
			# what services.portal.attach_to_claim accepts
			"can_add_files": doc.docstatus == 0
			and doc.status in (claim_rules.OPEN, claim_rules.UNDER_REVIEW),
			"js_messages": js_messages(),
			"parents": [{"route": "/trade/claims", "title": _("Claims")}],
		}
	)
	return context
