"""The daily alerts of letters of credit, selected as the others are (``services.alerts``): one query per
kind, the stages already sent joined in, and each alert sent once per deadline (its Alert Log key).

- a credit expiring within the days set with an undrawn balance;
- a credit's latest shipment date near while its contracts still have goods to ship (a credit that pays
  no contract: while it is not fully drawn);
- a shipped notice drawing on a credit whose last day for presentation is near, its documents not yet
  presented;
- a countersigned contract payable by letter of credit (its payment terms say so) with no credit received
  the days set after countersign.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import cint, getdate

from foreign_trade_crm.rules import alerts as rules
from foreign_trade_crm.rules import credit_desk as desk
from foreign_trade_crm.rules import letter_of_credit as lc
from foreign_trade_crm.services.alert_items import CUSTOMER_FIELDS, SENT, item

LIVE = "('Advised', 'In Use')"

EXPIRING_SQL = f"""
	select q.name, q.customer, c.customer_name, q.owner, q.expiry_date as due_date,
		datediff(%(today)s, q.expiry_date) as days_late, q.available_amount as amount, q.currency,
		null as sales_person, {CUSTOMER_FIELDS}, {SENT.format(name="q.name")}
	from `tabLetter of Credit` q join `tabCustomer` c on c.name = q.customer
	where q.docstatus = 1 and q.status in {LIVE} and q.available_amount > 0
		and q.expiry_date between %(today)s and date_add(%(today)s, interval %(days)s day)
"""

SHIPMENT_SQL = f"""
	select q.name, q.customer, c.customer_name, q.owner, q.latest_shipment_date as due_date,
		datediff(%(today)s, q.latest_shipment_date) as days_late, q.available_amount as amount, q.currency,
		null as sales_person, {CUSTOMER_FIELDS}, {SENT.format(name="q.name")},
		(select count(*) from `tabLetter of Credit Contract` lcc
			where lcc.parent = q.name and lcc.parenttype = 'Letter of Credit') as contracts,
		(select sum(ec.pending_amount) from `tabLetter of Credit Contract` lcc
			join `tabExport Contract` ec on ec.name = lcc.export_contract
			where lcc.parent = q.name and lcc.parenttype = 'Letter of Credit' and ec.docstatus = 1
				and ec.status not in ('Closed', 'Fully Shipped')) as pending
	from `tabLetter of Credit` q join `tabCustomer` c on c.name = q.customer
	where q.docstatus = 1 and q.status in {LIVE}
		and q.latest_shipment_date between %(today)s and date_add(%(today)s, interval %(days)s day)
"""

PRESENTATION_SQL = f"""
	select q.name, q.customer, c.customer_name, q.owner, coalesce(q.bl_date, q.etd) as shipped,
		l.presentation_days, l.expiry_date, l.company, q.total_amount as amount, q.currency,
		null as sales_person, {CUSTOMER_FIELDS}, {SENT.format(name="q.name")}
	from `tabShipment Notice` q
	join `tabLetter of Credit` l on l.name = q.letter_of_credit
	join `tabCustomer` c on c.name = q.customer
	where q.docstatus = 1 and l.docstatus = 1 and coalesce(q.bl_date, q.etd) is not null
		and coalesce(q.bl_date, q.etd) >= date_sub(%(today)s, interval (ifnull(l.presentation_days, 21) + 10) day)
		and not exists (select 1 from `tabLetter of Credit Presentation` p
			where p.shipment_notice = q.name and p.docstatus = 1 and p.status != 'Refused')
