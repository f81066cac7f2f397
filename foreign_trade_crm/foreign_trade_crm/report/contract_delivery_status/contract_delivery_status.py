"""Contract Delivery Status: per contract line, what was agreed, what has shipped, what is pending."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import date_diff, flt, getdate, nowdate

from foreign_trade_crm.rules.shipment import _fmt, tolerance_band

AMOUNTS = ("shipped_amount", "pending_amount", "base_shipped_amount", "base_pending_amount")
QTYS = ("qty", "shipped_qty", "pending_qty")


@frappe.read_only()
def execute(filters=None):
	return ContractDeliveryStatus(filters).run()


class ContractDeliveryStatus:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		self.today = getdate(self.filters.get("as_of") or nowdate())

	def run(self):
		lines = self.get_lines()
		data = self.group(lines)
		return self.get_columns(), data, None, self.get_chart(lines), self.get_summary(lines)

	def get_lines(self) -> list[dict]:
		"""One permission-aware query over contracts and their lines."""
		f = self.filters
		conditions = [["Export Contract", "docstatus", "=", 1]]
		for field in ("company", "customer", "sales_person"):
			if f.get(field):
				conditions.append(["Export Contract", field, "=", f.get(field)])
		if f.get("export_contract"):
			conditions.append(["Export Contract", "name", "=", f.export_contract])
		if f.get("from_date"):
			conditions.append(["Export Contract", "contract_date", ">=", f.from_date])
		if f.get("to_date"):
			conditions.append(["Export Contract", "contract_date", "<=", f.to_date])
		if f.get("customer_item_code"):
			conditions.append(
				["Export Contract Item", "customer_item_code", "like", f"%{f.customer_item_code}%"]
			)
		if f.get("item_code"):
			conditions.append(["Export Contract Item", "item_code", "=", f.item_code])
		if f.get("delivery_status"):
			conditions.append(["Export Contract Item", "delivery_status", "=", f.delivery_status])
		if not f.get("include_closed"):
			conditions.append(["Export Contract", "status", "!=", "Closed"])

		rows = frappe.get_list(
			"Export Contract",
			filters=conditions,
			fields=[
				"name as export_contract",
				"customer",
				"customer_name",
				"currency",
				"conversion_rate",
				"status as contract_status",
				"latest_shipment_date",
				"`tabExport Contract Item`.idx as line",
				"`tabExport Contract Item`.item_code",
				"`tabExport Contract Item`.item_name",
				"`tabExport Contract Item`.customer_item_code",
				"`tabExport Contract Item`.qty",
				"`tabExport Contract Item`.uom",
				"`tabExport Contract Item`.tolerance_percent",
				"`tabExport Contract Item`.shipped_qty",
				"`tabExport Contract Item`.pending_qty",
				"`tabExport Contract Item`.shipped_amount",
				"`tabExport Contract Item`.pending_amount",
				"`tabExport Contract Item`.delivery_status",
			],
			order_by="`tabExport Contract`.contract_date asc, `tabExport Contract`.name asc, `tabExport Contract Item`.idx asc",
			limit_page_length=0,
		)
		for r in rows:
			band = tolerance_band(r.qty, r.tolerance_percent)
			r.tolerance_range = f"{_fmt(band.lower)} – {_fmt(band.upper)}"
			r.base_shipped_amount = flt(r.shipped_amount) * flt(r.conversion_rate)
			r.base_pending_amount = flt(r.pending_amount) * flt(r.conversion_rate)
			if r.latest_shipment_date and r.delivery_status != "Fully Shipped":
				r.days_left = date_diff(r.latest_shipment_date, self.today)
			r.indent = 1 if self.filters.get("group_by") else 0
		return rows

	def group(self, lines: list[dict]) -> list[dict]:
		key = {"Contract": "export_contract", "Customer": "customer"}.get(self.filters.get("group_by"))
		data: list[dict] = []
		if key:
			groups: dict[str, list] = {}
			for r in lines:
				groups.setdefault(r[key], []).append(r)
			for name, members in groups.items():
				head = self.totals(members)
				head.update({key: name, "indent": 0, "is_group": 1})
				if key == "export_contract":
					head.update(customer=members[0].customer, currency=members[0].currency)
				data.append(head)
				data.extend(members)
		else:
			data.extend(lines)
		if lines:
			total = self.totals(lines)
			total.update({"export_contract": _("Total"), "indent": 0, "is_total_row": 1})
			data.append(total)
		return data

	@staticmethod
	def totals(rows: list[dict]) -> dict:
		"""Sums of a set of lines; amounts in contract currency only where they share one currency."""
		out = {field: sum(flt(r.get(field)) for r in rows) for field in (*QTYS, *AMOUNTS)}
		currencies = {r.currency for r in rows}
		if len(currencies) == 1:
			out["currency"] = currencies.pop()
		else:
			out["shipped_amount"] = out["pending_amount"] = None
		return frappe._dict(out)

	def get_columns(self) -> list[dict]:
		company_currency = (
			frappe.get_cached_value("Company", self.filters.company, "default_currency")
			if self.filters.get("company")
			else None
		)
		return [
			{
				"fieldname": "export_contract",
				"label": _("Export Contract"),
				"fieldtype": "Link",
				"options": "Export Contract",
				"width": 170,
			},
			{
				"fieldname": "customer",
				"label": _("Customer"),
				"fieldtype": "Link",
				"options": "Customer",
				"width": 140,
			},
			{"fieldname": "line", "label": _("Line"), "fieldtype": "Int", "width": 50},
			{
				"fieldname": "item_code",
				"label": _("Item"),
				"fieldtype": "Link",
				"options": "Item",
				"width": 130,
			},
			{
				"fieldname": "customer_item_code",
				"label": _("Customer Item Code"),
				"fieldtype": "Data",
				"width": 130,
			},
			{"fieldname": "qty", "label": _("Contract Qty"), "fieldtype": "Float", "width": 100},
			{"fieldname": "uom", "label": _("UOM"), "fieldtype": "Link", "options": "UOM", "width": 70},
			{
				"fieldname": "tolerance_range",
				"label": _("Tolerance Range"),
				"fieldtype": "Data",
				"width": 120,
			},
			{"fieldname": "shipped_qty", "label": _("Shipped Qty"), "fieldtype": "Float", "width": 100},
			{"fieldname": "pending_qty", "label": _("Pending Qty"), "fieldtype": "Float", "width": 100},
			{
				"fieldname": "shipped_amount",
				"label": _("Shipped Amount"),
				"fieldtype": "Currency",
				"options": "currency",
				"width": 120,
			},
			{
				"fieldname": "pending_amount",
				"label": _("Pending Amount"),
				"fieldtype": "Currency",
				"options": "currency",
				"width": 120,
			},
			{
				"fieldname": "base_pending_amount",
				"label": _("Pending Amount (Company Currency)"),
				"fieldtype": "Currency",
				"options": company_currency,
				"width": 150,
			},
			{
				"fieldname": "delivery_status",
				"label": _("Delivery Status"),
				"fieldtype": "Data",
				"width": 120,
			},
			{
				"fieldname": "latest_shipment_date",
				"label": _("Latest Shipment Date"),
				"fieldtype": "Date",
				"width": 110,
			},
			{"fieldname": "days_left", "label": _("Days Left (− Late)"), "fieldtype": "Int", "width": 100},
			{
				"fieldname": "currency",
				"label": _("Currency"),
				"fieldtype": "Link",
				"options": "Currency",
				"width": 80,
				"hidden": 1,
			},
		]

	def get_chart(self, lines: list[dict]) -> dict | None:
		if not lines:
			return None
		counts = {"Not Shipped": 0, "Partly Shipped": 0, "Fully Shipped": 0}
		for r in lines:
			counts[r.delivery_status] = counts.get(r.delivery_status, 0) + 1
		return {
			"data": {
				"labels": [_(s) for s in counts],
				"datasets": [{"name": _("Contract Lines"), "values": list(counts.values())}],
			},
			"type": "donut",
			"colors": ["#ff5858", "#ffa00a", "#29cd42"],
		}

	def get_summary(self, lines: list[dict]) -> list[dict]:
		late = sum(1 for r in lines if r.get("days_left") is not None and r.days_left < 0)
		return [
			{"value": len({r.export_contract for r in lines}), "label": _("Contracts"), "datatype": "Int"},
			{"value": len(lines), "label": _("Lines"), "datatype": "Int"},
			{
				"value": sum(1 for r in lines if r.delivery_status != "Fully Shipped"),
				"label": _("Lines to Ship"),
				"datatype": "Int",
			},
			{
				"value": late,
				"label": _("Lines Late"),
				"datatype": "Int",
				"indicator": "Red" if late else "Green",
			},
		]
