# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

from frappe.model.document import Document

from foreign_trade_crm.services import letter_of_credit as credits


class LetterofCreditAmendment(Document):
	def validate(self):
		credits.validate_amendment(self)

	def on_submit(self):
		credits.accept_amendment(self)
