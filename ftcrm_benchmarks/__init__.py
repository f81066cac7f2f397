"""Benchmarks: scripts, never timed tests.

    ../env/bin/python -m ftcrm_benchmarks --site SITE shipment_submit

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
def measure(memory: bool = True):
	"""Seconds, SQL statements (and the commonest shapes) and peak traced memory of the block.

	tracemalloc slows Python down several times: where the seconds matter, use ``figures_of``,
	which times a call untraced and takes its memory in a second, traced run.
	"""
	figures = {}
	original = frappe.db.sql
	count = [0]
	shapes = Counter()

	def counting_sql(query, *args, **kwargs):
		count[0] += 1
		shapes[re.sub(r"\s+", " ", str(query)).strip()[:70]] += 1
		return original(query, *args, **kwargs)

	frappe.db.sql = counting_sql
	if memory:
		tracemalloc.start()
	started = time.perf_counter()
	try:
		yield figures
	finally:
		figures["seconds"] = round(time.perf_counter() - started, 3)
		figures["queries"] = count[0]
		figures["top_query_shapes"] = shapes.most_common(4)
		if memory:
			figures["peak_memory_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
			tracemalloc.stop()
		frappe.db.sql = original


def figures_of(fn, *args, repeat: int = 1, **kwargs) -> dict:
	"""Time and queries of fn(*args) untraced (the median of ``repeat`` runs, and each run's
	seconds), then its peak memory in a traced extra run."""
	runs = []
	for _ in range(max(repeat, 1)):
		result = None  # the last run's result is freed here, not in the next run's time
		with measure(memory=False) as timed:
			result = fn(*args, **kwargs)
		runs.append(timed)
	timed = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
	if repeat > 1:
		timed["runs_seconds"] = [r["seconds"] for r in runs]
	with measure(memory=True) as traced:
		fn(*args, **kwargs)
	timed["peak_memory_mb"] = traced["peak_memory_mb"]
	timed["result"] = result
	return timed


def run(case: str = "shipment_submit", **kwargs):
	if case not in CASES:
		frappe.throw(f"Unknown case {case!r}; cases: {', '.join(sorted(CASES))}")
	frappe.set_user("Administrator")
	if not frappe.db.a_row_exists("Company"):
		# a fresh site: ERPNext's setup wizard for the sample company, then the sample world
		from foreign_trade_crm.sample_world import world

		world.complete_setup()
		world.make_world()
		frappe.db.commit()
	import gc
	import resource

	if frappe._tune_gc:
		# as Frappe's web server and workers start (frappe/app.py, utils/background_jobs.py): the
		# framework's objects go to the collector's permanent generation, so that its passes
		# cover what a request builds, not every module and cache loaded so far
		gc.collect()
		gc.freeze()
	result = {"case": case, **CASES[case](**kwargs)}
	result["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
	return json.loads(json.dumps(result, default=str))


@case
def cleanup():
	from ftcrm_benchmarks.generate import cleanup as remove

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
	from foreign_trade_crm.sample_world.world import CUSTOMERS
	from ftcrm_benchmarks import generate

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
		with measure(memory=False) as insert:
			notice.insert()
		with measure(memory=False) as submit:
			notice.submit()
		frappe.db.commit()
		with measure(memory=False) as cancel:
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


@case
def receivables(
	invoices: int = 100_000,
	payments_per_invoice: int = 3,
	customers: int = 200,
	erpnext: int = 1,
	repeat: int = 3,
):
	"""Export Receivables in each layout, and ERPNext's Accounts Receivable, on the same generated ledger."""
	from frappe.utils import nowdate

	from foreign_trade_crm.foreign_trade_crm.report.export_receivables.export_receivables import execute
	from foreign_trade_crm.sample_world.world import COMPANY
	from ftcrm_benchmarks import generate

	generated = generate.receivables(invoices, payments_per_invoice, customers)
	filters = {"company": COMPANY, "cutoff": nowdate()}
	result = {"generation": generated, "ledger_rows_on_site": frappe.db.count("Payment Ledger Entry")}
	for name, extra in (
		("Summary per Customer", {"layout": "Summary per Customer"}),
		("Per Invoice", {"layout": "Per Invoice"}),
		("Per Invoice with Collections", {"layout": "Per Invoice with Collections"}),
		("Per Invoice, Overdue Unpaid", {"layout": "Per Invoice", "category": "Overdue Unpaid"}),
		("Per Invoice, one customer", {"layout": "Per Invoice", "customer": f"{generate.PREFIX}Buyer 0007"}),
	):
		figures = figures_of(execute, {**filters, **extra}, repeat=repeat)
		figures["rows"] = len(figures.pop("result")[1])
		result[name] = figures
	if erpnext:
		from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as ar_execute

		ar_filters = {
			"company": COMPANY,
			"report_date": nowdate(),
			"party_type": "Customer",
			"ageing_based_on": "Due Date",
			"range": "30, 60, 90, 120",
		}
		with measure(memory=False) as figures:
			_columns, data, *_ = ar_execute(ar_filters)
		figures["rows"] = len(data)
		result["ERPNext Accounts Receivable"] = figures
		result["speed-up vs ERPNext"] = {
			layout: round(figures["seconds"] / result[layout]["seconds"], 1)
			for layout in ("Summary per Customer", "Per Invoice", "Per Invoice with Collections")
		}
	return result


