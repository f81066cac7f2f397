# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

"""Trade Claim Analysis: claimed vs agreed vs the company's share, grouped as asked (seed 000 §6.6).

Per invoice, item, customer, reason or month, in company currency; per customer and per
item also the shipped amount of the period and claims as a percentage of it.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, getdate

from foreign_trade_crm.rules import claims as rules
from foreign_trade_crm.services import claims as service

GROUPS = {
	"Invoice": ("sales_invoice", "Link", "Sales Invoice"),
	"Item": ("item_code", "Link", "Item"),
	"Customer": ("customer", "Link", "Customer"),
	"Reason": ("reason", "Link", "Claim Reason"),
	"Month": ("month", "Data", None),
}
WITH_SHIPPED = {"Item": "item_code", "Customer": "customer"}
AMOUNTS = ("claimed", "agreed", "company_share")


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	group_by = filters.get("group_by") or "Customer"
	if group_by not in GROUPS:
		frappe.throw(_("Group by one of {0}").format(", ".join(_(g) for g in GROUPS)))
	key, fieldtype, options = GROUPS[group_by]
	currency = (
		frappe.get_cached_value("Company", filters.company, "default_currency")
		if filters.get("company")
		else None
	)

	groups: dict[str, dict] = {}
	for r in service.analysis_rows(filters):
		r.month = getdate(r.claim_date).strftime("%Y-%m")
		g = groups.setdefault(
			r[key] or "", {"group": r[key] or "", "claims": set(), "qty": 0.0, **dict.fromkeys(AMOUNTS, 0.0)}
		)
		g["claims"].add(r.claim)
		g["qty"] += flt(r.qty)
		for amount in AMOUNTS:
			g[amount] += flt(r[amount])

	shipped = service.shipped_amounts(filters, WITH_SHIPPED[group_by]) if group_by in WITH_SHIPPED else {}
	data = []
	for name in sorted(groups):
		g = groups[name]
		g["claims"] = len(g["claims"])
		for amount in AMOUNTS:
			g[amount] = flt(g[amount], 2)
		if group_by in WITH_SHIPPED:
			g["shipped"] = flt(shipped.get(name), 2)
			g["claimed_percent"] = flt(rules.share_of(g["claimed"], g["shipped"]))
			g["company_share_percent"] = flt(rules.share_of(g["company_share"], g["shipped"]))
		data.append(g)
	if data:
		total = {"group": _("Total"), "is_total_row": 1}
		for field in ("claims", "qty", *AMOUNTS, *(("shipped",) if group_by in WITH_SHIPPED else ())):
			total[field] = sum(r[field] for r in data)
		if group_by in WITH_SHIPPED:
			total["claimed_percent"] = flt(rules.share_of(total["claimed"], total["shipped"]))
			total["company_share_percent"] = flt(rules.share_of(total["company_share"], total["shipped"]))
		data.append(total)

	return columns(group_by, fieldtype, options, currency), data, None, chart(data, group_by)


def columns(group_by, fieldtype, options, currency):
	cols = [
		{
			"fieldname": "group",
			"label": _(group_by),
			"fieldtype": fieldtype,
			**({"options": options} if options else {}),
			"width": 180,
		},
		{"fieldname": "claims", "label": _("Claims"), "fieldtype": "Int", "width": 80},
		{"fieldname": "qty", "label": _("Qty Affected"), "fieldtype": "Float", "width": 100},
		{
			"fieldname": "claimed",
			"label": _("Claimed"),
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
		{
			"fieldname": "agreed",
			"label": _("Agreed"),
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
		{
			"fieldname": "company_share",
			"label": _("Company's Share"),
			"fieldtype": "Currency",
			"options": currency,
			"width": 130,
		},
	]
	if group_by in WITH_SHIPPED:
		cols += [
			{
				"fieldname": "shipped",
				"label": _("Shipped Amount"),
				"fieldtype": "Currency",
				"options": currency,
				"width": 140,
			},
			{
				"fieldname": "claimed_percent",
				"label": _("Claimed % of Shipped"),
				"fieldtype": "Percent",
				"width": 120,
			},
			{
				"fieldname": "company_share_percent",
				"label": _("Company's Share % of Shipped"),
				"fieldtype": "Percent",
				"width": 120,
			},
		]
	return cols


def chart(data, group_by):
	rows = [r for r in data if not r.get("is_total_row")][:20]
	if not rows:
		return None
	return {
		"data": {
			"labels": [r["group"] or _("Not Set") for r in rows],
			"datasets": [
				{"name": _("Claimed"), "values": [r["claimed"] for r in rows]},
				{"name": _("Agreed"), "values": [r["agreed"] for r in rows]},
				{"name": _("Company's Share"), "values": [r["company_share"] for r in rows]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
