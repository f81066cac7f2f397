import frappe
from frappe.utils.html_utils import sanitize_html

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import list_context


def get_context(context):
	list_context(context, "feedback")
	# the replies of the listed feedback, and the documents a new one may be about (the buyer's own)
	names = [row["name"] for row in context.rows]
	replies = (
		dict(
			frappe.get_all(
				"Customer Feedback", filters={"name": ("in", names)}, fields=["name", "reply"], as_list=True
			)
		)
		if names
		else {}
	)
	for row in context.rows:
		row["raw"]["reply"] = sanitize_html(replies.get(row["name"]) or "")
	context.references = portal.referable_documents()
	return context
