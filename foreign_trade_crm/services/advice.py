"""Shipping advice: e-mail the buyer the shipment's documents through Frappe's e-mail queue."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make as make_communication
from frappe.utils import now_datetime

from foreign_trade_crm.services import mail

ADVICE_PRINT_FORMATS = ("Shipping Advice", "Packing List", "Commercial Invoice")


@frappe.whitelist()
def send_shipping_advice(notice: str, recipients: str | None = None, message: str | None = None):
	"""Queue the shipping advice mail, with the three print formats attached, on the notice's timeline."""
	doc = frappe.get_doc("Shipment Notice", notice)
	doc.check_permission("email")
	if doc.docstatus != 1:
		frappe.throw(_("Submit Shipment Notice {0} before sending its shipping advice").format(doc.name))
	recipients = (recipients or doc.contact_email or "").strip()
	if not recipients:
		frappe.throw(_("Set the buyer's contact or e-mail on Shipment Notice {0}").format(doc.name))
	mail.require_outgoing_account(doc.doctype)

	language = frappe.db.get_value("Customer", doc.customer, "language") or frappe.local.lang
	subject = _("Shipping advice: {0}, B/L {1}, vessel {2}").format(
		doc.commercial_invoice_no or doc.name, doc.bl_no or "-", doc.vessel_voyage or "-"
	)
	content = message or frappe.render_template(
		"foreign_trade_crm/templates/emails/shipping_advice.html", {"doc": doc}
	)
	result = make_communication(
		doctype=doc.doctype,
		name=doc.name,
		subject=subject,
		content=content,
		recipients=recipients,
		send_email=True,
		print_language=language,
		attachments=[
			frappe.attach_print(
				doc.doctype,
				doc.name,
				file_name=f"{_(pf, lang=language)} {doc.name}",
				print_format=pf,
				lang=language,
			)
			for pf in ADVICE_PRINT_FORMATS
		],
	)
	doc.db_set("advice_sent_on", now_datetime())
	return result.get("name")
