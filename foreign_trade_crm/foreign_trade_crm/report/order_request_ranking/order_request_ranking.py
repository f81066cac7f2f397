# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

"""Order Request Ranking (seed 004 §3.1.2 訂單評估): the open order requests in the order to
answer them, by ELECTRE I outranking (``services.order_review``), with each one's criteria, how many it
outranks and is outranked by, and its review. A restricted sales user sees their own customers' requests,
ranked among all open ones."""

from __future__ import annotations

import frappe
from frappe import _

from foreign_trade_crm.services import order_review as service


def execute(filters=None):
	evaluation, found = service.evaluate_open()
	if not found:
		return columns(), []
	visible = set(frappe.get_list("Order Request", filters={"name": ("in", list(found))}, pluck="name"))
	heads = {
		r.name: r
		for r in frappe.get_all(
			"Order Request",
			filters={"name": ("in", list(visible) or [""])},
			fields=[
				"name",
				"customer",
				"request_date",
				"wanted_shipment_date",
				"review_status",
				"assigned_to",
			],
		)
	}
	data = []
	for position, name in enumerate(evaluation.order, 1):
		if name not in visible:
			continue
		values = found[name]
		data.append(
			{
				"rank": position,
				"order_request": name,
				**{
					k: heads[name][k]
					for k in (
						"customer",
						"request_date",
						"wanted_shipment_date",
						"review_status",
						"assigned_to",
					)
				},
				# the review's status in the user's language (a Data column shows the value as it is)
				"review_status": _(heads[name].review_status) if heads[name].review_status else None,
				"in_kernel": 1 if name in evaluation.kernel else 0,
				"outranks": len(evaluation.beats(name)),
				"outranked_by": len(evaluation.beaten_by(name)),
				**{key: values[i] for i, (key, _field, _label) in enumerate(service.CRITERIA)},
			}
		)
	return columns(), data


def columns() -> list[dict]:
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "order_request",
			"label": _("Order Request"),
			"fieldtype": "Link",
			"options": "Order Request",
			"width": 140,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 160,
		},
		{"fieldname": "in_kernel", "label": _("Unbeaten"), "fieldtype": "Check", "width": 80},
		{"fieldname": "outranks", "label": _("Outranks"), "fieldtype": "Int", "width": 80},
		{"fieldname": "outranked_by", "label": _("Outranked By"), "fieldtype": "Int", "width": 100},
		{"fieldname": "customer_value", "label": _("Customer Value"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "payment_record", "label": _("Payment Record"), "fieldtype": "Float", "width": 110},
		{"fieldname": "margin", "label": _("Expected Margin %"), "fieldtype": "Float", "width": 120},
		{"fieldname": "delivery", "label": _("Delivery Slack (Days)"), "fieldtype": "Int", "width": 120},
		{"fieldname": "order_size", "label": _("Order Size"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "review_status", "label": _("Review"), "fieldtype": "Data", "width": 110},
		{"fieldname": "request_date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "wanted_shipment_date",
			"label": _("Wanted Shipment Date"),
			"fieldtype": "Date",
			"width": 120,
		},
		{
			"fieldname": "assigned_to",
			"label": _("Assigned To"),
			"fieldtype": "Link",
			"options": "User",
			"width": 160,
		},
	]
