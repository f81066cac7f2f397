"""Set-wise generators of realistic volumes, shared by the benchmark cases.

Rows are written with ``frappe.db.bulk_insert`` (one statement per 10,000 rows),
never one document at a time; every generated name starts with ``BENCH-`` so that
``cleanup()`` removes exactly what was made. Generating is idempotent per prefix.
"""

from __future__ import annotations

import random

import frappe
from frappe.utils import add_days, getdate, now_datetime, nowdate

from foreign_trade_crm.sample_world.world import COMPANY, CUSTOMERS, ITEMS, make_world

PREFIX = "BENCH-"
# the standard columns of every Frappe table, first in each row we write
STANDARD = ("name", "creation", "modified", "owner", "modified_by", "docstatus")
CONTRACT_FIELDS = (
	*STANDARD,
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
	*STANDARD,
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
	"""Remove everything the generators and benchmark cases made, and nothing else.

	Only records whose names start with BENCH-, and the invoices of notices that ship
	BENCH- contracts; deleted set-wise.
	"""
	like = ("like", f"{PREFIX}%")
	notices = frappe.get_all(
		"Shipment Notice Item", filters={"export_contract": like}, pluck="parent", distinct=True
	)
	invoices = (
		frappe.get_all("Sales Invoice", filters={"shipment_notice": ("in", notices)}, pluck="name")
		if notices
		else []
	)
	invoices += frappe.get_all("Sales Invoice", filters={"name": like}, pluck="name")
	removed = {
		"Sales Invoice": len(invoices),
		"Shipment Notice": len(notices),
		"Payment Ledger Entry": frappe.db.count("Payment Ledger Entry", {"name": like}),
		"Export Contract": frappe.db.count("Export Contract", {"name": like}),
	}
	if invoices:
		for doctype, field in (
			("GL Entry", "voucher_no"),
			("Payment Ledger Entry", "voucher_no"),
			("Sales Invoice Item", "parent"),
			("Sales Invoice Payment", "parent"),
			("Payment Schedule", "parent"),
			("Sales Invoice", "name"),
		):
			frappe.db.delete(doctype, {field: ("in", invoices)})
	if notices:
		frappe.db.delete("Shipment Notice Item", {"parent": ("in", notices)})
		frappe.db.delete("Shipment Notice", {"name": ("in", notices)})
	frappe.db.delete("Payment Ledger Entry", {"name": like})
	removed["GL Entry"] = frappe.db.count("GL Entry", {"name": like})
	frappe.db.delete("GL Entry", {"name": like})
	removed["Purchase Invoice"] = frappe.db.count("Purchase Invoice", {"name": like})
	for doctype in ("Purchase Invoice Item", "Purchase Taxes and Charges"):
		frappe.db.delete(doctype, {"parent": like})
	frappe.db.delete("Purchase Invoice", {"name": like})
	removed["Quotation"] = frappe.db.count("Quotation", {"name": like})
	frappe.db.delete("Quotation", {"name": like})
	frappe.db.delete("Alert Log", {"reference_name": like})
	frappe.db.delete("Customer", {"name": ("like", f"{PREFIX}Buyer %")})
	frappe.db.delete("Export Contract Item", {"parent": like})
	frappe.db.delete("Export Contract", {"name": like})
	frappe.db.delete("Sales Team", {"name": like})
	removed["Lead"] = frappe.db.count("Lead", {"name": like})
	frappe.db.delete("Lead", {"name": like})
	frappe.db.commit()
	return removed


def buyers(count: int) -> list[str]:
	"""``count`` generated buyers (customers), made set-wise where missing."""
	names = [f"{PREFIX}Buyer {i:04d}" for i in range(1, count + 1)]
	existing = set(frappe.get_all("Customer", filters={"name": ("like", f"{PREFIX}Buyer %")}, pluck="name"))
	new_customers = [n for n in names if n not in existing]
	now = now_datetime()
	if new_customers:
		frappe.db.bulk_insert(
			"Customer",
			(
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"customer_name",
				"customer_type",
				"customer_group",
				"territory",
				"default_currency",
			),
			[
				(
					n,
					now,
					now,
					"Administrator",
					"Administrator",
					n,
					"Company",
					"All Customer Groups",
					"All Territories",
					"USD",
				)
				for n in new_customers
			],
		)
	return names


SI_FIELDS = (
	*STANDARD,
	"naming_series",
	"title",
	"customer",
	"customer_name",
	"company",
	"posting_date",
	"posting_time",
	"due_date",
	"currency",
	"conversion_rate",
	"selling_price_list",
	"price_list_currency",
	"plc_conversion_rate",
	"base_net_total",
	"net_total",
	"base_grand_total",
	"grand_total",
	"outstanding_amount",
	"debit_to",
	"party_account_currency",
	"is_return",
	"status",
	"shipment_notice",
	"bl_date",
	"expected_collection_date",
)
PLE_FIELDS = (
	*STANDARD,
	"posting_date",
	"company",
	"account_type",
	"account",
	"party_type",
	"party",
	"due_date",
	"voucher_type",
	"voucher_no",
	"against_voucher_type",
	"against_voucher_no",
	"amount",
	"account_currency",
	"amount_in_account_currency",
	"delinked",
)


def receivables(
	invoices: int = 100_000, payments_per_invoice: int = 3, customers: int = 200, seed: int = 11
) -> dict:
	"""``invoices`` submitted USD shipment invoices of ``customers`` customers and their ledger: each
	invoice booked, then collected in ``payments_per_invoice`` Payment Ledger entries (a third of the
	invoices in full, a third in part, a third not yet, by amount), spread over the past 13 months."""
	make_world()
	existing = frappe.db.count("Sales Invoice", {"name": ("like", f"{PREFIX}SI-%")})
	if existing >= invoices:
		return {"invoices": existing, "generated": 0, "seconds": 0.0}
	started = now_datetime()
	rng = random.Random(seed)
	account = f"Debtors USD - {frappe.db.get_value('Company', COMPANY, 'abbr')}"
	names = buyers(customers)
	now, today = now_datetime(), getdate(nowdate())
	rate = 7.1
	sis, ples = [], []

	def ledger_row(posting_date, customer, due, voucher_type, voucher_no, invoice, amount):
		"""One Payment Ledger row against ``invoice``; ``amount`` in USD, positive when booked."""
		return (
			f"{PREFIX}PLE-{len(ples) + n_done:08d}",
			now,
			now,
			"Administrator",
			"Administrator",
			1,
			posting_date,
			COMPANY,
			"Receivable",
			account,
			"Customer",
			customer,
			due,
			voucher_type,
			voucher_no,
			"Sales Invoice",
			invoice,
			round(amount * rate, 2),
			"USD",
			amount,
			0,
		)

	n_done = frappe.db.count("Payment Ledger Entry", {"name": ("like", f"{PREFIX}PLE-%")})
	for i in range(existing + 1, invoices + 1):
		name = f"{PREFIX}SI-{i:07d}"
		customer = names[i % customers]
		posting = add_days(today, -rng.randint(0, 395))
		due = add_days(posting, 60)
		total = round(rng.uniform(500, 50_000), 2)
		sis.append(
			(
				name,
				now,
				now,
				"Administrator",
				"Administrator",
				1,
				"ACC-SINV-.YYYY.-",
				customer,
				customer,
				customer,
				COMPANY,
				posting,
				"00:00:00",
				due,
				"USD",
				rate,
				"FTC Export USD",
				"USD",
				rate,
				round(total * rate, 2),
				total,
				round(total * rate, 2),
				total,
				0,
				account,
				"USD",
				0,
				"Unpaid",
				None,
				posting,
				due,
			)
		)
		ples.append(ledger_row(posting, customer, due, "Sales Invoice", name, name, total))
		# a third collected in full, a third half, a third only token amounts (still open)
		share = (1.0, 0.5, 0.0)[i % 3]
		part = round(total * share / payments_per_invoice, 2)
		for k in range(payments_per_invoice):
			amount = part if share else round(rng.uniform(0.01, 1), 2)
			pe = f"{PREFIX}PE-{len(ples) + n_done:08d}"
			ples.append(
				ledger_row(add_days(posting, 20 * (k + 1)), customer, due, "Payment Entry", pe, name, -amount)
			)
		if len(ples) >= 40_000:
			frappe.db.bulk_insert("Sales Invoice", SI_FIELDS, sis, chunk_size=5_000)
			frappe.db.bulk_insert("Payment Ledger Entry", PLE_FIELDS, ples, chunk_size=10_000)
			n_done += len(ples)
			sis, ples = [], []
	if sis:
		frappe.db.bulk_insert("Sales Invoice", SI_FIELDS, sis, chunk_size=5_000)
		frappe.db.bulk_insert("Payment Ledger Entry", PLE_FIELDS, ples, chunk_size=10_000)
	frappe.db.commit()
	return {
		"invoices": invoices,
		"generated": invoices - existing,
		"ledger_rows": frappe.db.count("Payment Ledger Entry", {"name": ("like", f"{PREFIX}PLE-%")}),
		"customers": customers,
		"seconds": round((now_datetime() - started).total_seconds(), 1),
	}


QUOTATION_FIELDS = (
	*STANDARD,
	"naming_series",
	"title",
	"quotation_to",
	"party_name",
	"customer_name",
	"company",
	"transaction_date",
	"valid_till",
	"order_type",
	"currency",
	"conversion_rate",
	"grand_total",
	"status",
	"reply_due_date",
)
OPEN_CONTRACT_FIELDS = (
	*STANDARD,
	"naming_series",
	"customer",
	"customer_name",
	"company",
	"contract_date",
	"status",
	"currency",
	"conversion_rate",
	"total_amount",
	"is_countersigned",
	"countersign_due_date",
)
OPEN_INVOICE_FIELDS = (
	*STANDARD,
	"naming_series",
	"title",
	"customer",
	"customer_name",
	"company",
	"posting_date",
	"due_date",
	"currency",
	"conversion_rate",
	"grand_total",
	"outstanding_amount",
	"is_return",
	"status",
	"shipment_notice",
	"expected_collection_date",
)


def alert_documents(
	count: int = 100_000, due_share: float = 0.1, customers: int = 200, seed: int = 13
) -> dict:
	"""``count`` open quotations, ``count`` contracts not countersigned and ``count`` unpaid shipment
	invoices of ``customers`` buyers; ``due_share`` of each is past its date (reply due, countersign
	due, expected collection), the rest not yet."""
	make_world()
	existing = frappe.db.count("Quotation", {"name": ("like", f"{PREFIX}QTN-%")})
	if existing >= count:
		return {"per_kind": existing, "generated": 0, "seconds": 0.0}
	started = now_datetime()
	rng = random.Random(seed)
	names = buyers(customers)
	now, today = now_datetime(), getdate(nowdate())
	step = round(1 / due_share) if due_share else 0

	def when(i):
		"""A date past due for every ``step``-th record, else one still ahead."""
		return (
			add_days(today, -rng.randint(1, 90))
			if step and i % step == 0
			else add_days(today, rng.randint(1, 90))
		)

	quotations, contracts, invoices = [], [], []
	for i in range(existing + 1, count + 1):
		customer = names[i % len(names)]
		amount = round(rng.uniform(500, 50_000), 2)
		std = (now, now, "Administrator", "Administrator", 1)
		quotations.append(
			(
				f"{PREFIX}QTN-{i:07d}",
				*std,
				"SAL-QTN-.YYYY.-",
				customer,
				"Customer",
				customer,
				customer,
				COMPANY,
				add_days(today, -100),
				add_days(today, 30),
				"Sales",
				"USD",
				7.1,
				amount,
				"Open",
				when(i),
			)
		)
		contracts.append(
			(
				f"{PREFIX}AEC-{i:07d}",
				*std,
				"EC-.YYYY.-",
				customer,
				customer,
				COMPANY,
				add_days(today, -100),
				"To Countersign",
				"USD",
				7.1,
				amount,
				0,
				when(i),
			)
		)
		invoices.append(
			(
				f"{PREFIX}ASI-{i:07d}",
				*std,
				"ACC-SINV-.YYYY.-",
				customer,
				customer,
				customer,
				COMPANY,
				add_days(today, -100),
				add_days(today, -40),
				"USD",
				7.1,
				amount,
				amount,
				0,
				"Unpaid",
				f"{PREFIX}SN-{i:07d}",
				when(i),
			)
		)
		if len(quotations) >= 20_000:
			_flush_alert_documents(quotations, contracts, invoices)
			quotations, contracts, invoices = [], [], []
	_flush_alert_documents(quotations, contracts, invoices)
	frappe.db.commit()
	return {
		"per_kind": count,
		"generated": (count - existing) * 3,
		"seconds": round((now_datetime() - started).total_seconds(), 1),
	}


def _flush_alert_documents(quotations, contracts, invoices):
	if quotations:
		frappe.db.bulk_insert("Quotation", QUOTATION_FIELDS, quotations, chunk_size=10_000)
		frappe.db.bulk_insert("Export Contract", OPEN_CONTRACT_FIELDS, contracts, chunk_size=10_000)
		frappe.db.bulk_insert("Sales Invoice", OPEN_INVOICE_FIELDS, invoices, chunk_size=10_000)


def leads(count: int = 20_000) -> dict:
	"""``count`` existing leads (BENCH-LEAD-nnnnnn, German numbers), made set-wise where missing."""
	existing = frappe.db.count("Lead", {"name": ("like", f"{PREFIX}LEAD-%")})
	if existing >= count:
		return {"leads": existing, "generated": 0, "seconds": 0.0}
	started, now = now_datetime(), now_datetime()
	fields = ("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx")
	fields += ("lead_name", "company_name", "email_id", "phone", "country", "status", "naming_series")
	rows = [
		(
			f"{PREFIX}LEAD-{i:06d}",
			now,
			now,
			"Administrator",
			"Administrator",
			0,
			0,
			f"Buyer {i}",
			f"Lead Company {i} GmbH",
			f"buyer{i}@lead{i}.example",
			f"+49 30 {1000000 + i}",
			"Germany",
			"Lead" if i % 50 else "Opportunity",
			"CRM-LEAD-.YYYY.-",
		)
		for i in range(existing + 1, count + 1)
	]
	frappe.db.bulk_insert("Lead", fields, rows, chunk_size=10_000)
	frappe.db.commit()
	return {"leads": count, "generated": len(rows), "seconds": (now_datetime() - started).total_seconds()}


GLE_FIELDS = (
	*STANDARD,
	"posting_date",
	"fiscal_year",
	"company",
	"account",
	"account_currency",
	"cost_center",
	"debit",
	"credit",
	"debit_in_account_currency",
	"credit_in_account_currency",
	"voucher_type",
	"voucher_no",
	"is_opening",
	"is_cancelled",
	"export_contract",
)


def profit_ledger(
	contracts_count: int = 10_000, rows: int = 1_000_000, seed: int = 11, shared_every: int = 10
) -> dict:
	"""``rows`` GL Entries over ``contracts_count`` generated contracts, tagged with them as the app's
	documents tag them: a sale and its receivable, purchases (goods, VAT, payable), a freight bill, a bank
	charge, an exchange gain; each contract's estimate filled. Every ``shared_every``-th round, the round's two
	supplier bills are one bill of two contracts, as ERPNext writes it: a Purchase Invoice with a line of
	each contract and its item-wise VAT, its goods rows tagged by line, its VAT and payable rows untagged
	(what the report shares by lines). Idempotent: rows already there count."""
	from foreign_trade_crm.services.dimension import ensure_dimension

	ensure_dimension()
	made = contracts(contracts_count, lines_per_contract=2)
	frappe.db.sql(
		"""update `tabExport Contract` set est_sales = base_total_amount,
			est_purchase_cost = round(base_total_amount * 0.7, 2), est_freight = round(base_total_amount * 0.05, 2),
			est_other_costs = round(base_total_amount * 0.01, 2), est_vat_rebate = round(base_total_amount * 0.05, 2),
			est_profit = round(base_total_amount * 0.29, 2), est_margin = 29
		where name like %s and ifnull(est_sales, 0) = 0""",
		f"{PREFIX}EC-%",
	)
	existing = frappe.db.count("GL Entry", {"name": ("like", f"{PREFIX}GLE-%")})
	if existing >= rows:
		return {"contracts": made, "ledger_rows": existing, "generated": 0, "seconds": 0.0, **_kept()}
	abbr = frappe.get_cached_value("Company", COMPANY, "abbr")
	fiscal_year = frappe.db.get_value(
		"Fiscal Year", {"year_start_date": ("<=", nowdate()), "year_end_date": (">=", nowdate())}
	)
	cost_center = frappe.get_cached_value("Company", COMPANY, "cost_center")
	accounts = {
		"sales": f"Sales - {abbr}",
		"debtors": frappe.db.get_value(
			"Account", {"company": COMPANY, "account_type": "Receivable", "is_group": 0}
		),
		"cogs": f"Cost of Goods Sold - {abbr}",
		"vat": f"VAT - {abbr}",
		"creditors": frappe.db.get_value(
			"Account", {"company": COMPANY, "account_type": "Payable", "is_group": 0}
		),
		"freight": f"Freight and Forwarding Charges - {abbr}",
		"cash": f"Cash - {abbr}",
		"exchange": frappe.get_cached_value("Company", COMPANY, "exchange_gain_loss_account"),
	}
	# one contract's vouchers: (voucher type, [(account, debit, credit)]) as shares of its sale
	pattern = (
		("Sales Invoice", (("sales", 0, 1.0), ("debtors", 1.0, 0))),
		("Purchase Invoice", (("cogs", 0.35, 0), ("vat", 0.0455, 0), ("creditors", 0, 0.3955))),
		("Purchase Invoice", (("cogs", 0.35, 0), ("vat", 0.0455, 0), ("creditors", 0, 0.3955))),
		("Purchase Invoice", (("freight", 0.05, 0), ("creditors", 0, 0.05))),
		("Journal Entry", (("freight", 0.002, 0), ("cash", 0, 0.002))),
		("Journal Entry", (("exchange", 0, 0.01), ("debtors", 0.01, 0))),
	)
	rng = random.Random(seed)
	now, today = now_datetime(), nowdate()
	names = [
		r[0]
		for r in frappe.db.sql(
			"select name from `tabExport Contract` where name like %s order by name", f"{PREFIX}EC-%"
		)
	][:contracts_count]
	amount_of = dict(
		frappe.db.sql(
			"select name, base_total_amount from `tabExport Contract` where name like %s", f"{PREFIX}EC-%"
		)
	)
	# one bill of two contracts: goods of each (tagged by line), the VAT and the payable (untagged)
	shared_pattern = (
		("cogs", 0.35, 0, "one"),
		("cogs", 0.35, 0, "other"),
		("vat", 0.091, 0, None),
		("creditors", 0, 0.791, None),
	)
	started = now_datetime()
	batch, n, bills, bill_lines, bill_taxes = [], existing, [], [], []

	def gl_row(account, d, c, voucher_type, voucher, contract):
		return (
			f"{PREFIX}GLE-{n:08d}",
			now,
			now,
			"Administrator",
			"Administrator",
			1,
			today,
			fiscal_year,
			COMPANY,
			accounts[account],
			"CNY",
			cost_center,
			d,
			c,
			d,
			c,
			voucher_type,
			voucher,
			"No",
			0,
			contract,
		)

	while n < rows:
		round_no = n // 14  # 14 rows a round of the pattern, rounds spread over contracts
		contract = names[round_no % len(names)]
		sale = float(amount_of.get(contract) or 10000) * rng.uniform(0.05, 0.2)
		voucher = f"{PREFIX}V-{n:08d}"
		shared = shared_every and round_no % shared_every == 0
		for voucher_type, legs in pattern:
			if shared and voucher_type == "Purchase Invoice" and legs[0][0] == "cogs":
				if legs is pattern[1][1]:  # the round's two bills are one, of this contract and the next
					other = names[(round_no + 1) % len(names)]
					bill = f"{PREFIX}PINV-{n:08d}"
					_shared_bill(
						bills, bill_lines, bill_taxes, bill, (contract, other), sale, now, today, accounts
					)
					for account, debit, credit, whose in shared_pattern:
						if n >= rows:
							break
						tag = contract if whose == "one" else other if whose == "other" else None
						batch.append(
							gl_row(
								account,
								round(sale * debit, 2),
								round(sale * credit, 2),
								voucher_type,
								bill,
								tag,
							)
						)
						n += 1
				continue
			for account, debit, credit in legs:
				if n >= rows:
					break
				batch.append(
					gl_row(
						account,
						round(sale * debit, 2),
						round(sale * credit, 2),
						voucher_type,
						voucher,
						contract,
					)
				)
				n += 1
		if len(batch) >= 50_000:
			_flush_ledger(batch, bills, bill_lines, bill_taxes)
			batch, bills, bill_lines, bill_taxes = [], [], [], []
	_flush_ledger(batch, bills, bill_lines, bill_taxes)
	return {
		"contracts": made,
		"ledger_rows": rows,
		"generated": rows - existing,
		"seconds": round((now_datetime() - started).total_seconds(), 2),
		**_kept(),
	}


def _kept() -> dict:
	"""The rows above are written straight to the tables, as no voucher posts them: what the app keeps of
	each contract's profit as vouchers are posted (``services.profit_ledger``) is kept here, for the
	contracts not kept under today's settings, as a migration would."""
	from foreign_trade_crm.services import profit_ledger

	started = now_datetime()
	kept = profit_ledger.rebuild(stale_only=True)
	return {"kept_contracts": kept, "keeping_seconds": round((now_datetime() - started).total_seconds(), 2)}


BILL_FIELDS = (*STANDARD, "supplier", "company", "posting_date", "currency", "conversion_rate", "is_return")
BILL_LINE_FIELDS = (
	*STANDARD,
	"parent",
	"parenttype",
	"parentfield",
	"idx",
	"item_code",
	"item_name",
	"qty",
	"rate",
	"amount",
	"net_amount",
	"base_net_amount",
	"expense_account",
	"export_contract",
	"export_rebate_rate",
	"uom",
	"conversion_factor",
)
BILL_TAX_FIELDS = (
	*STANDARD,
	"parent",
	"parenttype",
	"parentfield",
	"idx",
	"charge_type",
	"account_head",
	"description",
	"rate",
	"tax_amount",
	"item_wise_tax_detail",
	"category",
	"add_deduct_tax",
)


def _shared_bill(bills, lines, taxes, name, contracts, sale, now, today, accounts):
	"""A submitted Purchase Invoice of two contracts: a line of each and the VAT on both (item-wise)."""
	import json

	head = (name, now, now, "Administrator", "Administrator", 1)
	bills.append((*head, "BENCH Mill", COMPANY, today, "CNY", 1, 0))
	detail = {}
	for idx, (contract, item) in enumerate(
		zip(contracts, ("FTC-TOWEL-RED", "FTC-TOWEL-BLUE"), strict=True), 1
	):
		net = round(sale * 0.35, 2)
		detail[item] = [13, round(net * 0.13, 2)]
		lines.append(
			(
				f"{name}-{idx}",
				*head[1:],
				name,
				"Purchase Invoice",
				"items",
				idx,
				item,
				item,
				1,
				net,
				net,
				net,
				net,
				accounts["cogs"],
				contract,
				9,
				"Nos",
				1,
			)
		)
	taxes.append(
		(
			f"{name}-VAT",
			*head[1:],
			name,
			"Purchase Invoice",
			"taxes",
			1,
			"On Net Total",
			accounts["vat"],
			"VAT",
			13,
			round(sale * 0.091, 2),
			json.dumps(detail),
			"Total",
			"Add",
		)
	)


def _flush_ledger(batch, bills, bill_lines, bill_taxes):
	if batch:
		frappe.db.bulk_insert("GL Entry", GLE_FIELDS, batch, chunk_size=10_000)
	if bills:
		frappe.db.bulk_insert("Purchase Invoice", BILL_FIELDS, bills, chunk_size=10_000)
		frappe.db.bulk_insert("Purchase Invoice Item", BILL_LINE_FIELDS, bill_lines, chunk_size=10_000)
		frappe.db.bulk_insert("Purchase Taxes and Charges", BILL_TAX_FIELDS, bill_taxes, chunk_size=10_000)
	frappe.db.commit()


def sales_activity(
	leads: int = 100_000, quotations: int = 100_000, sales_persons: int = 20, seed: int = 17
) -> dict:
	"""``sales_persons`` sales persons (users with employees), the generated buyers shared out among them
	(Sales Team), ``leads`` leads owned by their users and ``quotations`` submitted quotations to the buyers,
	spread over the last twelve months, three in five answered. Set-wise; idempotent per prefix."""
	from frappe.utils import add_days

	from foreign_trade_crm.sample_world.world import make_desk_user, make_sales_person

	started = now_datetime()
	rng = random.Random(seed)
	users = [f"bench.sales{i:02d}@example.com" for i in range(sales_persons)]
	persons = []
	for i, user in enumerate(users):
		make_desk_user(user, ["Export Sales User"])
		persons.append(make_sales_person(f"{PREFIX}Sales {i:02d}", user))
	customers = buyers(200)
	have_team = set(
		frappe.get_all(
			"Sales Team",
			filters={"parenttype": "Customer", "parent": ("like", f"{PREFIX}Buyer %")},
			pluck="parent",
		)
	)
	now, today = now_datetime(), getdate(nowdate())
	frappe.db.bulk_insert(
		"Sales Team",
		(*STANDARD[:5], "parent", "parenttype", "parentfield", "idx", "sales_person", "allocated_percentage"),
		[
			(
				f"{PREFIX}ST-{n:04d}",
				now,
				now,
				"Administrator",
				"Administrator",
				c,
				"Customer",
				"sales_team",
				1,
				persons[n % len(persons)],
				100,
			)
			for n, c in enumerate(customers)
			if c not in have_team
		],
	)
	made = {"leads": 0, "quotations": 0}
	existing = frappe.db.count("Lead", {"name": ("like", f"{PREFIX}SLEAD-%")})
	rows = []
	for i in range(existing + 1, leads + 1):
		created = add_days(now, -rng.randint(0, 364))
		rows.append(
			(
				f"{PREFIX}SLEAD-{i:06d}",
				created,
				created,
				"Administrator",
				"Administrator",
				0,
				0,
				f"Buyer {i}",
				f"Sales Lead {i} Ltd",
				users[i % len(users)],
				"Lead",
				"CRM-LEAD-.YYYY.-",
			)
		)
	fields = (
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
		"lead_name",
		"company_name",
		"lead_owner",
		"status",
		"naming_series",
	)
	frappe.db.bulk_insert("Lead", fields, rows, chunk_size=10_000)
	made["leads"] = len(rows)
	existing = frappe.db.count("Quotation", {"name": ("like", f"{PREFIX}SQTN-%")})
	rows = []
	for i in range(existing + 1, quotations + 1):
		day = add_days(today, -rng.randint(0, 364))
		customer = customers[i % len(customers)]
		total = round(rng.uniform(500, 50_000), 2)
		rows.append(
			(
				f"{PREFIX}SQTN-{i:06d}",
				now,
				now,
				"Administrator",
				"Administrator",
				1,
				"SAL-QTN-.YYYY.-",
				customer,
				"Customer",
				customer,
				customer,
				COMPANY,
				day,
				add_days(day, 30),
				"Sales",
				"USD",
				7.1,
				total,
				"Open",
				add_days(day, 14),
				"Accepted" if i % 5 < 3 else None,
			)
		)
	frappe.db.bulk_insert(
		"Quotation",
		(*QUOTATION_FIELDS, "buyer_reply"),
		rows,
		chunk_size=10_000,
	)
	made["quotations"] = len(rows)
	frappe.db.commit()
	return {
		**made,
		"sales_persons": len(persons),
		"seconds": round((now_datetime() - started).total_seconds(), 2),
	}