"""

MISSING_SQL = f"""
	select q.name, q.customer, c.customer_name, q.owner, q.countersigned_on as due_date,
		datediff(%(today)s, q.countersigned_on) as days_late, q.total_amount as amount, q.currency,
		q.sales_person, {CUSTOMER_FIELDS}, {SENT.format(name="q.name")}, q.payment_terms_template as terms,
		(select group_concat(concat_ws(' ', ptd.payment_term, ptd.description, ptd.mode_of_payment) separator ' | ')
			from `tabPayment Terms Template Detail` ptd
			where ptd.parent = q.payment_terms_template and ptd.parenttype = 'Payment Terms Template') as terms_text
	from `tabExport Contract` q join `tabCustomer` c on c.name = q.customer
	where q.docstatus = 1 and q.is_countersigned = 1 and ifnull(q.payment_terms_template, '') != ''
		and q.status not in ('Closed', 'Fully Shipped', 'Cancelled')
		and q.countersigned_on <= date_sub(%(today)s, interval %(days)s day)
		and not exists (select 1 from `tabLetter of Credit Contract` lcc
			join `tabLetter of Credit` l on l.name = lcc.parent
			where lcc.export_contract = q.name and lcc.parenttype = 'Letter of Credit' and l.docstatus = 1)
"""


def select(today: date, s, users: dict, managers: list) -> list[dict]:
	"""The credit alerts due today (one query per kind turned on in Foreign Trade Settings)."""
	out = []
	if cint(s.get("alert_lc_expiry")):
		out += _deadlines(
			rules.LC_EXPIRING,
			"Letter of Credit",
			"expiry",
			EXPIRING_SQL,
			today,
			s.lc_expiry_days,
			users,
			managers,
		)
	if cint(s.get("alert_lc_shipment")):
		out += _deadlines(
			rules.LC_SHIPMENT,
			"Letter of Credit",
			"shipment",
			SHIPMENT_SQL,
			today,
			s.lc_shipment_days,
			users,
			managers,
			keep=lambda r: (r.pending or 0) > 0 if cint(r.contracts) else (r.amount or 0) > 0,
		)
	if cint(s.get("alert_lc_presentation")):
		out += _presentations(today, cint(s.lc_presentation_days), users, managers)
	if cint(s.get("alert_lc_missing")):
		out += _missing(today, cint(s.lc_missing_days), users, managers)
	return out


def _sent(r) -> set[str]:
	return set(filter(None, (r.sent or "").split(",")))


def _deadlines(kind, doctype, prefix, sql, today, days, users, managers, keep=None) -> list[dict]:
	rows = frappe.db.sql(
		sql, {"today": today, "days": cint(days), "kind": kind, "doctype": doctype}, as_dict=True
	)
	out = []
	for r in rows:
		if keep and not keep(r):
			continue
		stage = rules.deadline_stage(prefix, getdate(r.due_date), today, cint(days))
		if stage and stage not in _sent(r):
			out.append(item(kind, doctype, r, rules.Due(stage, (rules.SALES,)), users, managers))
	return out


def _presentations(today, days, users, managers) -> list[dict]:
	from foreign_trade_crm.services.letter_of_credit import holidays

	kind = rules.LC_PRESENTATION
	rows = frappe.db.sql(
		PRESENTATION_SQL, {"today": today, "kind": kind, "doctype": "Shipment Notice"}, as_dict=True
	)
	out = []
	for r in rows:
		terms = desk.terms_of({"presentation_days": r.presentation_days, "expiry_date": r.expiry_date})
		last = lc.last_presentation_day(terms, getdate(r.shipped), holidays(r.company))
		stage = rules.deadline_stage("present", last, today, days)
		if stage and stage not in _sent(r):
			r.due_date, r.days_late = last, (today - last).days
			out.append(item(kind, "Shipment Notice", r, rules.Due(stage, (rules.SALES,)), users, managers))
	return out


def _missing(today, days, users, managers) -> list[dict]:
	kind = rules.LC_MISSING
	rows = frappe.db.sql(
		MISSING_SQL, {"today": today, "days": days, "kind": kind, "doctype": "Export Contract"}, as_dict=True
	)
	return [
		item(kind, "Export Contract", r, rules.Due("missing", (rules.SALES,)), users, managers)
		for r in rows
		if desk.is_by_credit(r.terms, r.terms_text) and "missing" not in _sent(r)
	]
