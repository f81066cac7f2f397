"""Each submitted contract's booked profit and its vouchers' remainders kept from the ledger as it stands
(``services.profit_ledger``): from now on they are kept as vouchers are posted."""

import frappe

from foreign_trade_crm.services import profit_ledger


def execute():
	if frappe.db.has_column("GL Entry", "export_contract"):
		profit_ledger.rebuild()
