"""Benchmarks: scripts, never timed tests.

    bench --site SITE execute foreign_trade_crm.benchmarks.run --kwargs "{'case': 'shipment_submit'}"

prints one JSON object per case: rows, seconds, query count, peak Python memory.
Run them on a throwaway site; ``{'case': 'cleanup'}`` removes what they generated.
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager

import frappe

CASES = {}


def case(fn):
	CASES[fn.__name__] = fn
	return fn


@contextmanager
def measure():
	"""Seconds, SQL statements (and the commonest shapes) and peak traced memory of the block."""
	figures = {}
	original = frappe.db.sql
	count = [0]
	shapes = Counter()

	def counting_sql(query, *args, **kwargs):
		count[0] += 1
		shapes[re.sub(r"\s+", " ", str(query)).strip()[:70]] += 1
		return original(query, *args, **kwargs)

	frappe.db.sql = counting_sql
	tracemalloc.start()
	started = time.perf_counter()
	try:
		yield figures
	finally:
		figures["seconds"] = round(time.perf_counter() - started, 3)
		figures["queries"] = count[0]
		figures["top_query_shapes"] = shapes.most_common(4)
		figures["peak_memory_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
		tracemalloc.stop()
		frappe.db.sql = original


def run(case: str = "shipment_submit", **kwargs):
	if case not in CASES:
		frappe.throw(f"Unknown case {case!r}; cases: {', '.join(sorted(CASES))}")
	frappe.set_user("Administrator")
	return json.loads(json.dumps({"case": case, **CASES[case](**kwargs)}, default=str))


@case
def cleanup():
	from foreign_trade_crm.benchmarks.generate import cleanup as remove

	return {"removed": remove()}


@case
def shipment_submit(
	contracts: int = 10_000, notice_contracts: int = 20, lines_per_contract: int = 10, with_invoice: int = 0
):
	"""Submit one notice of ``notice_contracts`` × ``lines_per_contract`` lines on a site of ``contracts`` contracts.

	Run it twice with different sizes (e.g. 20 and 2 notice_contracts) to see that the
	query count does not grow with the number of lines. ``with_invoice=1`` includes
	ERPNext's Sales Invoice made on submit (its own cost, outside the app's control).
	"""
	from foreign_trade_crm.benchmarks import generate
	from foreign_trade_crm.tests.factories import CUSTOMERS

	generated = generate.contracts(contracts, lines_per_contract)
	customer = CUSTOMERS[0][0]
	# contracts of this customer not shipped yet by an earlier run
	shipped = set(
		frappe.get_all(
			"Shipment Notice Item",
			filters={"export_contract": ("like", f"{generate.PREFIX}%"), "docstatus": 1},
			pluck="export_contract",
			distinct=True,
		)
	)
	names = [
		n
		for n in frappe.get_all(
			"Export Contract",
			filters={"name": ("like", f"{generate.PREFIX}%"), "customer": customer},
			pluck="name",
			order_by="name asc",
			limit_page_length=notice_contracts * 5 + len(shipped),
		)
		if n not in shipped
	][:notice_contracts]
	lines = frappe.get_all(
		"Export Contract Item",
		filters={"parent": ("in", names)},
		fields=["name", "parent", "item_code", "qty", "rate", "uom"],
		order_by="parent asc, idx asc",
	)
	frappe.db.set_single_value("Foreign Trade Settings", "create_sales_invoice", int(with_invoice))
	try:
		notice = frappe.get_doc(
			{
				"doctype": "Shipment Notice",
				"customer": customer,
				"company": frappe.db.get_value("Export Contract", names[0], "company"),
				"currency": "USD",
				"conversion_rate": 7.1,
				"bl_no": "BENCH-BL",
				"items": [
					{
						"export_contract": r.parent,
						"contract_item": r.name,
						"item_code": r.item_code,
						"qty": r.qty // 2,
						"rate": r.rate,
						"uom": r.uom,
					}
					for r in lines
				],
			}
		)
		with measure() as insert:
			notice.insert()
		with measure() as submit:
			notice.submit()
		frappe.db.commit()
		with measure() as cancel:
			notice.cancel()
		frappe.db.commit()
	finally:
		frappe.db.set_single_value("Foreign Trade Settings", "create_sales_invoice", 1)
		frappe.db.commit()
	return {
		"site_contracts": frappe.db.count("Export Contract"),
		"site_contract_lines": frappe.db.count("Export Contract Item"),
		"generation": generated,
		"notice_lines": len(lines),
		"notice_contracts": len(names),
		"with_invoice": bool(with_invoice),
		"insert": insert,
		"submit": submit,
		"cancel": cancel,
	}
