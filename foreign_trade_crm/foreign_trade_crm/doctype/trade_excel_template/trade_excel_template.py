# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class TradeExcelTemplate(Document):
	def validate(self):
		self.check_sources()

	def check_sources(self):
		"""Every column names a field the export has (or the import fills): a typo fails here,
		not as an empty column in the buyer's file."""
		from foreign_trade_crm.services.excel import template_sources

		allowed = set(template_sources(self.applies_to, self.purpose))
		if not allowed:
			frappe.throw(_("{0} cannot be imported from Excel").format(_(self.applies_to)))
		wrong = [
			_("Row {0}: {1} is not a field of {2}").format(c.idx, c.source, _(self.applies_to))
			for c in self.columns
			if (c.source or "").strip() not in allowed
		]
		if wrong:
			frappe.throw(wrong, title=_("Unknown source fields"), as_list=True)
