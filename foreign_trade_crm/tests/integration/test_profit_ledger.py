"""The contract profit the app keeps as vouchers are posted (``services.profit_ledger``) is the ledger's: on
random vouchers of one to five contracts, posted and cancelled, what is kept equals what the ledger says when
read again, contract by contract and for what no contract carries, to the cent; settings changed, the ledger
is read again; anything kept wrong is found and put right by the daily check; a year closed by ERPNext's
Period Closing Voucher leaves every contract's profit as it was."""

import random
import time

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import flt, getdate, nowdate

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.services import dimension, profit, profit_ledger
from foreign_trade_crm.tests.factories import COMPANY, COMPANY_ABBR, make_contract, make_notice
from foreign_trade_crm.tests.integration.test_concurrency import post, results_of
from foreign_trade_crm.tests.integration.test_contract_profit_vouchers import (
	ATLANTIC,
	BANK_CHARGES,
	FREIGHT,
	SETTINGS,
	VoucherWorld,
	bill,
	invoice_of,
	journal,
	ledger,
	random_contracts,
	random_round,
)


class TestKeptProfit(VoucherWorld):
	def assertKeptIsTheLedger(self, contracts):
		"""What is kept, as the report reads it, equals the ledger read again, kind by kind."""
		names = [c.name for c in contracts]
		kept = profit_ledger.actuals(names)
		basis = profit.ledger_terms().basis
		self.assertEqual(
			set(frappe.get_all("Export Contract", {"name": ("in", names)}, pluck="booked_basis")), {basis}
		)
		live = profit.live_actuals(names)
		for key in set(kept) | set(live):
			for kind in rules.KINDS:
				self.assertEqual(
					flt((kept.get(key) or rules.Profit()).get(kind), 2),
					flt((live.get(key) or rules.Profit()).get(kind), 2),
					(key, kind),
				)
		return kept

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_kept_profit_is_the_ledger_on_random_vouchers_posted_and_cancelled(self):
		rng = random.Random(20261207)
		contracts = random_contracts(rng)
		# kept when submitted, before any voucher: nought, under today's basis
		self.assertKeptIsTheLedger(contracts)
		vouchers, cancellable = [], []
		for _ in range(3):
			posted, pi, pe = random_round(rng, contracts, no_contract_share=0.6, least_charge=1)
			vouchers += posted
			cancellable += [pe, pi]
			self.assertKeptIsTheLedger(contracts)
		# the contracts plus what none carries are the ledger of those vouchers
		kept = self.assertKeptIsTheLedger(contracts)
		self.assertIn(rules.NONE, kept)  # the lines of no contract and the journals' untagged freight
		whole = rules.Profit()
		for figures in kept.values():
			whole.merge(figures)
		books = ledger(vouchers)
		for kind in rules.KINDS:
			self.assertEqual(flt(whole.get(kind), 2), flt(books.get(kind), 2), kind)
		# a collection and a bill cancelled: their reversing rows keep their contracts anew
		for doc in cancellable[:2]:
			doc.reload()
			doc.cancel()
		self.assertKeptIsTheLedger(contracts)
		self.assertEqual(profit_ledger.check(repair=False)["wrong"], [])

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_an_advance_reconciled_later_moves_its_charges_to_the_contracts(self):
		"""An advance collected with bank charges deducted touches no contract; reconciled later (ERPNext's
		Payment Reconciliation, which changes the collection after it was submitted, posting nothing) against
		an invoice of two contracts, its charges are theirs, in the invoice's proportions; unreconciled, none of
		theirs again."""
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
		from erpnext.accounts.party import get_party_account

		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)], incoterm="FOB")
		b = make_contract(ATLANTIC, [("FTC-TOWEL-BLUE", 500, 4.0)], incoterm="FOB")
		invoice = invoice_of(make_notice(ATLANTIC, [(a, 1, 1000), (b, 1, 500)]))  # USD 3,250 + 2,000
		# the advance: USD 1,000 at 7.10, CNY 21 of bank charges deducted, settling nothing yet
		pe = get_payment_entry("Sales Invoice", invoice, party_amount=1000)
		pe.references = []
		pe.reference_no, pe.reference_date = f"ADV-{invoice}", nowdate()
		pe.source_exchange_rate = 7.1
		pe.paid_amount = 1000
		pe.received_amount = 7100 - 21
		pe.insert(ignore_permissions=True)
		(row,) = [d for d in pe.deductions if d.is_exchange_gain_loss]
		row.account = BANK_CHARGES
		pe.save(ignore_permissions=True)
		pe.submit()
		before = self.assertKeptIsTheLedger([a, b])
		# settling nothing, the advance touches no contract: its charges are none of theirs
		for key in (a.name, b.name, rules.NONE):
			self.assertEqual(flt((before.get(key) or rules.Profit()).get(rules.OTHER)), 0, key)

		pr = frappe.new_doc("Payment Reconciliation")
		pr.company, pr.party_type, pr.party = COMPANY, "Customer", ATLANTIC
		pr.receivable_payable_account = get_party_account("Customer", ATLANTIC, COMPANY)
		pr.invoice_name, pr.payment_name = invoice, pe.name
		pr.get_unreconciled_entries()
		invoices = [d.as_dict() for d in pr.invoices if d.invoice_number == invoice]
		payments = [d.as_dict() for d in pr.payments if d.reference_name == pe.name]
		self.assertEqual((len(invoices), len(payments)), (1, 1), (pr.invoices, pr.payments))
		pr.allocate_entries(frappe._dict(invoices=invoices, payments=payments))
		pr.reconcile()
		self.assertEqual(
			frappe.get_all("Payment Entry Reference", {"parent": pe.name}, pluck="reference_name"), [invoice]
		)
		after = self.assertKeptIsTheLedger([a, b])
		# the invoice is 3,250 of A and 2,000 of B: the CNY 21 split 13.00 and 8.00
		self.assertEqual(flt(after[a.name].get(rules.OTHER)), 13.0)
		self.assertEqual(flt(after[b.name].get(rules.OTHER)), 8.0)
		self.assertEqual(flt((after.get(rules.NONE) or rules.Profit()).get(rules.OTHER)), 0)
		# unreconciled (ERPNext's Unreconcile Payment): the advance settles nothing again
		undo = frappe.get_doc(
			{
				"doctype": "Unreconcile Payment",
				"company": COMPANY,
				"voucher_type": "Payment Entry",
				"voucher_no": pe.name,
			}
		)
		undo.add_references()
		undo.insert(ignore_permissions=True)
		undo.submit()
		again = self.assertKeptIsTheLedger([a, b])
		for key in (a.name, b.name):
			self.assertEqual(flt((again.get(key) or rules.Profit()).get(rules.OTHER)), 0, key)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_what_is_kept_wrong_is_found_and_put_right(self):
		a, b = (
			make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)], incoterm="FOB"),
			make_contract(ATLANTIC, [("FTC-TOWEL-BLUE", 500, 4.0)], incoterm="FOB"),
		)
		bill(
			[
				("FTC-TOWEL-RED", 1000, 15, a.name),
				("FTC-TOWEL-BLUE", 500, 20, b.name),
				("FTC-MAT-GREY", 10, 3, None),
			]
		)
		right = self.assertKeptIsTheLedger([a, b])
		# a figure changed behind the app's back, and a remainder lost
		frappe.db.sql("update `tabExport Contract` set booked_purchase_cost = 1 where name = %s", a.name)
		frappe.db.sql("delete from `tabContract Voucher Remainder` where export_contract = %s", b.name)
		frappe.db.sql("delete from `tabContract Voucher Remainder` where export_contract = %s", a.name)
		self.assertNotEqual(
			profit_ledger.actuals([a.name])[a.name].get(rules.PURCHASE), right[a.name].get(rules.PURCHASE)
		)
		errors = frappe.db.count("Error Log", {"method": "Contract profit kept wrong"})
		found = profit_ledger.check(repair=True)
		self.assertIn(a.name, found["wrong"])
		self.assertNotIn(b.name, found["wrong"])
		self.assertTrue(found["remainders_differ"])
		self.assertEqual(frappe.db.count("Error Log", {"method": "Contract profit kept wrong"}), errors + 1)
		self.assertEqual(profit_ledger.actuals([a.name, b.name])[a.name].amounts, right[a.name].amounts)
		self.assertKeptIsTheLedger([a, b])
		self.assertEqual(profit_ledger.check(repair=False)["wrong"], [])

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_kept_under_other_settings_the_ledger_is_read_again(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)], incoterm="FOB")
		journal([(FREIGHT, 300, 0, a.name), (f"Cash - {COMPANY_ABBR}", 0, 300, None)])
		self.assertEqual(flt(profit_ledger.actuals([a.name])[a.name].get(rules.FREIGHT)), 300)
		# the freight account mapped to other costs: the kept figure is of the old basis, so not read
		settings = frappe.get_single("Foreign Trade Settings")
		settings.set("profit_cost_accounts", [{"account": FREIGHT, "cost_kind": "Other Costs"}])
		settings.save(ignore_permissions=True)
		now = profit_ledger.actuals([a.name])[a.name]
		self.assertEqual(flt(now.get(rules.FREIGHT)), 0)
		self.assertEqual(flt(now.get(rules.OTHER)), 300)
		self.assertNotEqual(
			frappe.db.get_value("Export Contract", a.name, "booked_basis"), profit.ledger_terms().basis
		)
		self.assertGreaterEqual(profit_ledger.rebuild(stale_only=True, commit=False), 1)
		self.assertKeptIsTheLedger([a])
		self.assertEqual(flt(frappe.db.get_value("Export Contract", a.name, "booked_other_costs")), 300)


