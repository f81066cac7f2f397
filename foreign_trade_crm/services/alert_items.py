"""What every daily alert's selection shares (``services.alerts`` and ``services.credit_alerts``): the
customer's columns each query reads, the stages already sent, and one alert stage made ready to send."""

from __future__ import annotations

from frappe.utils import cint

from foreign_trade_crm.rules import alerts as rules

NOTIFICATION, EMAIL = "Notification", "E-mail"

CUSTOMER_FIELDS = """c.account_manager, c.send_buyer_reminders, c.email_id as buyer_email, c.language,
	(select cst.sales_person from `tabSales Team` cst
		where cst.parent = c.name and cst.parenttype = 'Customer' order by cst.idx limit 1) as customer_sales_person"""
SENT = """(select group_concat(distinct al.stage separator ',') from `tabAlert Log` al
	where al.reference_name = {name} and al.reference_doctype = %(doctype)s and al.kind = %(kind)s
		and al.status = 'Sent') as sent"""


def item(kind, doctype, r, due, users, managers) -> dict:
	"""One alert stage of one document, with its recipients resolved."""
	recipients = []
	if rules.SALES in due.audience:
		owner = (
			users.get(r.get("sales_person"))
			or users.get(r.customer_sales_person)
			or r.account_manager
			or (r.owner if r.owner not in ("Administrator", "Guest") else None)
		)
		recipients += [(NOTIFICATION, owner)] if owner else [(NOTIFICATION, m) for m in managers]
	if rules.MANAGERS in due.audience:
		recipients += [(NOTIFICATION, m) for m in managers]
	if rules.BUYER in due.audience:
		recipients.append((EMAIL, r.buyer_email))
	return {
		"kind": kind,
		"doctype": doctype,
		"name": r.name,
		"customer": r.customer,
		"stage": due.stage,
		"recipients": list(dict.fromkeys(recipients)),
		"language": r.get("language"),
		"context": {
			"name": r.name,
			"customer": r.customer,
			"customer_name": r.customer_name,
			"due_date": str(r.due_date) if r.get("due_date") else None,
			"days_late": cint(r.days_late),
			"amount": r.get("amount"),
			"currency": r.get("currency"),
		},
	}
