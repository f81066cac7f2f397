"""Contract profit on every shape of voucher an exporter books: one bill, one shipment, one collection of
several contracts; credit and debit notes made the ERPNext way; deductions, partial collections at two
rates, a journal entry split over contracts, a supplier invoice in USD, an invoice from the app's purchase
orders, cancelled vouchers; the rebate at the rate it was; and, on every one of them, the law that what the
contracts are given plus what no contract carries equals the company's own ledger, to the cent. Each case
has its hand computation in the test."""

import random

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import flt, nowdate

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.services import dimension, profit, profit_ledger
from foreign_trade_crm.tests.factories import (
	COMPANY,
	COMPANY_ABBR,
	CUSTOMERS,
	make_collection,
	make_contract,
	make_exchange_rate,
	make_notice,
	make_payable_account,
	make_supplier,
	set_default_supplier,
)

ATLANTIC = CUSTOMERS[0][0]
MILL = "FTC Voucher Mill"
USD_MILL = "FTC Voucher Mill USD"
FREIGHT = f"Freight and Forwarding Charges - {COMPANY_ABBR}"
BANK_CHARGES = f"Bank Charges - {COMPANY_ABBR}"
VAT = f"VAT - {COMPANY_ABBR}"
SETTINGS = {"vat_rebate": 1, "purchase_vat_percent": 13}


def bill(lines, supplier=MILL, vat=13, currency="CNY", rate=1.0, submit=True):
	"""A supplier invoice; lines: (item_code, qty, rate, contract or None), each tagged as its user tags it."""
	pi = frappe.get_doc(
		{
			"doctype": "Purchase Invoice",
			"supplier": supplier,
			"company": COMPANY,
			"posting_date": nowdate(),
			"currency": currency,
			"conversion_rate": rate,
			"items": [
				{"item_code": item, "qty": qty, "rate": price, "export_contract": contract}
				for item, qty, price, contract in lines
			],
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": VAT,
					"description": "VAT",
					"rate": vat,
					"category": "Total",
					"add_deduct_tax": "Add",
				}
			]
			if vat
			else [],
		}
	)
	pi.insert(ignore_permissions=True)
	if submit:
		pi.submit()
	return pi


def debit_note(invoice: str, returned: dict[int, float]):
	"""Return / Debit Note on a supplier invoice, as the desk makes it (ERPNext's make_debit_note): the
	lines of ``returned`` (line idx → qty) only."""
	from erpnext.accounts.doctype.purchase_invoice.purchase_invoice import make_debit_note

	note = make_debit_note(invoice)
	note.items = [d for d in note.items if d.idx in returned]
	for d in note.items:
		d.qty = -abs(returned[d.idx])
		d.received_qty = d.qty
	note.insert(ignore_permissions=True)
	note.submit()
	return note


def credit_note(invoice: str, returned: dict[int, float]):
	"""Create → Return / Credit Note on a sales invoice, as the desk makes it (ERPNext's make_sales_return)."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	note = make_sales_return(invoice)
	note.items = [d for d in note.items if d.idx in returned]
	for d in note.items:
		d.qty = -abs(returned[d.idx])
	note.update_outstanding_for_self = 0
	note.insert(ignore_permissions=True)
	note.submit()
	return note


def journal(rows, submit=True):
	"""rows: (account, debit, credit, contract or None)."""
	je = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"company": COMPANY,
			"posting_date": nowdate(),
			"accounts": [
				{
					"account": account,
					"debit_in_account_currency": debit,
					"credit_in_account_currency": credit,
					"export_contract": contract,
				}
				for account, debit, credit, contract in rows
			],
		}
	).insert(ignore_permissions=True)
	if submit:
		je.submit()
	return je


def collect(invoice: str, amount: float, rate: float, charges: float = 0):
	"""A collection of ``amount`` (invoice currency) at ``rate``, the bank's ``charges`` deducted."""
	if not charges:
		return make_collection(invoice, amount, rate)
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	pe = get_payment_entry("Sales Invoice", invoice, party_amount=amount)
	pe.reference_no = f"TT-{invoice}-{frappe.generate_hash(length=4)}"
	pe.reference_date = nowdate()
	pe.source_exchange_rate = rate
	pe.paid_amount = amount
	pe.references[0].allocated_amount = amount
	pe.received_amount = flt(amount * rate - charges, 2)
	# as in the desk: ERPNext books the difference as an exchange loss row, which the user puts on the
	# bank charges account
	pe.insert(ignore_permissions=True)
	(row,) = [d for d in pe.deductions if d.is_exchange_gain_loss]
	row.account = BANK_CHARGES
	pe.save(ignore_permissions=True)
	pe.submit()
	assert [(d.account, d.amount) for d in pe.deductions] == [(BANK_CHARGES, charges)], pe.deductions
	return pe