@case
def alerts(count: int = 100_000, due_share: float = 0.1, repeat: int = 3):
	"""The daily alert selection (all kinds, nothing sent) on ``count`` open quotations, contracts and
	shipment invoices each, ``due_share`` of them due; then again a year on, when all are due, to show
	that the number of queries does not grow with the records."""
	from collections import Counter

	from frappe.utils import add_days, nowdate

	from foreign_trade_crm.services.alerts import select_due
	from ftcrm_benchmarks import generate

	generated = generate.alert_documents(count, due_share)
	kinds = {
		"alert_quotations": 1,
		"alert_countersign": 1,
		"alert_receivables": 1,
		"alert_quiet_customers": 1,
		"release_idle_leads": 1,
	}
	frappe.db.set_single_value("Foreign Trade Settings", kinds)
	result = {"generation": generated, "documents_per_kind": count}
	for label, today in (("today", nowdate()), ("a year on (all due)", add_days(nowdate(), 365))):
		figures = figures_of(select_due, today, repeat=repeat)
		due = figures.pop("result")
		figures["alerts_due"] = len(due["alerts"])
		figures["per_kind"] = dict(Counter(a["kind"] for a in due["alerts"]))
		figures["leads_to_release"] = len(due["leads"])
		result[label] = figures
	return result


@case
def excel(lines: int = 10_000):
	"""Export Receivables as .xlsx on the site's invoices (100,000 after the receivables case), and an
	import of ``lines`` contract lines from an .xlsx into a draft contract: parsed and checked, then saved."""
	import base64
	from io import BytesIO

	from frappe.utils import nowdate
	from frappe.utils.xlsxutils import make_xlsx
	from openpyxl import Workbook

	from foreign_trade_crm.sample_world.world import COMPANY, CUSTOMERS, make_contract
	from foreign_trade_crm.services import excel as service
	from foreign_trade_crm.services.receivables import voucher_rows

	rows = voucher_rows({"company": COMPANY, "cutoff": nowdate()})
	export = figures_of(service.receivables_xlsx, rows, None)
	export["rows"] = len(rows)
	export["bytes"] = len(export.pop("result"))
	# Frappe's own report export (openpyxl) on the same rows and columns, in the same run
	columns = service.translated(service.RECEIVABLE_COLUMNS)
	table = [[c.header for c in columns], *([r.get(c.source) for c in columns] for r in rows)]
	frappes = figures_of(make_xlsx, table, "Receivables")
	frappes["bytes"] = len(frappes.pop("result").getvalue())

	customer, prefix = CUSTOMERS[0][0], CUSTOMERS[0][4]
	codes = [f"{prefix}-TOWEL-RED", f"{prefix}-TOWEL-BLUE", f"{prefix}-ROBE-L", f"{prefix}-MAT-GREY"]
	book = Workbook(write_only=True)
	sheet = book.create_sheet("Order")
	sheet.append(["Your Item Code", "Qty", "Rate"])
	for i in range(lines):
		sheet.append([codes[i % 4], 100 + i % 50, 3.25])
	buffer = BytesIO()
	book.save(buffer)
	content = buffer.getvalue()
	contract = make_contract(customer, [("FTC-MAT-GREY", 1, 4.1)], submit=False)
	parse = figures_of(service.lines_from_file, contract, content)
	parsed, problems = parse.pop("result")
	parse.update(lines=len(parsed), problems=len(problems))
	with measure(memory=False) as save:  # untraced: tracemalloc would slow the 10,000 inserts several times
		result = service.import_contract_lines(contract.name, base64.b64encode(content).decode())
	save["result"] = result
	frappe.db.rollback()
	return {
		"export": export,
		"export by Frappe's make_xlsx": frappes,
		"import: parse and check": parse,
		"import: parse, check and save": save,
	}


