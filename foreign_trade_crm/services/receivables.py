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
from itertools import pairwise

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


# One packed column per row: the MySQL driver (pure Python) then decodes one value per row
# instead of fifteen, which was most of the report's time on 100,000 invoices.
SEP = "\x1f"  # ASCII unit separator: never part of a name, a currency or a date


# separators inside the packed collections of a voucher
ENTRY_SEP, FIELD_SEP = "\x1e", "\x1d"


def _vouchers(f: dict, with_collections: bool = False) -> str:
	"""FROM clause of the receivable vouchers: ``g`` the ledger grouped per voucher, ``si`` its invoice.

	The ledger is grouped in the order of ERPNext's (against_voucher_no, against_voucher_type)
	index, so that no temporary table is needed; sums are exact decimals rounded to 6 places.
	"""
	sales_person = (
		"""and si.name in (select st.parent from `tabSales Team` st
			where st.parenttype = 'Sales Invoice' and st.sales_person = %(sales_person)s)"""
		if f.get("sales_person")
		else ""
	)
	return f"""
		from (
			select ple.against_voucher_type as voucher_type, ple.against_voucher_no as voucher_no,
				max(ple.party) as customer, max(ple.account_currency) as currency,
				round(sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount_in_account_currency, 0)), 6)
					as booked,
				round(sum(if(ple.voucher_no = ple.against_voucher_no, ple.amount, 0)), 6) as booked_base,
				round(sum(ple.amount_in_account_currency), 6) as unpaid,
				round(sum(ple.amount), 6) as unpaid_base,
				min(if(ple.voucher_no = ple.against_voucher_no, ple.posting_date, null)) as posting_date,
				max(if(ple.voucher_no = ple.against_voucher_no, ple.due_date, null)) as due_date
				{COLLECTIONS if with_collections else ""}
			from `tabPayment Ledger Entry` ple
			where {_where(f)}
			group by ple.against_voucher_no, ple.against_voucher_type
		) g
		left join `tabSales Invoice` si on g.voucher_type = 'Sales Invoice' and si.name = g.voucher_no
		where (g.booked != 0 or g.unpaid != 0) {sales_person}
	"""


# each collection (payment, credit note, journal) against the voucher, packed, in date order
COLLECTIONS = f"""
	, group_concat(if(ple.voucher_no != ple.against_voucher_no,
		concat_ws('{FIELD_SEP}', ple.posting_date, ple.voucher_no, ple.voucher_type,
			-ple.amount_in_account_currency, -ple.amount), null)
		order by ple.posting_date, ple.voucher_no separator '{ENTRY_SEP}') as collections
"""

# days from the expected collection date to the cutoff (rules.expected_date, rules.days_overdue_from)
DAYS_PAST = "datediff(%(cutoff)s, coalesce(si.expected_collection_date, g.due_date, g.posting_date))"


def voucher_rows(filters: dict, with_collections: bool = False) -> list[frappe._dict]:
	"""One row per receivable voucher with booked / collected / unpaid and the app's dates.

	One query whatever the volume. Dates come back as ISO strings and the days from the
	expected date to the cutoff are counted by the database. ``with_collections`` adds to
	each row ``collections``: (date, voucher no, voucher type, amount, amount in company
	currency) of each payment, credit note or journal against it, in date order.
	"""
	f = frappe._dict(filters)
	if not f.get("company"):
		frappe.throw(_("Select a company"))
	cutoff = getdate(f.get("cutoff") or nowdate())
	packed = frappe.db.sql(
		f"""
		select concat_ws(%(sep)s, g.customer, ifnull(g.posting_date, ''), g.voucher_no, g.voucher_type,
			g.currency, g.booked, g.booked_base, g.unpaid, g.unpaid_base,
			ifnull(g.due_date, ''), ifnull(si.shipment_notice, ''),
			ifnull(si.bl_date, ''), ifnull(si.expected_collection_date, ''), ifnull({DAYS_PAST}, ''),
			{"ifnull(g.collections, '')" if with_collections else "''"})
		{_vouchers(f, with_collections)}
		""",
		{**_values(f, cutoff), "sep": SEP},
	)
	expected_date, days_overdue, category_of = rules.expected_date, rules.days_overdue_from, rules.category_of
	rows = []
	append = rows.append
	# customer, booking date and voucher lead each packed line, and the separator sorts below
	# every printable character: sorting the lines sorts the rows by those three
	for line in sorted(line for (line,) in packed):
		(customer, posting, vno, vtype, currency, booked, booked_base, unpaid, unpaid_base) = (
			v := line.split(SEP)
		)[:9]
		posting, due, notice, bl, expected = (
			posting or None,
			v[9] or None,
			v[10] or None,
			v[11] or None,
			v[12] or None,
		)
		booked, booked_base, unpaid, unpaid_base = (
			float(booked),
			float(booked_base),
			float(unpaid),
			float(unpaid_base),
		)
		days = days_overdue(int(v[13] or 0), unpaid)
		expected_on, basis = expected_date(expected, due, posting)
		row = frappe._dict(
			voucher_type=vtype,
			voucher_no=vno,
			customer=customer,
			currency=currency,
			booked=booked,
			booked_base=booked_base,
			unpaid=unpaid,
			unpaid_base=unpaid_base,
			collected=booked - unpaid,
			collected_base=booked_base - unpaid_base,
			posting_date=posting,
			due_date=due,
			shipment_notice=notice,
			bl_date=bl,
			expected_collection_date=expected,
			expected_date=expected_on,
			basis=basis,
			days_overdue=days,
			category=category_of(booked, unpaid, days),
		)
		if with_collections:
			row.collections = _unpack_collections(v[14])
		append(row)
	return rows


