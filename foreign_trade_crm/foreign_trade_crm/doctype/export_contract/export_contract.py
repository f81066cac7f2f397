# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

from frappe.model.document import Document

from foreign_trade_crm.rules.shipment import REQUIRED_TERMS
from foreign_trade_crm.services import contract as service
from foreign_trade_crm.services import order_requests, profit, profit_ledger
from foreign_trade_crm.services.shipment import lock_contracts


class ExportContract(Document):
	def onload(self):
		# the form marks what submitting needs before the user presses Submit (one list: the rule's)
		self.set_onload("submit_fields", [field for field, _label in REQUIRED_TERMS])

	def validate(self):
		# also on submit: Frappe sets docstatus 1 before validating, so the status is computed there
		service.set_defaults(self)
		service.validate(self)
		service.warn_over_quotation(self)
		profit.set_estimate(self)

	def on_submit(self):
		service.update_quotation_status(self)
		order_requests.contract_submitted(self)
		profit_ledger.contract_submitted(self)

	def _cancel(self):
		# lock before Frappe locks anything else, as a Shipment Notice does
		lock_contracts([self.name])
		return super()._cancel()

	def on_cancel(self):
		self.db_set("status", "Cancelled")
		service.update_quotation_status(self)
		order_requests.contract_cancelled(self)