@case
def hostile_uploads():
	"""A corpus of hostile files up to the 10 MB limit through the upload gate and the sheet reader:
	time, peak traced memory and resident-memory growth per file (ftcrm_benchmarks/hostile.py)."""
	from ftcrm_benchmarks import hostile

	return hostile.run()


@case
def leads(rows: int = 5_000, existing: int = 20_000):
	"""A lead import of ``rows`` rows against ``existing`` leads and the site's customers: six in ten
	rows new, two in ten repeating an earlier row (another phone format), one in ten an existing
	lead (another spelling), one in ten a customer. Check (the plan, nothing written) and the
	import itself (then rolled back)."""
	from io import BytesIO

	from openpyxl import Workbook

	from foreign_trade_crm.services import lead_import
	from ftcrm_benchmarks import generate

	generated = generate.leads(existing)
	customers = frappe.get_all("Customer", pluck="customer_name", limit=200, order_by="name")
	book = Workbook(write_only=True)
	sheet = book.create_sheet("Leads")
	sheet.append(["Company", "Contact", "E-mail", "Tel", "Country"])
	for i in range(rows):
		kind = i % 10
		if kind < 6:
			sheet.append(
				[
					f"New Buyer {i} Ltd",
					f"Person {i}",
					f"p{i}@new{i}.example",
					f"+44 20 {7000000 + i}",
					"United Kingdom",
				]
			)
		elif kind < 8:
			j = i - kind  # the new row above, its phone written another way
			sheet.append([f"NEW BUYER {j}", None, None, f"0044 (0)20 {7000000 + j}", None])
		elif kind == 8:
			k = 1 + (i * 7) % existing
			sheet.append([f"lead company {k}", None, f"BUYER{k}@LEAD{k}.EXAMPLE", None, None])
		else:
			sheet.append([customers[i % len(customers)], None, None, None, None])
	buffer = BytesIO()
	book.save(buffer)
	doc = lead_import.new_import(buffer.getvalue(), "leads.xlsx", default_country="Germany")
	plan = figures_of(lead_import.make_plan, doc)
	plan["summary"] = rules_summary(plan.pop("result"))
	with measure(memory=False) as check:
		check["summary"] = lead_import.check(doc.name)
	frappe.flags.in_test = True  # the job's commits are skipped, so that all of it is rolled back
	with measure(memory=False) as imported:
		lead_import.run(doc.name)
	frappe.flags.in_test = False
	imported["created"] = frappe.db.get_value("Lead Import", doc.name, "created")
	frappe.db.rollback()
	return {
		"existing leads": generated,
		"file bytes": len(buffer.getvalue()),
		"plan (read, index, decide)": plan,
		"check (plan and result table saved)": check,
		"import (plan, insert, merge, results)": imported,
	}


