# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from foreign_trade_crm.rules import claims as rules
from foreign_trade_crm.services import claims as service


class TradeClaim(Document):
	def validate(self):
		if self.docstatus == 0 and self.status not in (rules.OPEN, rules.UNDER_REVIEW, rules.REJECTED):
			self.status = rules.OPEN
		service.validate(self)

	def before_submit(self):
		service.before_submit(self)

	def after_insert(self):
		if self.customer_feedback:
			frappe.db.set_value("Customer Feedback", self.customer_feedback, "trade_claim", self.name)

	def on_cancel(self):
		self.db_set("status", rules.CANCELLED)

	@frappe.whitelist()
	def start_review(self):
		self.check_permission("write")
		service.start_review(self)

	@frappe.whitelist()
	def reject(self, reason: str):
		self.check_permission("submit")
		service.reject(self, reason)

	@frappe.whitelist()
	def settle(self):
		self.check_permission("read")
		return service.settle(self)


@frappe.whitelist()
def get_notice_lines(shipment_notice: str, claim: str | None = None) -> list[dict]:
	"""The shipped lines of a notice with what other claims already claim of each, for the line picker."""
	frappe.has_permission("Shipment Notice", "read", doc=shipment_notice, throw=True)
	if frappe.db.get_value("Shipment Notice", shipment_notice, "docstatus") != 1:
		frappe.throw(
			_("A claim can only be raised against a submitted Shipment Notice; {0} is not").format(
				shipment_notice
			)
		)
	lines = service.notice_lines(shipment_notice)
	elsewhere = service.claimed_elsewhere(list(lines), claim)
	return [
		{
			"shipment_notice_item": name,
			"item_code": line.item_code,
			"customer_item_code": line.customer_item_code,
			"export_contract": line.export_contract,
			"buyer_contract_no": line.buyer_contract_no,
			"shipped_qty": line.qty,
			"already_claimed": elsewhere.get(name, 0),
			"rate": line.rate,
			"currency": line.currency,
		}
		for name, line in lines.items()
	]
