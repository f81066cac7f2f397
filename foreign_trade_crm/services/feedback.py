"""Customer feedback: routing to the right person, replies by e-mail, complaints into claims (seed 000 §6.8).

Feedback about a business document goes to that document's sales person (the user of the
Sales Person's employee, else the customer's account manager); feedback about nothing, or
whose document has nobody, goes to the Export Sales Manager queue: every enabled Export
Sales Manager gets the assignment, and the first reply closes it for all.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.desk.form.assign_to import close_all_assignments
from frappe.utils import now_datetime, time_diff_in_seconds

from foreign_trade_crm.constants.customers import FEEDBACK_REFERENCE
from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER
from foreign_trade_crm.services import mail

OPEN, REPLIED, CLOSED = "Open", "Replied", "Closed"
COMPLAINT = "Complaint"


def validate(doc) -> None:
	if bool(doc.reference_doctype) != bool(doc.reference_name):
		frappe.throw(_("Give both the reference type and the reference, or neither"))
	if doc.reference_doctype:
		field = FEEDBACK_REFERENCE.get(doc.reference_doctype)
		if not field:
			frappe.throw(
				_("Feedback can refer to an {0} only").format(", ".join(_(d) for d in FEEDBACK_REFERENCE))
			)
		owner = frappe.db.get_value(doc.reference_doctype, doc.reference_name, field)
		if owner != doc.customer:
			# the same words whether the document is someone else's or does not exist
			frappe.throw(
				_("{0} {1} is not a document of {2}").format(
					_(doc.reference_doctype), doc.reference_name, doc.customer
				),
				frappe.PermissionError,
			)


def before_insert(doc) -> None:
	doc.status = OPEN
	doc.opened_on = now_datetime()
	doc.raised_by = frappe.session.user
	if not doc.contact_email:
		if frappe.db.get_value("User", frappe.session.user, "user_type") == "Website User":
			doc.contact_email = frappe.db.get_value("User", frappe.session.user, "email")
		else:
			doc.contact_email = frappe.db.get_value("Customer", doc.customer, "email_id")


def sales_person_user(doctype: str | None, name: str | None, customer: str) -> str | None:
	"""The user who looks after the document: its sales person's user, else the customer's account manager."""
	sales_person = None
	if doctype == "Export Contract":
		sales_person = frappe.db.get_value("Export Contract", name, "sales_person")
	elif doctype in ("Shipment Notice", "Trade Claim"):
		notice = (
			name
			if doctype == "Shipment Notice"
			else frappe.db.get_value("Trade Claim", name, "shipment_notice")
		)
		found = frappe.db.sql(
			"""
			select ec.sales_person from `tabShipment Notice Item` sni
			join `tabExport Contract` ec on ec.name = sni.export_contract
			where sni.parent = %s and sni.parenttype = 'Shipment Notice' and ifnull(ec.sales_person, '') != ''
			order by sni.idx limit 1
			""",
			notice,
		)
		sales_person = found[0][0] if found else None
	user = None
	if sales_person:
		user = frappe.db.sql(
			"""
			select e.user_id from `tabSales Person` sp join `tabEmployee` e on e.name = sp.employee
			join `tabUser` u on u.name = e.user_id
			where sp.name = %s and u.enabled = 1
			""",
			sales_person,
		)
		user = user[0][0] if user else None
	if not user and doctype:
		user = frappe.db.get_value("Customer", customer, "account_manager")
		if user and not frappe.db.get_value("User", user, "enabled"):
			user = None
	return user


def manager_queue() -> list[str]:
	"""Enabled desk users with the Export Sales Manager role."""
	return frappe.db.sql_list(
		"""
		select distinct u.name from `tabUser` u join `tabHas Role` hr on hr.parent = u.name
		where hr.role = %s and hr.parenttype = 'User' and u.enabled = 1 and u.user_type = 'System User'
			and u.name not in ('Administrator', 'Guest')
		order by u.name
		""",
		EXPORT_SALES_MANAGER,
	)


def route(doc) -> None:
	"""Assign the new feedback (with a notification) to the sales person, or to the managers' queue."""
	user = sales_person_user(doc.reference_doctype, doc.reference_name, doc.customer)
	if user:
		users, routing = [user], _("Sales person of {0}").format(doc.reference_name)
	else:
		users, routing = manager_queue(), _("Export Sales Manager queue")
	doc.db_set({"assigned_to": users[0] if len(users) == 1 else None, "routing": routing})
	if users:
		assign(
			{
				"assign_to": users,
				"doctype": doc.doctype,
				"name": doc.name,
				"description": doc.subject,
				"notify": 1,
			},
			ignore_permissions=True,
		)