def invoice_of(notice) -> str:
	return frappe.db.get_value("Sales Invoice", {"shipment_notice": notice.name, "docstatus": 1})


def vouchers_of(*docs) -> list[str]:
	"""The vouchers and the exchange gain or loss ERPNext booked for their invoices."""
	names = [d if isinstance(d, str) else d.name for d in docs]
	journals = frappe.get_all(
		"Journal Entry Account", filters={"reference_name": ("in", names)}, pluck="parent", distinct=True
	)
	return names + journals


def ledger(vouchers: list[str]) -> rules.Profit:
	"""The company's own ledger for ``vouchers``, by kind, read row by row from GL Entry (and the rebate of
	their purchase lines): what the contracts plus what no contract carries must equal."""
	conf = profit.settings()
	exchange = frozenset(a for a in frappe.get_all("Company", pluck="exchange_gain_loss_account") if a)
	claims = frozenset([conf.claim_account] if conf.claim_account else [])
	rows = frappe.db.sql(
		"""select gle.account, acc.root_type, ifnull(acc.account_type, ''), gle.voucher_type, gle.debit, gle.credit
		from `tabGL Entry` gle join `tabAccount` acc on acc.name = gle.account
		where gle.voucher_no in %(names)s and gle.is_cancelled = 0""",
		{"names": tuple(vouchers)},
	)
	rebate = frappe.db.sql(
		"""select sum(round(pii.base_net_amount * pii.export_rebate_rate / 100, 2)) from `tabPurchase Invoice Item` pii
		where pii.parent in %(names)s and pii.docstatus = 1""",
		{"names": tuple(vouchers)},
	)[0][0]
	return rules.actual(
		[rules.LedgerSum(*row) for row in rows], rebate or 0, conf.mapped, exchange, claims, conf.vat_rebate
	)


ITEMS = ("FTC-TOWEL-RED", "FTC-TOWEL-BLUE", "FTC-ROBE-L", "FTC-MAT-GREY")


def random_contracts(rng, count: int = 5) -> list:
	"""Countersigned FOB contracts of Atlantic, each of one random item at a random price."""
	return [
		make_contract(ATLANTIC, [(rng.choice(ITEMS), 1000, round(rng.uniform(1, 15), 2))], incoterm="FOB")
		for _ in range(count)
	]


def random_round(rng, contracts, no_contract_share: float = 0.5, least_charge: float = 0):
	"""A week of what an exporter books for 1–5 of ``contracts``: a bill of their goods (sometimes with a
	line of no contract) at VAT 0, 6 or 13 %, a notice with its invoice, a partial collection at a random rate
	with the bank's charges deducted, and a freight journal partly on the first contract. Returns the
	vouchers (with the exchange gain or loss ERPNext booked), the bill and the collection."""
	chosen = rng.sample(contracts, rng.randint(1, len(contracts)))
	lines = [(c.items[0].item_code, rng.randint(1, 90), round(rng.uniform(5, 50), 2), c.name) for c in chosen]
	if rng.random() < no_contract_share:
		lines.append(("FTC-MAT-GREY", rng.randint(1, 20), 3.33, None))  # a line of no contract
	pi = bill(lines, vat=rng.choice((0, 6, 13)))
	notice = make_notice(ATLANTIC, [(c, 1, rng.randint(1, 50)) for c in chosen])
	invoice = invoice_of(notice)
	total = frappe.db.get_value("Sales Invoice", invoice, "grand_total")
	part = flt(total * rng.uniform(0.3, 1), 2)
	pe = collect(
		invoice, part, round(rng.uniform(6.9, 7.3), 4), charges=round(rng.uniform(least_charge, 30), 2)
	)
	je = journal(
		[
			(FREIGHT, 40, 0, chosen[0].name),
			(FREIGHT, 9.99, 0, None),
			(f"Cash - {COMPANY_ABBR}", 0, 49.99, None),
		]
	)
	return [pi.name, *vouchers_of(invoice, pe), je.name], pi, pe


