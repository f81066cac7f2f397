# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import cint, flt

from foreign_trade_crm.services import invoicing, shipment
from foreign_trade_crm.services import letter_of_credit as credits


class ShipmentNotice(Document):
	def before_insert(self):
		# a copy or amendment ships anew: it has no invoice and no advice sent yet
		self.sales_invoice = None
		self.advice_sent_on = None

	def validate(self):
		self.set_totals()
		shipment.check_notice(self)
		credits.validate_notice(self)
		invoicing.set_expected_collection_date(self)

	def set_totals(self):
		precision = shipment.currency_precision()
		for d in self.items:
			d.amount = flt(flt(d.qty) * flt(d.rate), precision)
		self.total_qty = sum(flt(d.qty) for d in self.items)
		self.total_amount = flt(sum(d.amount for d in self.items), precision)
		self.base_total_amount = flt(self.total_amount * flt(self.conversion_rate), precision)
		self.total_packages = sum(cint(d.packages) for d in self.items)
		self.total_net_weight = sum(flt(d.net_weight) for d in self.items)
		self.total_gross_weight = sum(flt(d.gross_weight) for d in self.items)
		self.total_volume = sum(flt(d.volume) for d in self.items)

	# Contracts, then the credit, are locked before Frappe locks this notice's own row, so that
	# concurrent submits and cancels on one contract or credit queue up instead of deadlocking.
	def _submit(self):
		shipment.lock_contracts(d.export_contract for d in self.items)
		credits.lock_credits([self.letter_of_credit])
		return super()._submit()

	def _cancel(self):
		shipment.lock_contracts(d.export_contract for d in self.items)
		credits.lock_credits([self.letter_of_credit])
		return super()._cancel()

	def before_submit(self):
		credits.before_notice_submit(self)

	def on_submit(self):
		shipment.on_notice_submit(self)
		credits.on_notice_submit(self)
		settings = frappe.get_cached_doc("Foreign Trade Settings")
		if settings.create_sales_invoice and not self.sales_invoice:
			si = invoicing.make_sales_invoice(self, submit=bool(settings.submit_sales_invoice))
			self.db_set("sales_invoice", si.name)

	def on_cancel(self):
		invoicing.cancel_sales_invoice(self)
		shipment.on_notice_cancel(self)
		credits.on_notice_cancel(self)
