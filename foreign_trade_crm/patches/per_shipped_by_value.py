"""% Shipped of contracts shipped before it was by value (it added up quantities of different items):
recomputed from their submitted notices, a thousand contracts at a time."""

import frappe

from foreign_trade_crm.services.shipment import update_contracts


def execute():
	names = frappe.get_all(
		"Export Contract", filters={"docstatus": 1, "per_shipped": (">", 0)}, pluck="name", order_by="name"
	)
	for start in range(0, len(names), 1000):
		update_contracts(names[start : start + 1000])
