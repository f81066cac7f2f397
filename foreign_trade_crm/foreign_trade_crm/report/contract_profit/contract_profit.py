# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

"""Contract Profit (issue 20; seed 000: 以利潤為核心): each submitted contract's estimate, its actual from the
ledger by the Export Contract dimension (``services.profit``), and the variance, per contract or summed per
customer, sales person or month of the contract date, in company currency.

Managers and accounts users only (the report's roles); never on the portal. Two queries for the contracts'
actuals whatever their number, one for the contracts.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, getdate

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.services import profit as service

GROUPS = {
	"Contract": ("export_contract", "Link", "Export Contract"),
	"Customer": ("customer", "Link", "Customer"),
	"Sales Person": ("sales_person", "Link", "Sales Person"),
	"Month": ("month", "Data", None),
}
ACTUAL = (
	("sales", "Sales"),
	("purchase", "Purchase Cost"),
	("freight", "Freight"),
	("insurance", "Insurance"),
	("other", "Other Costs"),
	("claims", "Claims"),
	("exchange", "Exchange Gain/Loss"),
	("rebate", "Export VAT Rebate"),
)
FILTERS = {
	"customer": "ec.customer = %(customer)s",
	"sales_person": "ec.sales_person = %(sales_person)s",
	"contract": "ec.name = %(contract)s",
	"from_date": "ec.contract_date >= %(from_date)s",
	"to_date": "ec.contract_date <= %(to_date)s",
	"company": "ec.company = %(company)s",
}


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	group_by = filters.get("group_by") or "Contract"
	if group_by not in GROUPS:
		frappe.throw(_("Group by one of {0}").format(", ".join(_(g) for g in GROUPS)))
	if not service.can_see_profit():
		frappe.throw(_("Only managers and accounts users see a contract's profit"), frappe.PermissionError)
	where = " and ".join(sql for key, sql in FILTERS.items() if filters.get(key))
	values = {key: filters[key] for key in FILTERS if filters.get(key)}
	contracts = frappe.db.sql(
		f"""
		select ec.name, ec.customer, ec.sales_person, ec.contract_date, ec.est_sales, ec.est_purchase_cost,
			ec.est_vat_rebate, ec.est_freight, ec.est_insurance, ec.est_other_costs
		from `tabExport Contract` ec
		where ec.docstatus = 1 {"and " + where if where else ""}
		order by ec.contract_date, ec.name
		""",
		values,
		as_dict=True,
	)
	actual_of = service.actuals([c.name for c in contracts])
	key = GROUPS[group_by][0]
	groups: dict[str, tuple[frappe._dict, rules.Profit, rules.Profit]] = {}
	for c in contracts:
		c.export_contract = c.name
		c.month = getdate(c.contract_date).strftime("%Y-%m")
		est = service.stored_estimate(c)
		act = actual_of.get(c.name) or rules.Profit()
		if c[key] in groups:
			_row, group_est, group_act = groups[c[key]]
			group_est.merge(est)
			group_act.merge(act)
		else:
			groups[c[key]] = (c, est, act)
	currency = frappe.get_cached_value(
		"Company", filters.get("company") or frappe.defaults.get_user_default("Company"), "default_currency"
	)
	data = [{**row(c, est, act, key, group_by), "currency": currency} for c, est, act in groups.values()]
	chart_data = chart(data, key)
	if len(data) > 1:
		# margins of the whole, not the average of the rows' margins
		all_est, all_act = rules.Profit(), rules.Profit()
		for _c, est, act in groups.values():
			all_est.merge(est)
			all_act.merge(act)
		total = row(frappe._dict({key: _("Total")}), all_est, all_act, key, "")
		data.append({**total, "currency": currency, "bold": 1})
	return columns(group_by), data, None, chart_data


def row(c, est: rules.Profit, act: rules.Profit, key: str, group_by: str) -> dict:
	out = {key: c[key] or ""}
	if group_by == "Contract":
		out.update(customer=c.customer, sales_person=c.sales_person, contract_date=c.contract_date)
	est_profit, act_profit = est.profit, act.profit
	est_margin, act_margin = est.margin, act.margin
	out.update(
		est_sales=float(est.get(rules.SALES)),
		est_costs=float(sum((est.get(k) for k in rules.COSTS), rules.ZERO) - est.get(rules.REBATE)),
		est_profit=float(est_profit),
		est_margin=None if est_margin is None else float(est_margin),
	)
	for kind, _label in ACTUAL:
		out[kind] = float(act.get(kind))
	out.update(
		profit=float(act_profit),
		margin=None if act_margin is None else float(act_margin),
		variance=float(act_profit - est_profit),
	)
	return out


def columns(group_by: str) -> list[dict]:
	key, fieldtype, options = GROUPS[group_by]
	money = {"fieldtype": "Currency", "options": "currency", "width": 120}
	cols = [
		{"fieldname": key, "label": _(group_by), "fieldtype": fieldtype, "options": options, "width": 160}
	]
	if group_by == "Contract":
		cols += [
			{
				"fieldname": "customer",
				"label": _("Customer"),
				"fieldtype": "Link",
				"options": "Customer",
				"width": 150,
			},
			{
				"fieldname": "sales_person",
				"label": _("Sales Person"),
				"fieldtype": "Link",
				"options": "Sales Person",
				"width": 120,
			},
			{"fieldname": "contract_date", "label": _("Contract Date"), "fieldtype": "Date", "width": 100},
		]
	cols += [
		{"fieldname": "est_sales", "label": _("Estimated Sales"), **money},
		{"fieldname": "est_costs", "label": _("Estimated Costs less Rebate"), **money},
		{"fieldname": "est_profit", "label": _("Estimated Profit"), **money},
		{"fieldname": "est_margin", "label": _("Estimated Margin %"), "fieldtype": "Percent", "width": 100},
	]
	cols += [{"fieldname": kind, "label": _(label), **money} for kind, label in ACTUAL]
	cols += [
		{"fieldname": "profit", "label": _("Actual Profit"), **money},
		{"fieldname": "margin", "label": _("Actual Margin %"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "variance", "label": _("Profit Variance"), **money},
	]
	return cols


def chart(data: list[dict], key: str) -> dict | None:
	"""Estimated against actual profit of the 20 largest rows by sales."""
	top = sorted(data, key=lambda r: -(r.get("sales") or r.get("est_sales") or 0))[:20]
	if not top:
		return None
	return {
		"data": {
			"labels": [str(r[key]) for r in top],
			"datasets": [
				{"name": _("Estimated Profit"), "values": [r["est_profit"] for r in top]},
				{"name": _("Actual Profit"), "values": [r["profit"] for r in top]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
