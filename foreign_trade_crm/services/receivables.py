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
	"""One row per receivable voucher with booked / collected / unpaid and the app's dates."""
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
		select g.against_voucher_type as voucher_type, g.against_voucher_no as voucher_no,
			g.party as customer, g.account_currency as currency,
			g.booked, g.booked_base, g.unpaid, g.unpaid_base, g.posting_date, g.due_date,
			si.shipment_notice, si.bl_date, si.expected_collection_date, si.po_no
		from (
			select ple.against_voucher_type, ple.against_voucher_no, ple.party, ple.account_currency,
				sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount_in_account_currency, 0)) as booked,
				sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount, 0)) as booked_base,
				sum(ple.amount_in_account_currency) as unpaid,
				sum(ple.amount) as unpaid_base,
				min(if(ple.voucher_no = ple.against_voucher_no, ple.posting_date, null)) as posting_date,
				max(if(ple.voucher_no = ple.against_voucher_no, ple.due_date, null)) as due_date
			from `tabPayment Ledger Entry` ple
			where {_where(f)}
			group by ple.against_voucher_type, ple.against_voucher_no, ple.party, ple.account_currency
		) g
		left join `tabSales Invoice` si
			on g.against_voucher_type = 'Sales Invoice' and si.name = g.against_voucher_no
		where (g.booked != 0 or g.unpaid != 0) {sales_person}
		order by g.party, g.posting_date, g.against_voucher_no
		""",
		_values(f, cutoff),
		as_dict=True,
	)
	for r in rows:
		r.collected = flt(r.booked) - flt(r.unpaid)
		r.collected_base = flt(r.booked_base) - flt(r.unpaid_base)
		r.expected_date, r.basis = rules.expected_date(r.expected_collection_date, r.due_date, r.posting_date)
		r.days_overdue = rules.days_overdue(r.expected_date, cutoff, r.unpaid)
		r.category = rules.category_of(r.booked, r.unpaid, r.days_overdue)
	return rows


def collections(filters: dict) -> dict[str, list[dict]]:
	"""Each collection (payment, credit note, journal) per invoice, up to the cutoff."""
	f = frappe._dict(filters)
	cutoff = getdate(f.get("cutoff") or nowdate())
	rows = frappe.db.sql(
		f"""
		select ple.against_voucher_no as invoice, ple.voucher_type, ple.voucher_no, ple.posting_date,
			-sum(ple.amount_in_account_currency) as amount, -sum(ple.amount) as amount_base
		from `tabPayment Ledger Entry` ple
		where {_where(f)} and ple.voucher_no != ple.against_voucher_no
		group by ple.against_voucher_no, ple.voucher_type, ple.voucher_no, ple.posting_date
		order by ple.posting_date, ple.voucher_no
		""",
		_values(f, cutoff),
		as_dict=True,
	)
	out: dict[str, list[dict]] = {}
	for r in rows:
		out.setdefault(r.invoice, []).append(r)
	return out


@frappe.whitelist()
def customer_risk(customer: str, company: str | None = None) -> dict:
	"""Overdue unpaid amount of one customer in one company (company currency), and whether it is a risk."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	frappe.has_permission("Sales Invoice", "read", throw=True)
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
