# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

from frappe.model.document import Document

from foreign_trade_crm.services import letter_of_credit as credits


class LetterofCredit(Document):
	def onload(self):
		credits.onload_credit(self)

	def validate(self):
		credits.validate_credit(self)

	def before_update_after_submit(self):
		credits.guard_terms(self)
		credits.check_contracts(self)

	def on_submit(self):
		credits.update_credits([self.name], doc=self)

	def on_cancel(self):
		credits.on_credit_cancel(self)