class TestYearClosed(FrappeTestCase):
	"""ERPNext's Period Closing Voucher moves each dimension's profit and loss to equity: tagged with the
	contract, it would make every contract's profit read nought once a year is closed."""

	def test_a_closed_year_leaves_each_contracts_profit(self):
		frappe.set_user("Administrator")
		dimension.ensure_dimension()
		if frappe.db.exists("Period Closing Voucher", {"docstatus": 1, "company": COMPANY}):
			self.skipTest("the test company's books are closed already")
		frappe.db.savepoint("before_closing")
		try:
			a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], incoterm="FOB")
			journal([(FREIGHT, 300, 0, a.name), (f"Cash - {COMPANY_ABBR}", 0, 300, None)])
			before = profit_ledger.actuals([a.name])[a.name]
			self.assertEqual(flt(before.profit), -300)
			year, start, end = frappe.db.get_value(
				"Fiscal Year",
				{"year_start_date": ("<=", nowdate()), "year_end_date": (">=", nowdate())},
				["name", "year_start_date", "year_end_date"],
			)
			closing = frappe.get_doc(
				{
					"doctype": "Period Closing Voucher",
					"company": COMPANY,
					"fiscal_year": year,
					"transaction_date": nowdate(),
					"period_start_date": start,
					"period_end_date": min(end, getdate(nowdate())),
					"closing_account_head": frappe.db.get_value(
						"Account", {"company": COMPANY, "root_type": "Equity", "is_group": 0}
					),
					"remarks": "year closed",
				}
			).insert(ignore_permissions=True)
			closing.submit()
			self.assertTrue(
				frappe.db.exists(
					"GL Entry", {"voucher_type": "Period Closing Voucher", "export_contract": a.name}
				)
			)
			for figures in (profit_ledger.actuals([a.name])[a.name], profit.live_actuals([a.name])[a.name]):
				self.assertEqual(
					[figures.get(kind) for kind in rules.KINDS], [before.get(kind) for kind in rules.KINDS]
				)
		finally:
			frappe.db.rollback(save_point="before_closing")