def rules_summary(decisions) -> dict:
	from foreign_trade_crm.rules.leads import summary

	return summary(decisions)


@case
def contract_profit(contracts: int = 10_000, rows: int = 1_000_000, erpnext: int = 1, repeat: int = 3):
	"""Contract Profit on ``contracts`` contracts and ``rows`` ledger rows tagged with them, per contract and
	per customer, and ERPNext's Profitability Analysis by the Export Contract dimension on the same ledger."""
	from frappe.utils import add_months, nowdate

	from foreign_trade_crm.foreign_trade_crm.report.contract_profit.contract_profit import execute
	from foreign_trade_crm.sample_world.world import COMPANY
	from ftcrm_benchmarks import generate

	generated = generate.profit_ledger(contracts, rows)
	filters = {"company": COMPANY, "from_date": add_months(nowdate(), -12), "to_date": nowdate()}
	result = {
		"generation": generated,
		"ledger_rows_on_site": frappe.db.count("GL Entry"),
		"tagged_ledger_rows": frappe.db.count("GL Entry", {"export_contract": ("is", "set")}),
	}
	for name, extra in (
		("per Contract", {"group_by": "Contract"}),
		("per Customer", {"group_by": "Customer"}),
		("one Customer, per Contract", {"group_by": "Contract", "customer": "FTC Buyer Atlantic"}),
	):
		figures = figures_of(execute, {**filters, **extra}, repeat=repeat)
		figures["rows"] = len(figures.pop("result")[1])
		result[name] = figures
	if erpnext:
		from erpnext.accounts.report.profitability_analysis.profitability_analysis import (
			execute as pa_execute,
		)

		fiscal_year, year_start = frappe.db.get_value(
			"Fiscal Year",
			{"year_start_date": ("<=", nowdate()), "year_end_date": (">=", nowdate())},
			["name", "year_start_date"],
		)
		pa_filters = frappe._dict(
			company=COMPANY,
			based_on="Accounting Dimension",
			accounting_dimension="Export Contract",
			fiscal_year=fiscal_year,
			from_date=year_start,
			to_date=nowdate(),
		)
		with measure(memory=False) as figures:
			_columns, data, *_ = pa_execute(pa_filters)
		figures["rows"] = len(data)
		result["ERPNext Profitability Analysis by Export Contract"] = figures
		result["speed-up vs ERPNext"] = round(figures["seconds"] / result["per Contract"]["seconds"], 1)
	return result


@case
def sales_statistics(
	leads: int = 100_000, quotations: int = 100_000, sales_persons: int = 20, repeat: int = 3
):
	"""Sales Activity Statistics on ``leads`` leads and ``quotations`` quotations of ``sales_persons`` sales
	persons, per sales person and per sales person and month: seconds and SQL statements."""
	from frappe.utils import add_days, nowdate

	from foreign_trade_crm.foreign_trade_crm.report.sales_activity_statistics.sales_activity_statistics import (
		execute,
	)
	from ftcrm_benchmarks import generate

	generated = generate.sales_activity(leads, quotations, sales_persons)
	filters = {"from_date": add_days(nowdate(), -365), "to_date": nowdate()}
	result = {
		"generation": generated,
		"leads_on_site": frappe.db.count("Lead"),
		"quotations_on_site": frappe.db.count("Quotation"),
	}
	for name, group_by in (
		("per Sales Person", "Sales Person"),
		("per Sales Person and Month", "Sales Person and Month"),
	):
		figures = figures_of(execute, {**filters, "group_by": group_by}, repeat=repeat)
		figures["rows"] = len(figures.pop("result")[1])
		result[name] = figures
	return result


HEAD_COLUMNS = (
	"customer",
	"company",
	"currency",
	"conversion_rate",
	"total_amount",
	"letter_of_credit",
	"bl_date",
)
LINE_COLUMNS = ("parent", "parenttype", "parentfield", "idx", "qty", "rate", "amount", "uom", "item_name")
LINE_COLUMNS += ("customer_item_code",)


