"""Contracts made before a contract took its customer's sales person when it was made: the customer's first
sales person now, so that every report credits a contract to the same person (one update)."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabExport Contract` ec
		join `tabSales Team` st on st.parent = ec.customer and st.parenttype = 'Customer' and st.idx = 1
		set ec.sales_person = st.sales_person
		where ifnull(ec.sales_person, '') = '' and ec.docstatus < 2"""
	)