def post_at_once(doctype: str, first: str, second: str) -> list[dict]:
	"""The first draft is submitted and its transaction held 3 s; the second is submitted 1 s in and
	committed at once, each in its own process and connection."""
	start_at = time.time() + 3  # both processes are connected and waiting by then
	return results_of([post(doctype, first, start_at, hold=3), post(doctype, second, start_at + 1)])


class TestConcurrentPostings(FrappeTestCase):
	def test_two_postings_of_one_contract_at_once_are_both_kept(self):
		"""The second commits while the first is open: the first, which cannot see the second's voucher,
		adds only what its own changes, and the kept profit holds both."""
		frappe.set_user("Administrator")
		dimension.ensure_dimension()
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], incoterm="FOB")
		drafts = [
			journal(
				[(FREIGHT, amount, 0, contract.name), (f"Cash - {COMPANY_ABBR}", 0, amount, None)],
				submit=False,
			).name
			for amount in (100, 250)
		]
		frappe.db.commit()  # the workers see only committed rows
		try:
			results = post_at_once("Journal Entry", *drafts)
			self.assertTrue(all(r["ok"] for r in results), results)
			frappe.db.commit()  # a new transaction, which sees what the workers committed
			kept = profit_ledger.actuals([contract.name])[contract.name]
			self.assertEqual(flt(kept.profit), -350)
			self.assertEqual(
				[kept.get(kind) for kind in rules.KINDS],
				[profit.live_actuals([contract.name])[contract.name].get(kind) for kind in rules.KINDS],
			)
			self.assertEqual(frappe.db.get_value("Export Contract", contract.name, "booked_version"), 3)
			# kept wrong behind the app's back: the background keeping reads everything committed again
			frappe.db.sql(
				"update `tabExport Contract` set booked_other_costs = 1 where name = %s", contract.name
			)
			frappe.db.commit()
			profit_ledger.refresh_committed([contract.name])
			self.assertEqual(flt(profit_ledger.actuals([contract.name])[contract.name].profit), -350)
		finally:
			for name in drafts:
				doc = frappe.get_doc("Journal Entry", name)
				if doc.docstatus == 1:
					doc.cancel()
			frappe.db.commit()
