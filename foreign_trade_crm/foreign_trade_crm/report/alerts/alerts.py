# Copyright (c) 2026, Foreign Trade CRM contributors and contributors
# For license information, please see license.txt

"""Alerts: what the daily job would send now, and what it sent (seed 000 §6.7)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from foreign_trade_crm.rules import alerts as rules
from foreign_trade_crm.services import alerts as engine

DUE_NOW, SENT = "Due Now", "Sent"


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.get("view") == SENT:
		return sent_columns(), sent_rows(filters)
	return due_columns(), due_rows()


def due_rows(today=None):
	"""One row per document: a document due for two stages today (an overdue invoice's reminder and
	its escalation to the managers) is one row naming both, not two rows that look alike."""
	due = engine.select_due(today)
	rows, by_document = [], {}
	for a in due["alerts"]:
		template, args = rules.stage_label(a["stage"])
		key = (a["doctype"], a["name"])
		if key not in by_document:
			by_document[key] = {
				"kind": _(a["kind"]),
				"reference_doctype": a["doctype"],
				"reference_name": a["name"],
				"customer": a["customer"],
				"stages": [],
				"recipients": [],
				"days_late": a["context"]["days_late"],
				"due_date": a["context"]["due_date"],
			}
			rows.append(by_document[key])
		row = by_document[key]
		row["stages"].append(_(template).format(*args))
		row["recipients"] += [r for _channel, r in a["recipients"] if r not in row["recipients"]]
	for row in rows:
		row["stage"] = " + ".join(row.pop("stages"))
		row["recipients"] = ", ".join(row["recipients"])
	rows += [
		{
			"kind": _("Idle Lead Released"),
			"reference_doctype": "Lead",
			"reference_name": lead["name"],
			"stage": _("to release"),
			"due_date": getdate(lead["last_activity"]),
			"recipients": lead["user"],
		}
		for lead in due["leads"]
	]
	return rows


def sent_rows(filters):
	from_date = getdate(filters.get("from_date") or add_days(nowdate(), -7))
	to_date = getdate(filters.get("to_date") or nowdate())
	conditions = {"sent_at": ("between", [from_date, add_days(to_date, 1)])}
	if filters.get("status"):
		conditions["status"] = filters.status
	rows = frappe.get_all(
		"Alert Log",
		filters=conditions,
		fields=[
			"kind",
			"reference_doctype",
			"reference_name",
			"customer",
			"stage",
			"recipient",
			"channel",
			"status",
			"sent_at",
			"error",
		],
		order_by="sent_at desc",
		limit_page_length=5000,
	)
	for row in rows:
		template, args = rules.stage_label(row.stage or "")
		row.stage = _(template).format(*args)
	return rows


def _common():
	return [
		{"fieldname": "kind", "label": _("Kind"), "fieldtype": "Data", "width": 190},
		{"fieldname": "reference_doctype", "label": _("Document Type"), "fieldtype": "Data", "hidden": 1},
		{
			"fieldname": "reference_name",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 170,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 160,
		},
		{"fieldname": "stage", "label": _("Stage"), "fieldtype": "Data", "width": 260},
	]


def due_columns():
	return [
		*_common(),
		{"fieldname": "due_date", "label": _("Due Since"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_late", "label": _("Days Late"), "fieldtype": "Int", "width": 80},
		{"fieldname": "recipients", "label": _("Recipients"), "fieldtype": "Data", "width": 300},
	]


def sent_columns():
	return [
		*_common(),
		{"fieldname": "recipient", "label": _("Recipient"), "fieldtype": "Data", "width": 200},
		{"fieldname": "channel", "label": _("Channel"), "fieldtype": "Data", "width": 90},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 80},
		{"fieldname": "sent_at", "label": _("Sent At"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "error", "label": _("Error"), "fieldtype": "Data", "width": 200},
	]
