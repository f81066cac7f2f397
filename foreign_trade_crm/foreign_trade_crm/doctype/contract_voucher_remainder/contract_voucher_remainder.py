# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

"""What a voucher touching export contracts books for none of them (``services.profit_ledger``): one row per
contract it touches and account, so that the Contract Profit report's *Not on any contract* row for any
choice of contracts is a sum of these rows, each voucher once. Kept by the app, never typed."""

from frappe.model.document import Document


class ContractVoucherRemainder(Document):
	pass
