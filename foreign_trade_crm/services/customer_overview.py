"""Customer 360 (seed 003): the customer's export business at a glance, on the Customer form.

A handful of grouped queries, whatever the customer's size: contracts (count, this year,
total, largest, shipped and pending), receivables (unpaid, overdue, most days late, the
risk flag), claims (count, claimed, company's share), last contact and last order, open
feedback. Amounts are in company currency (the contracts' and notices' own rates).
"""

from __future__ import annotations

import frappe
from frappe.utils import flt, getdate, nowdate

from foreign_trade_crm.services.receivables import voucher_rows


@frappe.read_only()
def overview(customer: str) -> dict:
	year_start = getdate(nowdate()).replace(month=1, day=1)
	contracts = frappe.db.sql(
		"""
		select count(*) as count,
			sum(if(contract_date >= %(year_start)s, base_total_amount, 0)) as this_year,
			sum(base_total_amount) as total, max(base_total_amount) as largest,
			sum(shipped_amount * conversion_rate) as shipped, sum(pending_amount * conversion_rate) as pending,
			sum(if(is_countersigned = 0, 1, 0)) as to_countersign,
			max(contract_date) as last_contract, max(company) as company,
			sum(est_sales) as est_sales, sum(est_profit) as est_profit
		from `tabExport Contract`
		where customer = %(customer)s and docstatus = 1
		""",
		{"customer": customer, "year_start": year_start},
		as_dict=True,
	)[0]
	claims = frappe.db.sql(
		"""
		select count(*) as count, sum(tc.claimed_amount * sn.conversion_rate) as claimed,
			sum(tc.company_amount * sn.conversion_rate) as company_share,
			sum(if(tc.docstatus = 0, 1, 0)) as open
		from `tabTrade Claim` tc join `tabShipment Notice` sn on sn.name = tc.shipment_notice
		where tc.customer = %(customer)s and tc.docstatus < 2 and tc.status != 'Rejected'
		""",
		{"customer": customer},
		as_dict=True,
	)[0]
	last_contact = frappe.db.sql(
		"""
		select max(c.communication_date) from `tabCommunication` c
		where (c.reference_doctype = 'Customer' and c.reference_name = %(customer)s)
			or c.name in (select cl.parent from `tabCommunication Link` cl
				where cl.link_doctype = 'Customer' and cl.link_name = %(customer)s)
		""",
		{"customer": customer},
	)[0][0]
	last_order = frappe.db.sql(
		"select max(transaction_date) from `tabSales Order` where customer = %s and docstatus = 1", customer
	)[0][0]
	open_feedback = frappe.db.count("Customer Feedback", {"customer": customer, "status": ("!=", "Closed")})

	unpaid = overdue = 0.0
	days = 0
	for company in frappe.get_all(
		"Payment Ledger Entry",
		filters={"party_type": "Customer", "party": customer, "delinked": 0},
		pluck="company",
		distinct=True,
	):
		for row in voucher_rows({"company": company, "customer": customer}):
			unpaid += flt(row.unpaid_base)
			if row.days_overdue > 0 and row.unpaid_base > 0:
				overdue += row.unpaid_base
				days = max(days, row.days_overdue)

	orders = [d for d in (contracts.last_contract, last_order) if d]
	return {
		"currency": frappe.get_cached_value(
			"Company", contracts.company or frappe.defaults.get_global_default("company"), "default_currency"
		),
		"contracts": {
			"count": contracts.count or 0,
			"this_year": flt(contracts.this_year, 2),
			"total": flt(contracts.total, 2),
			"largest": flt(contracts.largest, 2),
			"shipped": flt(contracts.shipped, 2),
			"pending": flt(contracts.pending, 2),
			"to_countersign": int(contracts.to_countersign or 0),
		},
		"receivables": {"unpaid": flt(unpaid, 2), "overdue": flt(overdue, 2), "max_days_overdue": days},
		"claims": {
			"count": claims.count or 0,
			"open": int(claims.open or 0),
			"claimed": flt(claims.claimed, 2),
			"company_share": flt(claims.company_share, 2),
		},
		"last_contact": str(getdate(last_contact)) if last_contact else None,
		"last_order": str(max(getdate(d) for d in orders)) if orders else None,
		"open_feedback": open_feedback,
		"profit": profit_of(customer, contracts),
	}


def profit_of(customer: str, contracts) -> dict | None:
	"""Estimated and actual profit of the customer's submitted contracts; for managers and accounts users
	only (``services.profit.can_see_profit``), none for anyone else."""
	from foreign_trade_crm.rules.profit import Profit
	from foreign_trade_crm.services.profit import can_see_profit
	from foreign_trade_crm.services.profit_ledger import actuals

	if not can_see_profit():
		return None
	actual = Profit()
	for one in actuals(where="ec.customer = %(customer)s", values={"customer": customer}).values():
		actual.merge(one)
	est_sales = flt(contracts.est_sales)
	return {
		"estimate": flt(contracts.est_profit, 2),
		"estimate_margin": flt(flt(contracts.est_profit) / est_sales * 100, 2) if est_sales else None,
		"actual": flt(actual.profit),
		"actual_margin": flt(actual.margin) if actual.margin is not None else None,
	}