def send_reply(doc, reply: str) -> bool:
	"""Give the reply: stored on the feedback with who gave it and when (the buyer reads it on the portal),
	e-mailed to the buyer on the document's timeline, and the assignments closed. Returns whether it was
	e-mailed.

	Without an outgoing e-mail account nothing is e-mailed and the user is told what to set up. The reply is
	still given when the customer has a portal user, who reads it on the portal; otherwise no one would
	read it, and it is kept as a draft on the feedback until it can be e-mailed."""
	if doc.status == CLOSED:
		frappe.throw(_("This feedback is closed"))
	if not frappe.utils.strip_html(reply or "").strip():
		frappe.throw(_("Write the reply first"))
	if not doc.contact_email:
		frappe.throw(_("Enter the e-mail address to reply to"))
	mailed = mail.can_send(doc.doctype)
	if not mailed and not has_portal_user(doc.customer):
		doc.reply = reply
		doc.save()
		frappe.msgprint(
			mail.no_account_message() + " " + _("Your reply is kept as a draft on this feedback."),
			title=_("E-mail is not set up"),
			indicator="orange",
		)
		return False
	now = now_datetime()
	doc.reply = reply
	doc.replied_by, doc.replied_on = frappe.session.user, now
	if not doc.response_time:
		doc.response_time = max(0, int(time_diff_in_seconds(now, doc.opened_on or doc.creation)))
	doc.status = REPLIED
	doc.save()
	if mailed:
		from frappe.core.doctype.communication.email import make

		make(
			doctype=doc.doctype,
			name=doc.name,
			subject=_("Re: {0} [{1}]").format(doc.subject, doc.name),
			content=reply,
			recipients=doc.contact_email,
			send_email=True,
			communication_medium="Email",
		)
	else:
		frappe.msgprint(
			mail.no_account_message() + " " + _("The buyer reads your reply on the portal."),
			title=_("E-mail is not set up"),
			indicator="orange",
		)
	close_all_assignments(doc.doctype, doc.name, ignore_permissions=True)
	return mailed


def has_portal_user(customer: str | None) -> bool:
	"""Whether someone of the customer reads the portal (a portal user of the Customer)."""
	return bool(customer and frappe.db.exists("Portal User", {"parent": customer, "parenttype": "Customer"}))


def give_replies_shown_on_portal() -> list[str]:
	"""Feedback with a reply but no reply date, of a customer with a portal user, whose buyer has read that
	reply on the portal: it is recorded as given when the feedback was last saved, by who saved it, an Open
	one becomes Replied and its assignments close. Returns the feedback changed."""
	feedback = frappe.qb.DocType("Customer Feedback")
	portal_user = frappe.qb.DocType("Portal User")
	rows = (
		frappe.qb.from_(feedback)
		.select(feedback.name, feedback.status, feedback.modified, feedback.modified_by, feedback.opened_on)
		.select(feedback.creation, feedback.response_time, feedback.reply)
		.where(feedback.replied_on.isnull())
		.where(feedback.reply.notnull())
		.where(feedback.reply != "")
		.where(
			feedback.customer.isin(
				frappe.qb.from_(portal_user)
				.select(portal_user.parent)
				.where(portal_user.parenttype == "Customer")
			)
		)
	).run(as_dict=True)
	given = []
	for row in rows:
		if not frappe.utils.strip_html(row.reply).strip():
			continue
		values = {"replied_on": row.modified, "replied_by": row.modified_by}
		if not row.response_time:
			values["response_time"] = max(
				0, int(time_diff_in_seconds(row.modified, row.opened_on or row.creation))
			)
		if row.status == OPEN:
			values["status"] = REPLIED
		frappe.db.set_value("Customer Feedback", row.name, values, update_modified=False)
		close_all_assignments("Customer Feedback", row.name, ignore_permissions=True)
		given.append(row.name)
	return given


def close(doc) -> None:
	doc.status = CLOSED
	doc.closed_on = now_datetime()
	doc.save()
	close_all_assignments(doc.doctype, doc.name, ignore_permissions=True)


def make_trade_claim(doc):
	"""A draft Trade Claim for a complaint about a submitted shipment (lines picked in the claim)."""
	if doc.feedback_type != COMPLAINT:
		frappe.throw(_("Only a complaint can be turned into a trade claim"))
	if doc.trade_claim:
		frappe.throw(_("Trade claim {0} was already made from this complaint").format(doc.trade_claim))
	notice = None
	if doc.reference_doctype == "Shipment Notice":
		notice = doc.reference_name
	elif doc.reference_doctype == "Trade Claim":
		notice = frappe.db.get_value("Trade Claim", doc.reference_name, "shipment_notice")
	if not notice or frappe.db.get_value("Shipment Notice", notice, "docstatus") != 1:
		frappe.throw(
			_(
				"A trade claim concerns shipped goods: refer the complaint to the submitted Shipment Notice first"
			),
			title=_("No shipment"),
		)
	claim = frappe.new_doc("Trade Claim")
	claim.shipment_notice = notice
	claim.customer = doc.customer
	claim.customer_feedback = doc.name
	claim.description = doc.description
	return claim