def _unpack_collections(packed: str) -> list[list]:
	"""[date, voucher no, voucher type, amount, base amount] per collecting voucher, in date order.

	A voucher with several ledger rows against the invoice on one date is one collection; its
	rows are adjacent, as the database orders them by date and voucher.
	"""
	out: list[list] = []
	last = None
	for entry in packed.split(ENTRY_SEP) if packed else ():
		posting, vno, vtype, amount, base = entry.split(FIELD_SEP)
		if last is not None and last[1] == vno and last[0] == posting and last[2] == vtype:
			last[3] += float(amount)
			last[4] += float(base)
		else:
			last = [posting, vno, vtype, float(amount), float(base)]
			out.append(last)
	return out


# the SQL form of rules.in_category, on the grouped vouchers (``days``: days overdue)
CATEGORY_SQL = {
	rules.UNPAID: "v.unpaid > 0",
	rules.OVERDUE_UNPAID: "v.unpaid > 0 and v.days > 0",
	rules.PARTLY_COLLECTED: "v.unpaid > 0 and v.unpaid < v.booked",
	rules.FULLY_COLLECTED: "v.unpaid <= 0 and v.booked > 0",
}


def customer_totals(filters: dict, ranges: tuple[int, ...]) -> list[frappe._dict]:
	"""Per customer, in company currency: invoices, booked, collected, unpaid, overdue, not yet due,
	most days overdue and unpaid per ageing bucket, summed by the database (one query, one row
	per customer). The same figures as ``rules.summarise`` over ``voucher_rows``, which the
	integration tests check; this form does not bring 100,000 vouchers into Python.
	"""
	f = frappe._dict(filters)
	if not f.get("company"):
		frappe.throw(_("Select a company"))
	cutoff = getdate(f.get("cutoff") or nowdate())
	where = CATEGORY_SQL.get(f.get("category"), "1 = 1")
	overdue = "(v.days > 0 and v.unpaid_base > 0)"
	# ranges are integers (rules.parse_ranges), so they are written into the statement as such
	bounds = [(0, ranges[0]), *pairwise(ranges)]
	buckets = [
		f"sum(if({overdue} and v.days > {int(low)} and v.days <= {int(high)}, v.unpaid_base, 0)) as range{i}"
		for i, (low, high) in enumerate(bounds)
	] + [f"sum(if({overdue} and v.days > {int(ranges[-1])}, v.unpaid_base, 0)) as range{len(ranges)}"]
	return frappe.db.sql(
		f"""
		select v.customer, count(*) as invoices, sum(v.booked_base) as booked_base,
			sum(v.booked_base - v.unpaid_base) as collected_base, sum(v.unpaid_base) as unpaid_base,
			sum(if({overdue}, v.unpaid_base, 0)) as overdue_base,
			sum(if(v.days = 0 and v.unpaid_base > 0, v.unpaid_base, 0)) as not_due,
			max(if({overdue}, v.days, 0)) as days_overdue,
			{", ".join(buckets)}
		from (
			select g.customer, g.booked, g.unpaid, g.booked_base, g.unpaid_base,
				if(g.unpaid > 0, greatest(ifnull({DAYS_PAST}, 0), 0), 0) as days
			{_vouchers(f)}
		) v
		where {where}
		group by v.customer
		order by v.customer
		""",
		_values(f, cutoff),
		as_dict=True,
	)


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
