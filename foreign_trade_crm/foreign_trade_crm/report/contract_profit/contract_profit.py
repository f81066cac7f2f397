# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

"""Contract Profit (seed 000: 以利潤為核心): each submitted contract's estimate, what the ledger has booked for
it by the Export Contract dimension (a voucher of several contracts shared among them, ``services.profit``),
what is committed, the forecast at completion and its variance from the estimate, and the profit on what has
shipped; per contract or summed per customer, sales person or month of the contract date, in company
currency. A last row says what the vouchers of these contracts book for no contract.

Managers and accounts users only (the report's roles); never on the portal. A bounded number of queries
whatever the number of contracts.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.services import profit as service
from foreign_trade_crm.services import profit_ledger

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
#: each contract's estimate and what is kept of its ledger, read packed (``services.profit.packed``)
NUMBERS = (*(field for _kind, field in service.ESTIMATED), *service.BOOKED.values())
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
		select ec.name, ec.customer, ec.sales_person, ec.contract_date, ec.booked_basis,
			{service.packed(f"ec.{field}" for field in NUMBERS)} as numbers
		from `tabExport Contract` ec
		where ec.docstatus = 1 {"and " + where if where else ""}
		order by ec.contract_date, ec.name
		""",
		values,
		as_dict=True,
	)
	for c in contracts:
		c.update(zip(NUMBERS, service.unpacked(c.pop("numbers")), strict=True))
	names = [c.name for c in contracts]
	actual_of = profit_ledger.actuals(names, rows=contracts)
	seen_of = service.outlooks(
		names, actual_of, estimates={c.name: service.stored_estimate(c) for c in contracts}
	)
	key = GROUPS[group_by][0]
	groups: dict[str, tuple[frappe._dict, Figures]] = {}
	for c in contracts:
		c.export_contract = c.name
		if group_by == "Month":
			c.month = getdate(c.contract_date).strftime("%Y-%m")
		figures = Figures.of(seen_of.get(c.name), actual_of.get(c.name))
		if c[key] in groups:
			groups[c[key]][1].merge(figures)
		else:
			groups[c[key]] = (c, figures)
	currency = frappe.get_cached_value(
		"Company", filters.get("company") or frappe.defaults.get_user_default("Company"), "default_currency"
	)
	data = [row(c, figures, key, group_by, currency) for c, figures in groups.values()]
	chart_data = chart(data, key)
	if len(data) > 1:
		# margins of the whole, not the average of the rows' margins
		whole = Figures()
		for _c, figures in groups.values():
			whole.merge(figures)
		data.append({**row(frappe._dict({key: _("Total")}), whole, key, "", currency), "bold": 1})
	rest = actual_of.get(rules.NONE)
	if rest and any(rest.amounts.values()):
		# what the vouchers of these contracts book for no contract: the contracts plus this are the ledger
		none = Figures(booked=rest)
		data.append(
			{
				**row(frappe._dict({key: _("Not on any contract")}), none, key, "", currency),
				"rest": 1,
			}
		)
	return columns(group_by), data, None, chart_data


class Figures:
	"""A contract's (or a group's) estimate, booked, committed, forecast and profit on what has shipped."""

	__slots__ = ("booked", "committed", "estimate", "forecast", "on_shipped", "shipped_value", "value")

	def __init__(self, estimate=None, booked=None, committed=None, forecast=None, on_shipped=None):
		self.estimate = estimate or rules.Profit()
		self.booked = booked or rules.Profit()
		self.committed = committed or rules.Profit()
		self.forecast = forecast or rules.Profit()
		self.on_shipped = on_shipped or rules.Profit()
		self.value = self.shipped_value = rules.ZERO  # the estimate's sales, and their share shipped

	@classmethod
	def of(cls, seen, booked) -> Figures:
		if not seen:
			return cls(booked=booked)
		figures = cls(seen.estimate, seen.booked, seen.committed, seen.forecast, seen.on_shipped)
		figures.value = seen.estimate.get(rules.SALES)
		figures.shipped_value = figures.value * seen.shipped
		return figures

	def merge(self, other: Figures) -> None:
		for name in ("estimate", "booked", "committed", "forecast", "on_shipped"):
			getattr(self, name).merge(getattr(other, name))
		self.value += other.value
		self.shipped_value += other.shipped_value


def row(c, figures: Figures, key: str, group_by: str, currency: str | None = None) -> dict:
	out = {key: c[key] or "", "currency": currency}
	if group_by == "Contract":
		out.update(customer=c.customer, sales_person=c.sales_person, contract_date=c.contract_date)
	est, booked, forecast, on_shipped = figures.estimate, figures.booked, figures.forecast, figures.on_shipped
	zero, costs, rebate = rules.ZERO, rules.COSTS, rules.REBATE
	estimated, kept, committed = est.amounts, booked.amounts, figures.committed.amounts
	est_profit, forecast_profit = est.profit, forecast.profit

	def percent(value):
		return None if value is None else float(value)

	out.update(
		est_sales=float(estimated.get(rules.SALES, zero)),
		est_costs=float(sum([estimated.get(k, zero) for k in costs], zero) - estimated.get(rebate, zero)),
		est_profit=float(est_profit),
		est_margin=percent(est.margin),
	)
	for kind, _label in ACTUAL:
		out[kind] = float(kept.get(kind, zero))
	out.update(
		profit=float(booked.profit),
		committed=float(sum([committed.get(k, zero) for k in costs], zero) - committed.get(rebate, zero)),
		forecast_profit=float(forecast_profit),
		forecast_margin=percent(forecast.margin),
		variance=float(forecast_profit - est_profit) if figures.value else None,
		per_shipped=float(figures.shipped_value / figures.value * 100) if figures.value else None,
		shipped_profit=float(on_shipped.profit),
		shipped_margin=percent(on_shipped.margin),
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
		{"fieldname": "profit", "label": _("Booked Profit"), **money},
		{"fieldname": "committed", "label": _("Committed Costs"), **money},
		{"fieldname": "forecast_profit", "label": _("Forecast Profit"), **money},
		{
			"fieldname": "forecast_margin",
			"label": _("Forecast Margin %"),
			"fieldtype": "Percent",
			"width": 100,
		},
		{"fieldname": "variance", "label": _("Profit Variance"), **money},
		{
			"fieldname": "per_shipped",
			"label": _("Shipped % (by Value)"),
			"fieldtype": "Percent",
			"width": 100,
		},
		{"fieldname": "shipped_profit", "label": _("Profit on What Has Shipped"), **money},
		{
			"fieldname": "shipped_margin",
			"label": _("Margin on What Has Shipped %"),
			"fieldtype": "Percent",
			"width": 110,
		},
	]
	return cols


def chart(data: list[dict], key: str) -> dict | None:
	"""Estimated against forecast profit of the 10 largest rows by estimated sales (more bars would cut
	their labels)."""
	top = sorted(data, key=lambda r: -(r.get("est_sales") or r.get("sales") or 0))[:10]
	if not top:
		return None
	return {
		"data": {
			"labels": [str(r[key]) for r in top],
			"datasets": [
				{"name": _("Estimated Profit"), "values": [r["est_profit"] for r in top]},
				{"name": _("Forecast Profit"), "values": [r["forecast_profit"] for r in top]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
