"""Receivables per voucher from ERPNext's Payment Ledger, set-wise.

One grouped query gives, for every receivable voucher of the customers asked for, what
was booked and what is still unpaid up to the cutoff date, in the voucher's (account)
currency and in company currency, joined to the app's dates on the Sales Invoice. A
second query (only when asked) gives each collection under its invoice. Payment Entries,
credit notes, Journal Entries and reconciliations count exactly as ERPNext counts them,
because they are all Payment Ledger Entries against the invoice.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from foreign_trade_crm.rules import receivables as rules

LEDGER_FILTERS = """
	ple.company = %(company)s and ple.party_type = 'Customer' and ple.account_type = 'Receivable'
	and ple.delinked = 0 and ple.posting_date <= %(cutoff)s
	{party} {voucher}
"""


def _where(f: dict) -> str:
	return LEDGER_FILTERS.format(
		party="and ple.party = %(customer)s" if f.get("customer") else "",
		voucher="and ple.against_voucher_no = %(invoice)s" if f.get("invoice") else "",
	)


def _values(f: dict, cutoff: date) -> dict:
	return {
		"company": f.get("company"),
		"cutoff": cutoff,
		"customer": f.get("customer"),
		"invoice": f.get("invoice"),
		"sales_person": f.get("sales_person"),
	}


def voucher_rows(filters: dict) -> list[dict]:
	"""One row per receivable voucher with booked / collected / unpaid and the app's dates.

	Two queries whatever the volume: the ledger grouped by voucher (in the order of ERPNext's
	(against_voucher_no, against_voucher_type) index, so no temporary table is needed), and
	the app's fields of those invoices.
	"""
	f = frappe._dict(filters)
	if not f.get("company"):
		frappe.throw(_("Select a company"))
	cutoff = getdate(f.get("cutoff") or nowdate())
	values = _values(f, cutoff)
	rows = frappe.db.sql(
		f"""
		select ple.against_voucher_type as voucher_type, ple.against_voucher_no as voucher_no,
			max(ple.party) as customer, max(ple.account_currency) as currency,
			sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount_in_account_currency, 0)) as booked,
			sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount, 0)) as booked_base,
			sum(ple.amount_in_account_currency) as unpaid,
			sum(ple.amount) as unpaid_base,
			min(if(ple.voucher_no = ple.against_voucher_no, ple.posting_date, null)) as posting_date,
			max(if(ple.voucher_no = ple.against_voucher_no, ple.due_date, null)) as due_date
		from `tabPayment Ledger Entry` ple
		where {_where(f)}
		group by ple.against_voucher_no, ple.against_voucher_type
		having booked != 0 or unpaid != 0
		""",
		values,
		as_dict=True,
	)
	invoices = _invoice_fields(f, values)
	if f.get("sales_person"):
		rows = [r for r in rows if r.voucher_type == "Sales Invoice" and r.voucher_no in invoices]

	no_invoice = (None, None, None, None)
	for r in rows:
		r.shipment_notice, r.bl_date, r.expected_collection_date, r.po_no = (
			invoices.get(r.voucher_no, no_invoice) if r.voucher_type == "Sales Invoice" else no_invoice
		)
		r.collected = r.booked - r.unpaid
		r.collected_base = r.booked_base - r.unpaid_base
		r.expected_date, r.basis = rules.expected_date(r.expected_collection_date, r.due_date, r.posting_date)
		r.days_overdue = rules.days_overdue(r.expected_date, cutoff, r.unpaid)
		r.category = rules.category_of(r.booked, r.unpaid, r.days_overdue)
	rows.sort(key=lambda r: (r.customer or "", r.posting_date or cutoff, r.voucher_no))
	return rows


def _invoice_fields(f: dict, values: dict) -> dict[str, tuple]:
	"""shipment notice, B/L date, expected collection date, PO no of the company's invoices up to the cutoff."""
	conditions = ["si.company = %(company)s", "si.docstatus = 1", "si.posting_date <= %(cutoff)s"]
	if f.get("customer"):
		conditions.append("si.customer = %(customer)s")
	if f.get("invoice"):
		conditions.append("si.name = %(invoice)s")
	if f.get("sales_person"):
		conditions.append(
			"""si.name in (select st.parent from `tabSales Team` st
			where st.parenttype = 'Sales Invoice' and st.sales_person = %(sales_person)s)"""
		)
	rows = frappe.db.sql(
		f"""select si.name, si.shipment_notice, si.bl_date, si.expected_collection_date, si.po_no
		from `tabSales Invoice` si where {" and ".join(conditions)}""",
		values,
	)
	return {r[0]: r[1:] for r in rows}


def collections(filters: dict) -> dict[str, list[dict]]:
	"""Each collection (payment, credit note, journal) per invoice, up to the cutoff (one query)."""
	f = frappe._dict(filters)
	cutoff = getdate(f.get("cutoff") or nowdate())
	rows = frappe.db.sql(
		f"""
		select ple.against_voucher_no as invoice, ple.voucher_type, ple.voucher_no, ple.posting_date,
			-ple.amount_in_account_currency as amount, -ple.amount as amount_base
		from `tabPayment Ledger Entry` ple
		where {_where(f)} and ple.voucher_no != ple.against_voucher_no
		""",
		_values(f, cutoff),
		as_dict=True,
	)
	out: dict[str, dict[tuple, dict]] = {}
	for r in rows:
		per_invoice = out.setdefault(r.invoice, {})
		key = (r.voucher_type, r.voucher_no, r.posting_date)
		if key in per_invoice:  # one voucher with several ledger rows against the invoice
			per_invoice[key].amount += r.amount
			per_invoice[key].amount_base += r.amount_base
		else:
			per_invoice[key] = r
	return {
		invoice: sorted(found.values(), key=lambda r: (r.posting_date, r.voucher_no))
		for invoice, found in out.items()
	}


@frappe.whitelist()
def customer_risk(customer: str, company: str | None = None) -> dict:
	"""Overdue unpaid amount of one customer in one company (company currency), and whether it is a risk."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	frappe.has_permission("Sales Invoice", "read", throw=True)
	return risk_of(customer, company)


def risk_of(customer: str, company: str | None = None) -> dict:
	company = (
		company
		or frappe.defaults.get_user_default("Company")
		or frappe.db.get_single_value("Global Defaults", "default_company")
	)
	threshold = flt(frappe.db.get_single_value("Foreign Trade Settings", "risk_overdue_threshold"))
	rows = [r for r in voucher_rows({"company": company, "customer": customer}) if r.days_overdue > 0]
	overdue = sum(flt(r.unpaid_base) for r in rows)
	return {
		"company": company,
		"currency": frappe.get_cached_value("Company", company, "default_currency"),
		"overdue": overdue,
		"max_days_overdue": max((r.days_overdue for r in rows), default=0),
		"threshold": threshold,
		"is_risk": rules.is_risk(overdue, threshold),
	}