class VoucherWorld(FrappeTestCase):
	"""The mills, the bank charges account, the rebate rates and the cost accounts these tests book on."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		dimension.ensure_dimension()
		make_supplier(MILL)
		make_supplier(USD_MILL, currency="USD")
		make_payable_account(USD_MILL, "USD")
		make_exchange_rate("USD", "CNY", 7.1, nowdate())
		if not frappe.db.exists("Account", BANK_CHARGES):
			parent = frappe.db.get_value(
				"Account", {"company": COMPANY, "is_group": 1, "account_name": "Indirect Expenses"}, "name"
			)
			frappe.get_doc(
				{
					"doctype": "Account",
					"account_name": "Bank Charges",
					"company": COMPANY,
					"parent_account": parent,
				}
			).insert(ignore_permissions=True)
		cls.rates = {
			item: frappe.db.get_value("Item", item, "export_rebate_rate")
			for item in ("FTC-TOWEL-RED", "FTC-TOWEL-BLUE")
		}
		frappe.db.set_value("Item", "FTC-TOWEL-RED", "export_rebate_rate", 9)
		frappe.db.set_value("Item", "FTC-TOWEL-BLUE", "export_rebate_rate", 13)
		settings = frappe.get_single("Foreign Trade Settings")
		cls.cost_accounts = [
			{"account": d.account, "cost_kind": d.cost_kind} for d in settings.profit_cost_accounts
		]
		settings.set("profit_cost_accounts", [{"account": FREIGHT, "cost_kind": "Freight"}])
		settings.save(ignore_permissions=True)

	@classmethod
	def tearDownClass(cls):
		settings = frappe.get_single("Foreign Trade Settings")
		settings.set("profit_cost_accounts", cls.cost_accounts)
		settings.save(ignore_permissions=True)
		for item, rate in cls.rates.items():
			frappe.db.set_value("Item", item, "export_rebate_rate", rate)
		super().tearDownClass()

	def contracts(self, *lines_of):
		"""Fresh countersigned FOB contracts of Atlantic at 7.10; each: (item, qty, USD rate)."""
		return [make_contract(ATLANTIC, [lines], incoterm="FOB") for lines in lines_of]

	def assertConserved(self, contracts, vouchers):
		"""Σ over the contracts + not on any contract = the ledger of their vouchers, per kind, to the cent."""
		got = profit_ledger.actuals([c.name for c in contracts])
		whole = rules.Profit()
		for figures in got.values():
			whole.merge(figures)
		books = ledger(vouchers)
		for kind in rules.KINDS:
			self.assertEqual(flt(whole.get(kind), 2), flt(books.get(kind), 2), kind)
		return got


class TestProfitOnEveryVoucher(VoucherWorld):
	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_one_bill_one_shipment_one_collection_of_two_contracts(self):
		"""The issue's table: A (1,000 red at USD 3.25) and B (500 blue at USD 4.00), both at 7.10, FOB."""
		a, b = self.contracts(("FTC-TOWEL-RED", 1000, 3.25), ("FTC-TOWEL-BLUE", 500, 4.00))
		# one supplier invoice for both, 13 % VAT; a debit note returning 100 red towels
		pi = bill([("FTC-TOWEL-RED", 1000, 15, a.name), ("FTC-TOWEL-BLUE", 500, 20, b.name)])
		self.assertFalse(pi.export_contract)  # a bill of two contracts carries none in its header
		note = debit_note(pi.name, {1: 100})
		self.assertEqual([d.export_contract for d in note.items], [a.name])
		self.assertEqual(note.export_contract, a.name)
		# one shipment notice for both (one sales invoice), collected whole at 7.20
		notice = make_notice(ATLANTIC, [(a, 1, 1000), (b, 1, 500)])
		invoice = invoice_of(notice)
		pe = make_collection(invoice, 3250 + 2000, 7.2)
		self.assertFalse(pe.export_contract)
		# a freight journal entry for A, and a supplier invoice for A that was cancelled
		freight = journal([(FREIGHT, 1200, 0, a.name), (f"Cash - {COMPANY_ABBR}", 0, 1200, None)])
		bill([("FTC-TOWEL-RED", 50, 15, a.name)]).cancel()

		got = self.assertConserved([a, b], vouchers_of(pi, note, invoice, pe, freight))
		A, B = got[a.name], got[b.name]
		# by hand: A bought 1,000 − 100 at 15.00 with 13 % VAT = 15,255; B 500 at 20.00 + VAT = 11,300
		self.assertEqual(flt(A.get("purchase")), 15255.00)
		self.assertEqual(flt(B.get("purchase")), 11300.00)
		# collected at 7.20 against 7.10: 3,250 × 0.10 and 2,000 × 0.10
		self.assertEqual(flt(A.get("exchange")), 325.00)
		self.assertEqual(flt(B.get("exchange")), 200.00)
		# the rebate: 9 % of 13,500 and 13 % of 10,000
		self.assertEqual((flt(A.get("rebate")), flt(B.get("rebate"))), (1215.00, 1300.00))
		# A: 23,075 − 15,255 − 1,200 + 325 + 1,215; B: 14,200 − 11,300 + 200 + 1,300
		self.assertEqual((flt(A.profit), flt(B.profit)), (8160.00, 4400.00))
		self.assertEqual(flt(A.profit + B.profit), 12560.00)
		self.assertFalse(any(got.get(None, rules.Profit()).amounts.values()))  # all of it is on A or B

		# the report says the same, and the contract's Profit tab
		from foreign_trade_crm.foreign_trade_crm.report.contract_profit.contract_profit import execute

		_columns, data, *_ = execute(frappe._dict(company=COMPANY, customer=ATLANTIC, contract=a.name))
		(row,) = [r for r in data if r.get("export_contract") == a.name]
		self.assertEqual((row["purchase"], row["exchange"], row["profit"]), (15255.00, 325.00, 8160.00))
		tab = profit_ledger.get_contract_profit(b.name)
		self.assertEqual(tab["profit"]["booked"], 4400.00)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_a_credit_note_made_the_erpnext_way_counts_against_the_contract_of_its_lines(self):
		"""Create → Return on a shipment invoice of three contracts, 20 units of the second contract's line."""
		one, two, three = self.contracts(
			("FTC-TOWEL-RED", 100, 3.25), ("FTC-ROBE-L", 100, 12.00), ("FTC-MAT-GREY", 100, 4.10)
		)
		notice = make_notice(ATLANTIC, [(one, 1, 100), (two, 1, 100), (three, 1, 100)])
		invoice = invoice_of(notice)
		note = credit_note(invoice, {2: 20})
		self.assertEqual([d.export_contract for d in note.items], [two.name])
		self.assertEqual(note.export_contract, two.name)
		got = self.assertConserved([one, two, three], vouchers_of(invoice, note))
		# 100 × 12.00 × 7.10 = 8,520 less 20 × 12.00 × 7.10 = 1,704
		self.assertEqual(flt(got[two.name].get("sales")), 6816.00)
		self.assertEqual(flt(got[one.name].get("sales")), 2307.50)
		self.assertEqual(flt(got[three.name].get("sales")), 2911.00)
		# a return against an invoice of no contract stays untagged
		source = frappe.get_doc("Sales Invoice", invoice)
		plain = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"customer": ATLANTIC,
				"company": COMPANY,
				"currency": source.currency,
				"conversion_rate": source.conversion_rate,
				"debit_to": source.debit_to,
				"items": [{"item_code": "FTC-TOWEL-RED", "qty": 10, "rate": 3.25}],
			}
		).insert(ignore_permissions=True)
		plain.submit()
		untagged = credit_note(plain.name, {1: 5})
		self.assertEqual([d.export_contract for d in untagged.items], [None])
		self.assertFalse(untagged.export_contract)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_a_debit_note_on_a_supplier_bill_of_two_contracts(self):
		a, b = self.contracts(("FTC-TOWEL-RED", 1000, 3.25), ("FTC-TOWEL-BLUE", 500, 4.00))
		pi = bill([("FTC-TOWEL-RED", 600, 15, a.name), ("FTC-TOWEL-BLUE", 400, 20, b.name)])
		note = debit_note(pi.name, {1: 60, 2: 40})
		self.assertEqual([d.export_contract for d in note.items], [a.name, b.name])
		self.assertFalse(note.export_contract)
		got = self.assertConserved([a, b], vouchers_of(pi, note))
		# A: (600 − 60) × 15 × 1.13 = 9,153; B: (400 − 40) × 20 × 1.13 = 8,136; rebates 9 % and 13 % of the net
		self.assertEqual(
			(flt(got[a.name].get("purchase")), flt(got[b.name].get("purchase"))), (9153.00, 8136.00)
		)
		self.assertEqual((flt(got[a.name].get("rebate")), flt(got[b.name].get("rebate"))), (729.00, 936.00))

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_bank_charges_deducted_and_two_partial_collections_at_two_rates(self):
		a, b = self.contracts(("FTC-TOWEL-RED", 1000, 3.00), ("FTC-TOWEL-BLUE", 1000, 1.00))
		notice = make_notice(ATLANTIC, [(a, 1, 1000), (b, 1, 1000)])
		invoice = invoice_of(notice)  # USD 4,000 at 7.10, A 3,000 and B 1,000
		first = collect(invoice, 2000, 7.20, charges=80)
		second = collect(invoice, 2000, 7.00, charges=40)
		got = self.assertConserved([a, b], vouchers_of(invoice, first, second))
		# exchange: 2,000 × 0.10 − 2,000 × 0.10 = 0 in all, shared 3 : 1 per collection
		self.assertEqual((flt(got[a.name].get("exchange")), flt(got[b.name].get("exchange"))), (0.0, 0.0))
		# bank charges 80 + 40 shared 3 : 1 (mapped as no kind: other costs)
		self.assertEqual((flt(got[a.name].get("other")), flt(got[b.name].get("other"))), (90.00, 30.00))

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_a_journal_entry_split_over_contracts_and_a_supplier_invoice_in_usd(self):
		a, b = self.contracts(("FTC-TOWEL-RED", 100, 3.25), ("FTC-TOWEL-BLUE", 100, 4.00))
		je = journal(
			[
				(FREIGHT, 700, 0, a.name),
				(FREIGHT, 300, 0, b.name),
				(FREIGHT, 50, 0, None),  # the forwarder's fee nobody tagged: on no contract
				(f"Cash - {COMPANY_ABBR}", 0, 1050, None),
			]
		)
		usd = bill(
			[("FTC-TOWEL-RED", 100, 2.00, a.name), ("FTC-TOWEL-BLUE", 100, 3.00, b.name)],
			supplier=USD_MILL,
			vat=0,
			currency="USD",
			rate=7.05,
		)
		got = self.assertConserved([a, b], vouchers_of(je, usd))
		self.assertEqual((flt(got[a.name].get("freight")), flt(got[b.name].get("freight"))), (700.00, 300.00))
		self.assertEqual(flt(got[None].get("freight")), 50.00)
		# the report shows it, below the contracts: what their vouchers book for no contract
		from foreign_trade_crm.foreign_trade_crm.report.contract_profit.contract_profit import execute

		_columns, data, *_ = execute(frappe._dict(company=COMPANY, customer=ATLANTIC, contract=a.name))
		self.assertEqual(
			[(r["export_contract"], r["freight"]) for r in data if r.get("rest")],
			[("Not on any contract", 50.00)],
		)
		# at the invoice's own 7.05: 200 × 7.05 and 300 × 7.05
		self.assertEqual(
			(flt(got[a.name].get("purchase")), flt(got[b.name].get("purchase"))), (1410.00, 2115.00)
		)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_an_invoice_from_the_apps_orders_of_two_contracts_and_what_is_committed(self):
		from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_invoice

		from foreign_trade_crm.services.purchasing import make_purchase_orders

		for item in ("FTC-TOWEL-RED", "FTC-TOWEL-BLUE"):
			set_default_supplier(item, MILL)
		a, b = self.contracts(("FTC-TOWEL-RED", 100, 3.25), ("FTC-TOWEL-BLUE", 200, 4.00))
		orders = []
		for contract, price in ((a, 15), (b, 20)):
			po = frappe.get_doc("Purchase Order", make_purchase_orders(contract.name)[0])
			po.items[0].rate = price
			po.save()
			po.submit()
			orders.append(po)
		# one invoice for both orders: 100 red and 150 of the 200 blue
		pi = make_purchase_invoice(orders[0].name)  # its header: the first order's contract
		for d in make_purchase_invoice(orders[1].name).items:
			d.idx = None
			pi.append("items", d)
		pi.items[1].qty = 150
		pi.append(
			"taxes",
			{
				"charge_type": "On Net Total",
				"account_head": VAT,
				"description": "VAT",
				"rate": 13,
				"category": "Total",
			},
		)
		pi.insert(ignore_permissions=True)
		pi.submit()
		self.assertEqual([d.export_contract for d in pi.items], [a.name, b.name])
		self.assertFalse(pi.export_contract)  # not the first order's: the VAT is the two contracts'
		got = self.assertConserved([a, b], vouchers_of(pi))
		self.assertEqual(
			(flt(got[a.name].get("purchase")), flt(got[b.name].get("purchase"))), (1695.00, 3390.00)
		)
		# B: 50 blue ordered and not billed are committed, at the order's 20.00 with VAT
		seen = profit.outlooks([b.name], got)[b.name]
		self.assertEqual(flt(seen.committed.get("purchase")), 1130.00)
		# the forecast: 3,390 booked + 1,130 committed, nothing left to order
		self.assertEqual(flt(seen.forecast.get("purchase")), 4520.00)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_cancelled_vouchers_count_for_nothing(self):
		a, b = self.contracts(("FTC-TOWEL-RED", 100, 3.25), ("FTC-TOWEL-BLUE", 100, 4.00))
		pi = bill([("FTC-TOWEL-RED", 100, 15, a.name), ("FTC-TOWEL-BLUE", 100, 20, b.name)])
		notice = make_notice(ATLANTIC, [(a, 1, 100), (b, 1, 100)])
		invoice = invoice_of(notice)
		pe = collect(invoice, 725, 7.2, charges=10)
		je = journal([(FREIGHT, 100, 0, a.name), (f"Cash - {COMPANY_ABBR}", 0, 100, None)])
		for doc in (pe, je, pi):
			doc.reload()
			doc.cancel()
		frappe.get_doc("Shipment Notice", notice.name).cancel()
		got = profit_ledger.actuals([a.name, b.name])
		for contract in (a.name, b.name, None):
			self.assertFalse(any((got.get(contract) or rules.Profit()).amounts.values()), contract)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_the_rebate_is_at_the_rate_the_purchase_was_submitted_at(self):
		(a,) = self.contracts(("FTC-TOWEL-RED", 1000, 3.25))
		bill([("FTC-TOWEL-RED", 1000, 15, a.name)])
		self.assertEqual(flt(profit_ledger.actuals([a.name])[a.name].get("rebate")), 1350.00)  # 9 % of 15,000
		frappe.db.set_value("Item", "FTC-TOWEL-RED", "export_rebate_rate", 13)
		try:
			self.assertEqual(flt(profit_ledger.actuals([a.name])[a.name].get("rebate")), 1350.00)
		finally:
			frappe.db.set_value("Item", "FTC-TOWEL-RED", "export_rebate_rate", 9)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_half_shipped_and_not_billed_never_shows_a_full_margin(self):
		from foreign_trade_crm.services.contract import countersign

		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)], submit=False, incoterm="FOB")
		a.items[0].purchase_rate = 15
		a.save()
		a.submit()
		countersign(a.name, countersigned_by="Buyer Signatory")
		make_notice(ATLANTIC, [(a, 1, 560)])
		tab = profit_ledger.get_contract_profit(a.name)
		self.assertEqual(tab["shipped_percent"], 56.0)
		# booked: sales only, a 100 % margin; on what has shipped: 560 × 15.00 × 1.13 of goods and their rebate
		rows = {r["kind"]: r for r in tab["rows"]}
		self.assertEqual(rows["purchase"]["on_shipped"], flt(560 * 15 * 1.13, 2))
		self.assertEqual(rows["rebate"]["on_shipped"], flt(560 * 15 * 0.09, 2))
		self.assertLess(tab["margin"]["on_shipped"], 50)
		# the forecast is the whole contract, as estimated: no variance yet
		self.assertEqual(tab["profit"]["variance"], 0)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_random_vouchers_of_one_to_five_contracts_conserve_the_ledger(self):
		"""Random bills, shipments, collections with charges and journals over 1–5 contracts: the contracts
		plus what no contract carries equal the ledger of those vouchers, kind by kind, to the cent."""
		rng = random.Random(20261206)
		contracts = random_contracts(rng)
		vouchers = []
		for _ in range(4):
			vouchers += random_round(rng, contracts)[0]
		self.assertConserved(contracts, vouchers)
