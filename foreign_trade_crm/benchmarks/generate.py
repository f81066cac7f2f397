"""Set-wise generators of realistic volumes, shared by the benchmark cases.

Rows are written with ``frappe.db.bulk_insert`` (one statement per 10,000 rows),
never one document at a time; every generated name starts with ``BENCH-`` so that
``cleanup()`` removes exactly what was made. Generating is idempotent per prefix.
"""

from __future__ import annotations

import random

import frappe
from frappe.utils import add_days, now_datetime, nowdate

from foreign_trade_crm.tests.factories import COMPANY, CUSTOMERS, ITEMS, make_world

PREFIX = "BENCH-"
CONTRACT_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"naming_series",
	"customer",
	"customer_name",
	"company",
	"contract_date",
	"status",
	"currency",
	"conversion_rate",
	"partial_shipment_allowed",
	"tolerance_percent",
	"latest_shipment_date",
	"is_countersigned",
	"countersign_due_date",
	"total_qty",
	"total_amount",
	"base_total_amount",
	"pending_amount",
	"delivery_status",
)
LINE_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"parent",
	"parenttype",
	"parentfield",
	"idx",
	"item_code",
	"customer_item_code",
	"qty",
	"uom",
	"rate",
	"amount",
	"tolerance_percent",
	"pending_qty",
	"pending_amount",
	"delivery_status",
)


def contract_name(i: int) -> str:
	return f"{PREFIX}EC-{i:06d}"


def contracts(count: int, lines_per_contract: int = 10, seed: int = 7) -> dict:
	"""``count`` submitted, countersigned contracts of the test customers, ``lines_per_contract`` lines each."""
	make_world()
	existing = frappe.db.count("Export Contract", {"name": ("like", f"{PREFIX}EC-%")})
	if existing >= count:
		return {"contracts": existing, "generated": 0, "seconds": 0.0}
	rng = random.Random(seed)
	now, today = now_datetime(), nowdate()
	heads, lines = [], []
	started = now_datetime()
	for i in range(existing + 1, count + 1):
		customer = CUSTOMERS[i % len(CUSTOMERS)][0]
		total_qty = total = 0.0
		for n in range(1, lines_per_contract + 1):
			item_code = ITEMS[(i + n) % len(ITEMS)][0]
			qty = float(rng.randint(100, 5000))
			rate = round(rng.uniform(1, 20), 2)
			amount = round(qty * rate, 2)
			total_qty += qty
			total += amount
			lines.append(
				(
					f"{contract_name(i)}-{n:03d}",
					now,
					now,
					"Administrator",
					"Administrator",
					1,
					contract_name(i),
					"Export Contract",
					"items",
					n,
					item_code,
					None,
					qty,
					"Nos",
					rate,
					amount,
					5,
					qty,
					amount,
					"Not Shipped",
				)
			)
		heads.append(
			(
				contract_name(i),
				now,
				now,
				"Administrator",
				"Administrator",
				1,
				"EC-.YYYY.-",
				customer,
				customer,
				COMPANY,
				today,
				"To Ship",
				"USD",
				7.1,
				1,
				5,
				add_days(today, 90),
				1,
				today,
				total_qty,
				round(total, 2),
				round(total * 7.1, 2),
				round(total, 2),
				"Not Shipped",
			)
		)
		if len(lines) >= 50_000:
			_flush(heads, lines)
			heads, lines = [], []
	_flush(heads, lines)
	frappe.db.commit()
	return {
		"contracts": count,
		"generated": count - existing,
		"lines": (count - existing) * lines_per_contract,
		"seconds": round((now_datetime() - started).total_seconds(), 2),
	}


def _flush(heads, lines):
	if heads:
		frappe.db.bulk_insert("Export Contract", CONTRACT_FIELDS, heads, chunk_size=5_000)
	if lines:
		frappe.db.bulk_insert("Export Contract Item", LINE_FIELDS, lines, chunk_size=10_000)


def cleanup() -> dict:
	"""Remove everything the generators and benchmark cases made (names starting BENCH-)."""
	removed = {}
	notices = frappe.get_all(
		"Shipment Notice Item",
		filters={"export_contract": ("like", f"{PREFIX}%")},
		pluck="parent",
		distinct=True,
	)
	invoices = frappe.get_all(
		"Sales Invoice", filters={"shipment_notice": ("in", notices or [""])}, pluck="name"
	)
	for doctype, names in (("Sales Invoice", invoices),):
		for name in names:
			frappe.db.delete("GL Entry", {"voucher_no": name})
			frappe.db.delete("Payment Ledger Entry", {"voucher_no": name})
			frappe.db.delete("Sales Invoice Item", {"parent": name})
			frappe.db.delete("Sales Invoice Payment", {"parent": name})
			frappe.db.delete("Payment Schedule", {"parent": name, "parenttype": "Sales Invoice"})
			frappe.db.delete(doctype, {"name": name})
		removed[doctype] = len(names)
	if notices:
		frappe.db.delete("Shipment Notice Item", {"parent": ("in", notices)})
		frappe.db.delete("Shipment Notice", {"name": ("in", notices)})
	removed["Shipment Notice"] = len(notices)
	removed["Export Contract Item"] = frappe.db.count(
		"Export Contract Item", {"parent": ("like", f"{PREFIX}%")}
	)
	frappe.db.delete("Export Contract Item", {"parent": ("like", f"{PREFIX}%")})
	removed["Export Contract"] = frappe.db.count("Export Contract", {"name": ("like", f"{PREFIX}%")})
	frappe.db.delete("Export Contract", {"name": ("like", f"{PREFIX}%")})
	frappe.db.commit()
	return removed
