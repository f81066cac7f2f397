"""Sales activity statistics (seed 001: 報表統計分析): per sales person and month, what each did and won.

Who a record belongs to, as the rest of the app decides it (``services.sales_people``):
- a lead, its owner (Lead → Lead Owner), the sales person whose Employee is that user; a lead converted
  is a Customer made from it (Customer → From Lead), counted in the month the customer was made;
- a quotation, shipment, collection or overdue invoice, the customer's first sales person (Customer →
  Sales Team, first row); a contract, its own sales person (taken from its customer when it is made).
A record of no sales person counts in a row of its own ("Not Assigned"), so that the months add up to
every lead, quotation and contract.

Figures: new leads, leads converted, quotations sent (submitted, by date) and answered (the buyer's reply
recorded), the reply rate, contracts won (submitted, by contract date: count and amount), shipped
(submitted notices, by posting date), collected (payments received against shipment invoices, by posting
date) and overdue at the end of the period (shipment invoices unpaid past their expected collection or due
date). A quotation is answered when the buyer replied on the portal or by e-mail, or it became an order,
or was lost. Amounts in company currency. One query for each kind of record, whatever the number of sales
persons (the conversions read customers first: the few made in the period, then their leads by name); a
restricted sales user (``isolation.is_restricted``) gets their own sales persons' rows only.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, flt, getdate

from foreign_trade_crm.rules.quotation_reply import ANSWERED_STATUSES
from foreign_trade_crm.services.sales_people import FIRST_SALES_JOIN as FIRST_SALES

FIGURES = (
	"new_leads",
	"converted_leads",
	"quotations",
	"answered",
	"contracts",
	"contract_amount",
	"shipped",
	"collected",
	"overdue",
)

QUERIES = {
	"leads": """
		select sp.name, date_format(l.creation, '%%Y-%%m'), count(*)
		from `tabLead` l
		left join `tabEmployee` e on e.user_id = l.lead_owner
		left join `tabSales Person` sp on sp.employee = e.name
		where l.creation >= %(from_date)s and l.creation < %(to_next)s
		group by 1, 2
	""",
	"conversions": """
		select straight_join sp.name, date_format(cu.creation, '%%Y-%%m'), count(*)
		from `tabCustomer` cu
		join `tabLead` l on l.name = cu.lead_name
		left join `tabEmployee` e on e.user_id = l.lead_owner
		left join `tabSales Person` sp on sp.employee = e.name
		where cu.creation >= %(from_date)s and cu.creation < %(to_next)s and ifnull(cu.lead_name, '') != ''
		group by 1, 2
	""",
	# answered: rules.quotation_reply.has_answered, in SQL
	"quotations": f"""
		select st.sales_person, date_format(q.transaction_date, '%%Y-%%m'), count(*),
			sum(if(ifnull(q.buyer_reply, '') != '' or q.status in %(answered)s, 1, 0))
		from `tabQuotation` q
		{FIRST_SALES.format(customer="q.party_name")}
		where q.docstatus = 1 and q.quotation_to = 'Customer'
			and q.transaction_date between %(from_date)s and %(to_date)s
		group by 1, 2
	""",
	"contracts": """
		select ec.sales_person, date_format(ec.contract_date, '%%Y-%%m'), count(*), sum(ec.base_total_amount)
		from `tabExport Contract` ec
		where ec.docstatus = 1 and ec.contract_date between %(from_date)s and %(to_date)s
		group by 1, 2
	""",
	"shipments": f"""
		select st.sales_person, date_format(sn.posting_date, '%%Y-%%m'), sum(sn.base_total_amount)
		from `tabShipment Notice` sn
		{FIRST_SALES.format(customer="sn.customer")}
		where sn.docstatus = 1 and sn.posting_date between %(from_date)s and %(to_date)s
		group by 1, 2
	""",
	"collections": f"""
		select st.sales_person, date_format(pe.posting_date, '%%Y-%%m'),
			sum(per.allocated_amount * pe.source_exchange_rate)
		from `tabPayment Entry Reference` per
		join `tabPayment Entry` pe on pe.name = per.parent
		join `tabSales Invoice` si on si.name = per.reference_name
		{FIRST_SALES.format(customer="si.customer")}
		where pe.docstatus = 1 and pe.payment_type = 'Receive'
			and pe.posting_date between %(from_date)s and %(to_date)s
			and per.reference_doctype = 'Sales Invoice' and ifnull(si.shipment_notice, '') != ''
		group by 1, 2
	""",
	"overdue": f"""
		select st.sales_person, sum(si.outstanding_amount * si.conversion_rate)
		from `tabSales Invoice` si
		{FIRST_SALES.format(customer="si.customer")}
		where si.docstatus = 1 and si.is_return = 0 and si.outstanding_amount > 0
			and ifnull(si.shipment_notice, '') != ''
			and coalesce(si.expected_collection_date, si.due_date) < %(to_date)s
		group by 1
	""",
}


def statistics(from_date, to_date, sales_person: str | None = None) -> dict[tuple[str, str], dict]:
	"""(sales person, month 'YYYY-MM') → its figures; overdue sits in the month of ``to_date``."""
	from foreign_trade_crm.services.isolation import is_restricted

	from_date, to_date = getdate(from_date), getdate(to_date)
	values = {
		"from_date": from_date,
		"to_date": to_date,
		"to_next": add_days(to_date, 1),
		"answered": ANSWERED_STATUSES,
	}
	rows: dict[tuple[str, str], dict] = {}

	def row(person, month):
		key = (person, month)
		if key not in rows:
			rows[key] = dict.fromkeys(FIGURES, 0)
		return rows[key]

	for person, month, count in frappe.db.sql(QUERIES["leads"], values):
		row(person, month)["new_leads"] = count
	for person, month, count in frappe.db.sql(QUERIES["conversions"], values):
		row(person, month)["converted_leads"] = count
	for person, month, count, answered in frappe.db.sql(QUERIES["quotations"], values):
		r = row(person, month)
		r["quotations"], r["answered"] = count, int(answered or 0)
	for person, month, count, amount in frappe.db.sql(QUERIES["contracts"], values):
		r = row(person, month)
		r["contracts"], r["contract_amount"] = count, flt(amount, 2)
	for person, month, amount in frappe.db.sql(QUERIES["shipments"], values):
		row(person, month)["shipped"] = flt(amount, 2)
	for person, month, amount in frappe.db.sql(QUERIES["collections"], values):
		row(person, month)["collected"] = flt(amount, 2)
	last_month = to_date.strftime("%Y-%m")
	for person, amount in frappe.db.sql(QUERIES["overdue"], values):
		row(person, last_month)["overdue"] = flt(amount, 2)

	allowed = None
	if is_restricted():
		allowed = set(own_sales_persons())
	if sales_person:
		allowed = {sales_person} if allowed is None else allowed & {sales_person}
	if allowed is not None:
		rows = {key: figures for key, figures in rows.items() if key[0] in allowed}
	return rows


def own_sales_persons(user: str | None = None) -> list[str]:
	"""The sales persons whose Employee is the user."""
	return frappe.db.sql_list(
		"""select sp.name from `tabSales Person` sp join `tabEmployee` e on e.name = sp.employee
		where e.user_id = %s""",
		user or frappe.session.user,
	)


def reply_rate(figures: dict) -> float | None:
	return flt(figures["answered"] / figures["quotations"] * 100, 1) if figures["quotations"] else None
