# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from foreign_trade_crm.services import feedback as service


class CustomerFeedback(Document):
	def validate(self):
		service.validate(self)

	def before_insert(self):
		service.before_insert(self)

	def after_insert(self):
		service.route(self)

	@frappe.whitelist()
	def send_reply(self, reply: str):
		self.check_permission("write")
		return service.send_reply(self, reply)

	@frappe.whitelist()
	def close(self):
		self.check_permission("write")
		service.close(self)


@frappe.whitelist()
def make_trade_claim(source_name: str):
	"""The draft claim for a complaint, for ``frappe.model.open_mapped_doc``."""
	feedback = frappe.get_doc("Customer Feedback", source_name)
	feedback.check_permission("read")
	frappe.has_permission("Trade Claim", "create", throw=True)
	return service.make_trade_claim(feedback)
