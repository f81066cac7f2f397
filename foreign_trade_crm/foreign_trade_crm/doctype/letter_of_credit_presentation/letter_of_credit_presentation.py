# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

from frappe.model.document import Document

from foreign_trade_crm.services import letter_of_credit_presentation as presentations


class LetterofCreditPresentation(Document):
	def validate(self):
		presentations.validate(self)

	def before_update_after_submit(self):
		presentations.before_update_after_submit(self)

	def on_submit(self):
		presentations.on_submit(self)

	def on_cancel(self):
		presentations.on_cancel(self)
