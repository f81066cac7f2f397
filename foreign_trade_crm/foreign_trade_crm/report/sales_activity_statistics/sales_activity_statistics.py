# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

"""Sales Activity Statistics (seed 001 報表統計分析): per sales person, or per sales person and
month, new and converted leads, quotations sent and answered (reply rate), contracts won, shipped,
collected and overdue, with a chart; the figures and who they belong to are ``services.sales_statistics``'s.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_months, flt, getdate, nowdate

from foreign_trade_crm.services import sales_statistics as service

GROUPS = ("Sales Person", "Sales Person and Month", "Month")


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	group_by = filters.get("group_by") or "Sales Person"
	if group_by not in GROUPS:
		frappe.throw(_("Group by one of {0}").format(", ".join(_(g) for g in GROUPS)))
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_months(to_date, -12))
	if from_date > to_date:
		frappe.throw(_("From Date must be before To Date"))
	found = service.statistics(from_date, to_date, filters.get("sales_person"))

	groups: dict[tuple, dict] = {}
	for (person, month), figures in found.items():
		key = {"Sales Person": (person,), "Month": (month,)}.get(group_by, (person, month))
		total = groups.setdefault(key, dict.fromkeys(service.FIGURES, 0))
		for name in service.FIGURES:
			total[name] += figures[name]
	data = []
	# records of no sales person last, in a row of their own
	for key in sorted(groups, key=lambda k: tuple((v is None, v or "") for v in k)):
		figures = groups[key]
		row = {"reply_rate": service.reply_rate(figures), **figures}
		if group_by == "Month":
			row["month"] = key[0]
		else:
			row["sales_person"] = key[0] or _("Not Assigned")
			if group_by == "Sales Person and Month":
				row["month"] = key[1]
		data.append(row)
	currency = frappe.get_cached_value(
		"Company",
		frappe.defaults.get_user_default("Company") or frappe.db.get_value("Company", {}),
		"default_currency",
	)
	for row in data:
		row["currency"] = currency
	return columns(group_by), data, None, chart(found)


def columns(group_by: str) -> list[dict]:
	money = {"fieldtype": "Currency", "options": "currency", "width": 130}
	count = {"fieldtype": "Int", "width": 100}
	cols = []
	if group_by != "Month":
		cols.append(
			{
				"fieldname": "sales_person",
				"label": _("Sales Person"),
				"fieldtype": "Link",
				"options": "Sales Person",
				"width": 160,
			}
		)
	if group_by != "Sales Person":
		cols.append({"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90})
	return [
		*cols,
		{"fieldname": "new_leads", "label": _("New Leads"), **count},
		{"fieldname": "converted_leads", "label": _("Leads Converted"), **count},
		{"fieldname": "quotations", "label": _("Quotations Sent"), **count},
		{"fieldname": "answered", "label": _("Quotations Answered"), **count},
		{"fieldname": "reply_rate", "label": _("Reply Rate %"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "contracts", "label": _("Contracts Won"), **count},
		{"fieldname": "contract_amount", "label": _("Contract Amount"), **money},
		{"fieldname": "shipped", "label": _("Shipped"), **money},
		{"fieldname": "collected", "label": _("Collected"), **money},
		{"fieldname": "overdue", "label": _("Overdue at Period End"), **money},
	]


def chart(found: dict) -> dict | None:
	"""The trend per month: contracts won, shipped and collected."""
	months = sorted({month for _person, month in found})
	if not months:
		return None
	totals = {month: dict.fromkeys(("contract_amount", "shipped", "collected"), 0.0) for month in months}
	for (_person, month), figures in found.items():
		for name in totals[month]:
			totals[month][name] += flt(figures[name])
	return {
		"data": {
			"labels": months,
			"datasets": [
				{"name": _("Contract Amount"), "values": [totals[m]["contract_amount"] for m in months]},
				{"name": _("Shipped"), "values": [totals[m]["shipped"] for m in months]},
				{"name": _("Collected"), "values": [totals[m]["collected"] for m in months]},
			],
		},
		"type": "line",
		"fieldtype": "Currency",
	}
