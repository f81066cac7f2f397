"""The Export Contract accounting dimension (ERPNext's own mechanism) and what carries it: every document
of the app that books money for a contract tags its lines (the shipment's Sales Invoice, the Purchase Orders
made from a contract and the receipts and invoices that follow from them, claim settlements); a return
takes the contract of the line it returns; a header carries a contract only when every line is of that one,
and a payment only when everything it settles is. Any other voucher (a freight bill, a bank charge) is
tagged by its user, as any dimension is. What the ledger then says per contract is ``services.profit``'s.
"""

from __future__ import annotations

import frappe
from frappe.utils import flt

DIMENSION = "Export Contract"
FIELD = "export_contract"
#: the ledger index the profit reads by (contract first: it groups by contract)
LEDGER_INDEX = "export_contract_profit"
#: the invoices whose lines carry contracts, and the account each line books
INVOICES = {"Sales Invoice": "income_account", "Purchase Invoice": "expense_account"}


def ensure_dimension() -> None:
	"""Export Contract as an ERPNext Accounting Dimension, its fields made now (ERPNext would queue them),
	and the ledger index the report reads by."""
	from erpnext.accounts.doctype.accounting_dimension.accounting_dimension import (
		make_dimension_in_accounting_doctypes,
	)

	name = frappe.db.get_value("Accounting Dimension", {"document_type": DIMENSION})
	if not name:
		doc = frappe.new_doc("Accounting Dimension")
		doc.document_type = DIMENSION
		doc.flags.ignore_permissions = True
		in_test, frappe.flags.in_test = frappe.flags.in_test, True  # make the fields now, not in a job
		try:
			doc.insert()
		finally:
			frappe.flags.in_test = in_test
	else:
		doc = frappe.get_doc("Accounting Dimension", name)
		make_dimension_in_accounting_doctypes(doc)  # doctypes ERPNext added since
	frappe.clear_cache(doctype="GL Entry")
	add_ledger_index()


def add_ledger_index() -> None:
	"""The ledger by contract (covering the sum the profit reads), and invoice lines and journal rows by
	contract."""
	if not frappe.db.has_column("GL Entry", FIELD):
		return
	if not frappe.db.sql("show index from `tabGL Entry` where Key_name = %s", LEDGER_INDEX):
		frappe.db.sql_ddl(
			f"alter table `tabGL Entry` add index `{LEDGER_INDEX}` "
			f"(`{FIELD}`, `is_cancelled`, `account`, `voucher_type`, `debit`, `credit`)"
		)
	# the vouchers of several contracts are found from their lines and settling rows (shared_vouchers)
	for doctype in ("Purchase Invoice Item", "Sales Invoice Item", "Journal Entry Account"):
		if frappe.db.has_column(doctype, FIELD):
			frappe.db.add_index(doctype, [FIELD])


def remove_dimension() -> None:
	"""On uninstall: the dimension and the fields ERPNext made for it (ledger rows keep nothing of it)."""
	from erpnext.accounts.doctype.accounting_dimension.accounting_dimension import delete_accounting_dimension

	name = frappe.db.get_value("Accounting Dimension", {"document_type": DIMENSION})
	if name:
		doc = frappe.get_doc("Accounting Dimension", name)
		delete_accounting_dimension(doc)  # now, not in a job the uninstall would not wait for
		frappe.db.delete("Accounting Dimension", {"name": name})
		frappe.db.delete("Accounting Dimension Detail", {"parent": name})
	if frappe.db.sql("show index from `tabGL Entry` where Key_name = %s", LEDGER_INDEX):
		frappe.db.sql_ddl(f"alter table `tabGL Entry` drop index `{LEDGER_INDEX}`")


def has_dimension(doctype: str) -> bool:
	return frappe.get_meta(doctype).has_field(FIELD)


#: the line a return's line returns, per doctype (ERPNext's make_return_doc fills it)
RETURNED_LINE = {
	"Sales Invoice": "sales_invoice_item",
	"Purchase Invoice": "purchase_invoice_item",
	"Purchase Receipt": "purchase_receipt_item",
	"Delivery Note": "dn_detail",
}
#: the purchase order line a purchase line was bought on
ORDERED_LINE = {"Purchase Invoice": "po_detail", "Purchase Receipt": "purchase_order_item"}


