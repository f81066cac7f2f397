"""Mail the app sends in the user's name (shipping advice, replies to feedback): checked before sending."""

import frappe
from frappe import _


def can_send(doctype: str | None = None) -> bool:
	"""Whether the site has an outgoing e-mail account Frappe would send through (muted mail counts)."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing(match_by_doctype=doctype, _raise_error=False))


def no_account_message() -> str:
	return _(
		"No outgoing e-mail account is set up, so nothing was sent. An administrator adds one in Email "
		"Account (with Enable Outgoing and Default Outgoing ticked); then send again."
	)


def require_outgoing_account(doctype: str | None = None) -> None:
	"""Refuse, before anything is made, to send without an outgoing account (instead of Frappe's raw error
	after the message was half made)."""
	if not can_send(doctype):
		frappe.throw(no_account_message(), title=_("E-mail is not set up"))
