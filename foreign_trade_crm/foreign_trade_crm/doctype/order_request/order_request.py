# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from foreign_trade_crm.services.order_requests import REQUESTED
from foreign_trade_crm.services.order_review import rank_after_change, review_request


class OrderRequest(Document):
	def validate(self):
		before = self.get_doc_before_save()
		if before and before.status != REQUESTED and _lines(before) != _lines(self):
			frappe.throw(
				_("Order request {0} is {1}: its lines can no longer change").format(
					self.name, _(before.status)
				)
			)
		review_request(self)

	def on_update(self):
		rank_after_change(self)


def _lines(doc):
	return [(d.customer_item_code, d.item_code, d.item_name, d.qty) for d in doc.items]