def tag_lines(doc, method=None) -> None:
	"""Sales / Purchase Invoice, Purchase Receipt ``validate``: a line with no contract takes the contract of
	the line it returns (a credit or debit note, a return) or of the purchase order line it was bought on;
	one query per kind of link for all lines. A line's contract set by hand is kept, and a return's lines are
	filled once, when it is first saved, so a user may clear one. The header carries the contract when all
	lines are of one."""
	if not has_dimension(doc.doctype):
		return
	links = []
	if doc.get("is_return") and doc.is_new() and RETURNED_LINE.get(doc.doctype):
		links.append((RETURNED_LINE[doc.doctype], f"{doc.doctype} Item"))
	if ORDERED_LINE.get(doc.doctype):
		links.append((ORDERED_LINE[doc.doctype], "Purchase Order Item"))
	for link, source in links:
		wanted = [d.get(link) for d in doc.items if d.get(link) and not d.get(FIELD)]
		if not wanted:
			continue
		contract_of = dict(
			frappe.get_all(
				source,
				filters={"name": ("in", wanted), FIELD: ("is", "set")},
				fields=["name", FIELD],
				as_list=True,
			)
		)
		for d in doc.items:
			if not d.get(FIELD) and d.get(link) in contract_of:
				d.set(FIELD, contract_of[d.get(link)])
	if doc.doctype == "Purchase Invoice":
		keep_rebate_rates(doc)
	tag_header(doc)


def keep_rebate_rates(doc) -> None:
	"""A purchase line keeps the item's export VAT rebate rate as it is while the invoice is a draft and as
	it is submitted (a debit note: the rate of the line it returns), so a later change of the item's rate
	changes no past profit. Two queries for all lines."""
	if doc.docstatus != 0 and not (doc.docstatus == 1 and doc.get("_action") == "submit"):
		return
	codes = list({d.item_code for d in doc.items if d.item_code})
	rate_of = dict(
		frappe.get_all(
			"Item", filters={"name": ("in", codes)}, fields=["name", "export_rebate_rate"], as_list=True
		)
		if codes
		else []
	)
	returned = [d.purchase_invoice_item for d in doc.items if d.get("purchase_invoice_item")]
	returned_rate = dict(
		frappe.get_all(
			"Purchase Invoice Item",
			filters={"name": ("in", returned)},
			fields=["name", "export_rebate_rate"],
			as_list=True,
		)
		if doc.get("is_return") and returned
		else []
	)
	for d in doc.items:
		if d.get("purchase_invoice_item") in returned_rate:
			d.export_rebate_rate = flt(returned_rate[d.purchase_invoice_item])
		else:
			d.export_rebate_rate = flt(rate_of.get(d.item_code))


def tag_header(doc) -> None:
	"""The header follows the lines: it carries the contract when every line is of that one (the voucher's
	taxes, rounding, payable or receivable follow it); when the lines are of several contracts, or of a
	contract and of none, it carries none (a header mapped from the first of two purchase orders would give
	the whole bill's VAT to one contract), and the voucher's shared rows are given to its contracts by their
	lines (``services.profit.live_actuals``). A header set on a voucher whose lines carry no contract is the
	user's, and stays."""
	if not has_dimension(doc.doctype):
		return
	contracts = {d.get(FIELD) or None for d in doc.items}
	if contracts == {None}:
		return
	doc.set(FIELD, contracts.pop() if len(contracts) == 1 else None)


def tag_collection(doc) -> None:
	"""Payment Entry ``validate``: a payment wholly of one contract (every invoice it settles is of that one,
	nothing unallocated) carries it, and with it the exchange gain or loss ERPNext books (its Journal Entry
	takes the payment's dimensions). A payment of several contracts keeps its header empty; its rows are
	shared among them by what it settles (``services.profit.live_actuals``). One query per kind of
	invoice."""
	if doc.get(FIELD) or not has_dimension(doc.doctype):
		return
	references = [r for r in doc.get("references") or [] if r.reference_name]
	if not references or flt(doc.get("unallocated_amount")):
		return
	headers = {}
	for doctype in {r.reference_doctype for r in references}:
		if doctype not in INVOICES:
			return
		names = [r.reference_name for r in references if r.reference_doctype == doctype]
		headers.update(
			dict(
				frappe.get_all(doctype, filters={"name": ("in", names)}, fields=["name", FIELD], as_list=True)
			)
		)
	contracts = {headers.get(r.reference_name) or None for r in references}
	if len(contracts) == 1 and None not in contracts:
		doc.set(FIELD, contracts.pop())
