import frappe
from frappe.utils.html_utils import sanitize_html

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import list_context


def get_context(context):
	list_context(context, "feedback")
	# the replies given to the listed feedback (a reply staff are still writing is theirs until they send it),
	# and the documents a new one may be about (the buyer's own)
	names = [row["name"] for row in context.rows]
	replies = (
		{
			row.name: row.reply
			for row in frappe.get_all(
				"Customer Feedback",
				filters={"name": ("in", names), "replied_on": ("is", "set")},
				fields=["name", "reply"],
			)
		}
		if names
		else {}
	)
	for row in context.rows:
		row["raw"]["reply"] = sanitize_html(replies.get(row["name"]) or "")
	context.references = portal.referable_documents()
	# the feedback just sent, to confirm it (the buyer's own only)
	sent = frappe.form_dict.get("sent")
	context.sent = None
	if sent:
		try:
			portal.own("Customer Feedback", sent)
		except frappe.PermissionError:
			sent = None
	if sent:
		context.sent = frappe.db.get_value("Customer Feedback", sent, ["name", "feedback_type"], as_dict=True)
	return context
