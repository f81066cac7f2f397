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

	One query whatever the volume: the ledger grouped by voucher in the order of ERPNext's
	(against_voucher_no, against_voucher_type) index, so that no temporary table is needed,
	joined to the app's fields on the Sales Invoice. Sums come back as doubles, which the
	driver decodes several times faster than decimals; amounts are rounded where summed.
	"""
	f = frappe._dict(filters)
	if not f.get("company"):
		frappe.throw(_("Select a company"))
	cutoff = getdate(f.get("cutoff") or nowdate())
	sales_person = (
		"""and si.name in (select st.parent from `tabSales Team` st
			where st.parenttype = 'Sales Invoice' and st.sales_person = %(sales_person)s)"""
		if f.get("sales_person")
		else ""
	)
	rows = frappe.db.sql(
		f"""
		select g.*, si.shipment_notice, si.bl_date, si.expected_collection_date, si.po_no
		from (
			select ple.against_voucher_type as voucher_type, ple.against_voucher_no as voucher_no,
				max(ple.party) as customer, max(ple.account_currency) as currency,
				cast(sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount_in_account_currency, 0)) as double)
					as booked,
				cast(sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount, 0)) as double) as booked_base,
				cast(sum(ple.amount_in_account_currency) as double) as unpaid,
				cast(sum(ple.amount) as double) as unpaid_base,
				min(if(ple.voucher_no = ple.against_voucher_no, ple.posting_date, null)) as posting_date,
				max(if(ple.voucher_no = ple.against_voucher_no, ple.due_date, null)) as due_date
			from `tabPayment Ledger Entry` ple
			where {_where(f)}
			group by ple.against_voucher_no, ple.against_voucher_type
		) g
		left join `tabSales Invoice` si on g.voucher_type = 'Sales Invoice' and si.name = g.voucher_no
		where (round(g.booked, 6) != 0 or round(g.unpaid, 6) != 0) {sales_person}
		""",
		_values(f, cutoff),
		as_dict=True,
	)
	for r in rows:
		r.booked, r.booked_base = round(r.booked, 6), round(r.booked_base, 6)
		r.unpaid, r.unpaid_base = round(r.unpaid, 6), round(r.unpaid_base, 6)
		r.collected = r.booked - r.unpaid
		r.collected_base = r.booked_base - r.unpaid_base
		r.expected_date, r.basis = rules.expected_date(r.expected_collection_date, r.due_date, r.posting_date)
		r.days_overdue = rules.days_overdue(r.expected_date, cutoff, r.unpaid)
		r.category = rules.category_of(r.booked, r.unpaid, r.days_overdue)
	rows.sort(key=lambda r: (r.customer or "", r.posting_date or cutoff, r.voucher_no))
	return rows


def collections(filters: dict) -> dict[str, list[dict]]:
	"""Each collection (payment, credit note, journal) per invoice, up to the cutoff (one query)."""
	f = frappe._dict(filters)
	cutoff = getdate(f.get("cutoff") or nowdate())
	rows = frappe.db.sql(
		f"""
		select ple.against_voucher_no as invoice, ple.voucher_type, ple.voucher_no, ple.posting_date,
			-cast(ple.amount_in_account_currency as double) as amount, -cast(ple.amount as double) as amount_base
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