@case
def credit_check(lines: int = 200, earlier: int = 10, repeat: int = 5):
	"""One check of a notice of ``lines`` lines against a letter of credit whose description of goods has as
	many goods lines (each line found by the buyer's code), with ``earlier`` submitted notices of as many lines
	already drawn on it: seconds, SQL statements and peak memory of the service call, of the pure rule alone,
	and of reading the 200-line MT700. Everything it writes is rolled back."""
	from decimal import Decimal

	from foreign_trade_crm.rules import letter_of_credit as lc
	from foreign_trade_crm.sample_world.credit import mt700
	from foreign_trade_crm.sample_world.world import COMPANY, CUSTOMERS
	from foreign_trade_crm.services import letter_of_credit as credits

	customer = CUSTOMERS[0][0]
	goods = tuple((100, f"BX-{i:04d}", f"ARTICLE {i} COTTON TOWEL", "1.25") for i in range(1, lines + 1))
	first, second = mt700(f"BENCH{frappe.generate_hash(length=8).upper()}", goods=goods, tolerance="10/10")
	try:
		with measure(memory=False) as read:
			name = credits.credit_from_swift(first + "\r\n" + second, customer, COMPANY)
		credit = frappe.get_doc("Letter of Credit", name)
		credit.submit()
		# earlier drawings: submitted notices of 5 PCS a line, written in bulk
		now = frappe.utils.now()
		standard = (now, now, "Administrator", "Administrator", 1)
		heads, rows = [], []
		for n in range(earlier):
			notice_name = f"BENCH-LC-SN-{n:03d}-{frappe.generate_hash(length=5)}"
			total = Decimal("6.25") * lines
			heads.append(
				(notice_name, *standard, customer, COMPANY, "USD", 7.1, total, name, frappe.utils.nowdate())
			)
			line = (5, 1.25, 6.25, "Nos")
			rows += [
				(
					frappe.generate_hash(length=10),
					*standard,
					notice_name,
					"Shipment Notice",
					"items",
					i,
					*line,
					f"ARTICLE {i} COTTON TOWEL",
					f"BX-{i:04d}",
				)
				for i in range(1, lines + 1)
			]
		head_fields = ("name", "creation", "modified", "owner", "modified_by", "docstatus")
		frappe.db.bulk_insert(
			"Shipment Notice",
			[*head_fields, *HEAD_COLUMNS],
			heads,
		)
		frappe.db.bulk_insert(
			"Shipment Notice Item",
			[*head_fields, *LINE_COLUMNS],
			rows,
		)
		notice = frappe.get_doc(
			{
				"doctype": "Shipment Notice",
				"customer": customer,
				"company": COMPANY,
				"currency": "USD",
				"total_amount": Decimal("50") * lines,
				"bl_date": frappe.utils.nowdate(),
				"port_of_loading": "Shanghai",
				"port_of_destination": "Los Angeles",
				"letter_of_credit": name,
				"items": [
					{
						"idx": i,
						"qty": 40,
						"rate": 1.25,
						"item_name": f"ARTICLE {i} COTTON TOWEL",
						"uom": "Nos",
						"customer_item_code": f"BX-{i:04d}",
					}
					for i in range(1, lines + 1)
				],
			}
		)
		service = figures_of(credits.check, notice, repeat=repeat)
		found = service.pop("result")[1]
		terms = credits.load_credits([name])[name].terms
		drawing = credits.notice_drawing(notice)
		drawn = credits.earlier_drawings(name, None)
		pure = figures_of(lc.check, terms, drawing, drawn, repeat=repeat)
		pure.pop("result")
		return {
			"notice_lines": lines,
			"credit_goods_lines": len(terms.goods_lines),
			"earlier_notices": earlier,
			"earlier_lines": earlier * lines,
			"findings": sorted({(f.article, f.code) for f in found}),
			"findings_count": len(found),
			"read_mt700_and_insert_credit": read,
			"check_service": service,
			"check_rule_only": pure,
		}
	finally:
		frappe.db.rollback()
