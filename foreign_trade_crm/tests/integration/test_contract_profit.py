"""Contract profit: the estimate kept on the contract, the actual from the ledger by the Export
Contract dimension, to the cent against a hand computation, and who may see it."""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import flt, nowdate

from foreign_trade_crm.constants.roles import EXPORT_ACCOUNTS_USER, EXPORT_SALES_MANAGER, EXPORT_SALES_USER
from foreign_trade_crm.services import dimension, profit_backfill, profit_ledger
from foreign_trade_crm.services.contract import countersign
from foreign_trade_crm.tests.factories import (
	COMPANY,
	COMPANY_ABBR,
	CUSTOMERS,
	make_collection,
	make_contract,
	make_desk_user,
	make_notice,
	make_supplier,
)

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]
SUPPLIER = "FTC Profit Mill"
FREIGHT_ACCOUNT = f"Freight and Forwarding Charges - {COMPANY_ABBR}"
BANK_CHARGES = f"Bank Charges - {COMPANY_ABBR}"
VAT = f"VAT - {COMPANY_ABBR}"
SETTINGS = {"vat_rebate": 1, "purchase_vat_percent": 13}
COST_ACCOUNTS = [
	{"account": FREIGHT_ACCOUNT, "cost_kind": "Freight"},
	{"account": BANK_CHARGES, "cost_kind": "Other Costs"},
]


def make_account(name: str, parent_like: str) -> str:
	full = f"{name} - {COMPANY_ABBR}"
	if not frappe.db.exists("Account", full):
		parent = frappe.db.get_value(
			"Account", {"company": COMPANY, "is_group": 1, "account_name": parent_like}, "name"
		)
		frappe.get_doc(
			{"doctype": "Account", "account_name": name, "company": COMPANY, "parent_account": parent}
		).insert(ignore_permissions=True)
	return full


def make_service_item(item_code: str) -> str:
	if not frappe.db.exists("Item", item_code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": item_code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_purchase_item": 1,
			}
		).insert(ignore_permissions=True)
	return item_code


def make_purchase_invoice(lines, contract: str, taxes_percent: float = 0, expense_account=None):
	"""lines: (item_code, qty, rate); every line tagged with ``contract`` as its user would tag it."""
	pi = frappe.get_doc(
		{
			"doctype": "Purchase Invoice",
			"supplier": SUPPLIER,
			"company": COMPANY,
			"posting_date": nowdate(),
			"currency": "CNY",
			"items": [
				{
					"item_code": item_code,
					"qty": qty,
					"rate": rate,
					"export_contract": contract,
					**({"expense_account": expense_account} if expense_account else {}),
				}
				for item_code, qty, rate in lines
			],
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": VAT,
					"description": "VAT 13%",
					"rate": taxes_percent,
					"category": "Total",
					"add_deduct_tax": "Add",
				}
			]
			if taxes_percent
			else [],
		}
	)
	pi.insert(ignore_permissions=True)
	pi.submit()
	return pi


class TestContractProfit(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		dimension.ensure_dimension()
		make_supplier(SUPPLIER)
		make_account("Bank Charges", "Indirect Expenses")
		make_service_item("FTC-SEA-FREIGHT")
		frappe.db.set_value("Item", "FTC-TOWEL-RED", "export_rebate_rate", 9)
		frappe.db.set_value("Item", "FTC-TOWEL-BLUE", "export_rebate_rate", 13)
		settings = frappe.get_single("Foreign Trade Settings")
		cls.cost_accounts = [d.as_dict() for d in settings.profit_cost_accounts]
		settings.set("profit_cost_accounts", COST_ACCOUNTS)
		settings.save(ignore_permissions=True)

	@classmethod
	def tearDownClass(cls):
		settings = frappe.get_single("Foreign Trade Settings")
		settings.set(
			"profit_cost_accounts",
			[{"account": d.account, "cost_kind": d.cost_kind} for d in cls.cost_accounts],
		)
		settings.save(ignore_permissions=True)
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_actual_profit_equals_the_hand_computation_to_the_cent(self):
		# a CIF contract: 1,000 towels at USD 3.25, rate 7.10; we expect to buy at CNY 15.00 net
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)], submit=False, incoterm="CIF")
		contract.items[0].purchase_rate = 15
		contract.save()
		contract.submit()
		countersign(contract.name, countersigned_by="Buyer Signatory")
		contract.reload()
		# the estimate, by hand: sales 3,250 × 7.10; purchase 15,000 + 13 % VAT; rebate 9 % of 15,000;
		# CIF defaults: freight 5 %, insurance 0.33 %, other 1 % of sales
		sales = 23075.00
		estimate = {
			"est_sales": sales,
			"est_purchase_cost": 16950.00,
			"est_vat_rebate": 1350.00,
			"est_freight": 1153.75,
			"est_insurance": 76.15,
			"est_other_costs": 230.75,
		}
		self.assertEqual({k: flt(contract.get(k)) for k in estimate}, estimate)
		est_profit = 23075 - 16950 - 1153.75 - 76.15 - 230.75 + 1350
		self.assertEqual(flt(contract.est_profit), flt(est_profit, 2))
		self.assertEqual(flt(contract.est_margin), flt(est_profit / sales * 100, 2))

		# what happens: two purchase invoices with 13 % VAT, a freight bill, a bank charge
		make_purchase_invoice([("FTC-TOWEL-RED", 600, 15.20)], contract.name, taxes_percent=13)
		make_purchase_invoice([("FTC-TOWEL-RED", 400, 15.00)], contract.name, taxes_percent=13)
		make_purchase_invoice([("FTC-SEA-FREIGHT", 1, 1150)], contract.name, expense_account=FREIGHT_ACCOUNT)
		charge = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": COMPANY,
				"posting_date": nowdate(),
				"accounts": [
					{
						"account": BANK_CHARGES,
						"debit_in_account_currency": 86.50,
						"export_contract": contract.name,
					},
					{"account": f"Cash - {COMPANY_ABBR}", "credit_in_account_currency": 86.50},
				],
			}
		).insert(ignore_permissions=True)
		charge.submit()
		# the shipment at the contract's 7.10, collected at 7.20: an exchange gain of 3,250 × 0.10
		notice = make_notice(ATLANTIC, [(contract, 1, 1000)])
		invoice = frappe.db.get_value("Sales Invoice", {"shipment_notice": notice.name, "docstatus": 1})
		self.assertEqual(frappe.db.get_value("Sales Invoice", invoice, "export_contract"), contract.name)
		payment = make_collection(invoice, 3250, 7.2)
		self.assertEqual(payment.export_contract, contract.name)

		act = profit_ledger.actuals([contract.name])[contract.name]
		net_purchase = 600 * 15.20 + 400 * 15.00  # 15,120.00
		by_hand = {
			"sales": 23075.00,
			"purchase": flt(net_purchase * 1.13, 2),  # 17,085.60 with the VAT paid
			"freight": 1150.00,
			"other": 86.50,
			"exchange": 325.00,
			"rebate": flt(net_purchase * 0.09, 2),  # 1,360.80
		}
		self.assertEqual({k: flt(v) for k, v in act.amounts.items() if v}, by_hand)
		actual_profit = 23075 - 17085.60 - 1150 - 86.50 + 325 + 1360.80
		self.assertEqual(flt(act.profit), flt(actual_profit, 2))  # 6,438.70

		shown = profit_ledger.get_contract_profit(contract.name)
		rows = {r["kind"]: r for r in shown["rows"]}
		self.assertEqual(rows["purchase"]["booked"], 17085.60)
		# all shipped and billed: the forecast is what is booked, but for the insurance no bill has come for,
		# which stays at its estimate; the variance is the forecast less the estimate
		self.assertEqual(rows["purchase"]["variance"], flt(17085.60 - 16950, 2))
		self.assertEqual(rows["freight"]["variance"], flt(1150 - 1153.75, 2))
		self.assertEqual((rows["insurance"]["forecast"], rows["insurance"]["variance"]), (76.15, 0))
		self.assertEqual(rows["other"]["variance"], flt(86.50 - 230.75, 2))
		self.assertEqual(rows["exchange"]["variance"], 325.00)
		forecast_profit = flt(actual_profit - 76.15, 2)
		self.assertEqual(shown["profit"]["forecast"], forecast_profit)
		self.assertEqual(shown["profit"]["variance"], flt(forecast_profit - est_profit, 2))
		self.assertEqual(shown["shipped_percent"], 100)

		# the report says the same, and a cancelled bill leaves it
		from foreign_trade_crm.foreign_trade_crm.report.contract_profit.contract_profit import execute

		_columns, data, *_ = execute(frappe._dict(company=COMPANY, contract=contract.name))
		(row,) = [r for r in data if r.get("export_contract") == contract.name]
		self.assertEqual(
			(row["sales"], row["purchase"], row["profit"], row["est_profit"], row["forecast_profit"]),
			(23075.00, 17085.60, flt(actual_profit, 2), flt(est_profit, 2), forecast_profit),
		)
		charge.cancel()
		self.assertEqual(profit_ledger.actuals([contract.name])[contract.name].get("other"), 0)

	def test_the_estimate_is_kept_as_it_was_submitted(self):
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-BLUE", 100, 3.25)], submit=False, incoterm="FOB")
		contract.items[0].purchase_rate = 10
		contract.save()
		contract.submit()
		kept = flt(contract.est_profit)
		# 325 × 7.10 − 1,000 × 1.13 − FOB other 1 % of sales + 13 % rebate of 1,000
		self.assertEqual(kept, flt(2307.50 - 1130 - 23.08 + 130, 2))
		frappe.db.set_value("Item", "FTC-TOWEL-BLUE", "export_rebate_rate", 0)
		try:
			contract.reload()
			contract.purchase_stage = contract.purchase_stage  # an update after submit
			contract.save()
			self.assertEqual(flt(frappe.db.get_value("Export Contract", contract.name, "est_profit")), kept)
		finally:
			frappe.db.set_value("Item", "FTC-TOWEL-BLUE", "export_rebate_rate", 13)

	def test_a_claim_settled_by_credit_note_is_the_contracts_cost(self):
		from foreign_trade_crm.services.claims import contract_shares

		claim = frappe._dict(
			company_amount=100.0,
			items=[
				frappe._dict(export_contract="EC-B", claimed_amount=2),
				frappe._dict(export_contract="EC-A", claimed_amount=1),
			],
		)
		self.assertEqual(contract_shares(claim), [("EC-A", 33.33), ("EC-B", 66.67)])

	def test_only_managers_and_accounts_users_see_profit(self):
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)])
		for role, allowed in (
			(EXPORT_SALES_MANAGER, True),
			(EXPORT_ACCOUNTS_USER, True),
			(EXPORT_SALES_USER, False),
		):
			user = make_desk_user(f"profit.{frappe.scrub(role)}@example.com", [role])
			frappe.set_user(user)
			if allowed:
				self.assertIn("profit", profit_ledger.get_contract_profit(contract.name))
			else:
				self.assertRaises(frappe.PermissionError, profit_ledger.get_contract_profit, contract.name)
				# nor through the form: the estimate fields are of a level they cannot read
				doc = frappe.get_doc("Export Contract", contract.name)
				doc.apply_fieldlevel_read_permissions()
				self.assertIsNone(doc.get("est_profit"))
				self.assertIsNone(doc.items[0].get("purchase_rate"))
				# nor through Frappe's list and report view
				from frappe.desk.reportview import get as reportview_get

				frappe.local.form_dict = frappe._dict(
					doctype="Export Contract",
					fields=["name", "est_profit", "est_purchase_cost"],
					filters={"name": contract.name},
				)
				shown = reportview_get()
				self.assertNotIn("est_profit", frappe.as_json(shown))
			frappe.set_user("Administrator")
		frappe.set_user(ATLANTIC_BUYER)
		self.assertRaises(frappe.PermissionError, profit_ledger.get_contract_profit, contract.name)

	def test_the_dimension_is_on_the_ledger_and_the_accounting_documents(self):
		for doctype in ("GL Entry", "Purchase Invoice Item", "Journal Entry Account", "Payment Entry"):
			self.assertTrue(frappe.get_meta(doctype).has_field("export_contract"), doctype)
		self.assertTrue(frappe.db.exists("Accounting Dimension", {"document_type": "Export Contract"}))


class TestLedgerWrittenBeforeTheDimension(FrappeTestCase):
	"""A site that used the app before contract profit: its shipment invoices, collections and exchange
	differences were written untagged; the upgrade patch tags them as they would have been written."""

	def untag(self, invoice: str, payment: str | None = None):
		frappe.db.set_value("Sales Invoice", invoice, "export_contract", None)
		frappe.db.sql("update `tabGL Entry` set export_contract = null where voucher_no = %s", invoice)
		if payment:
			frappe.db.set_value("Payment Entry", payment, "export_contract", None)
			journals = frappe.get_all(
				"Journal Entry Account", filters={"reference_name": invoice}, pluck="parent", distinct=True
			)
			for voucher in [payment, *journals]:
				frappe.db.sql(
					"update `tabGL Entry` set export_contract = null where voucher_no = %s", voucher
				)
			frappe.db.sql(
				"update `tabJournal Entry Account` set export_contract = null where parent in %s",
				[tuple(journals) or ("",)],
			)

	def test_the_upgrade_tags_what_was_written_untagged_and_splits_invoices_of_two_contracts(self):
		frappe.set_user("Administrator")
		dimension.ensure_dimension()
		one = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		two = make_contract(ATLANTIC, [("FTC-ROBE-L", 10, 12.80)])
		alone = make_notice(ATLANTIC, [(one, 1, 100)])
		both = make_notice(ATLANTIC, [(one, 1, 5), (two, 1, 10)])
		alone_invoice = frappe.db.get_value("Sales Invoice", {"shipment_notice": alone.name, "docstatus": 1})
		both_invoice = frappe.db.get_value("Sales Invoice", {"shipment_notice": both.name, "docstatus": 1})
		payment = make_collection(alone_invoice, 325, 7.2)
		before = profit_ledger.actuals([one.name, two.name])
		self.assertEqual(flt(before[one.name].get("exchange")), 32.5)  # 325 × (7.20 − 7.10)

		self.untag(alone_invoice, payment.name)
		frappe.db.sql("update `tabGL Entry` set export_contract = null where voucher_no = %s", both_invoice)
		# even untagged, the invoice of two contracts is shared by its lines (all on one income account)
		self.assertEqual(
			flt(profit_ledger.actuals([one.name, two.name])[two.name].get("sales")), flt(10 * 12.8 * 7.1, 2)
		)

		done = profit_backfill.tag_existing_ledger()
		self.assertGreaterEqual(done["Sales Invoices reposted"], 1)
		after = profit_ledger.actuals([one.name, two.name])
		for contract in (one.name, two.name):
			self.assertEqual(after[contract].amounts, before[contract].amounts, contract)
		# contract one: 105 towels at 3.25 × 7.10; two: 10 robes at 12.80 × 7.10
		self.assertEqual(flt(after[one.name].get("sales")), flt(105 * 3.25 * 7.1, 2))
		self.assertEqual(flt(after[two.name].get("sales")), flt(10 * 12.8 * 7.1, 2))
		# and again: nothing more
		again = profit_backfill.tag_existing_ledger()
		self.assertEqual(again["Sales Invoices reposted"], 0)
		self.assertEqual(
			profit_ledger.actuals([one.name, two.name])[one.name].amounts, after[one.name].amounts
		)

	def test_the_upgrade_tags_credit_notes_made_before_with_the_contracts_of_their_lines(self):
		"""A credit note made the ERPNext way before returns kept their contract: lines and ledger untagged.
		The patch tags its lines from the lines they return, and ERPNext reposts its ledger."""
		from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

		frappe.set_user("Administrator")
		dimension.ensure_dimension()
		one = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		two = make_contract(ATLANTIC, [("FTC-ROBE-L", 10, 12.80)])
		both = make_notice(ATLANTIC, [(one, 1, 100), (two, 1, 10)])
		invoice = frappe.db.get_value("Sales Invoice", {"shipment_notice": both.name, "docstatus": 1})
		note = make_sales_return(invoice)
		note.items = note.items[1:]
		note.items[0].qty = -4
		note.update_outstanding_for_self = 0
		note.insert()
		note.submit()
		# as the old code left it
		frappe.db.sql(
			"update `tabSales Invoice Item` set export_contract = null where parent = %s", note.name
		)
		frappe.db.set_value("Sales Invoice", note.name, "export_contract", None)
		frappe.db.sql("update `tabGL Entry` set export_contract = null where voucher_no = %s", note.name)
		self.assertEqual(
			flt(profit_ledger.actuals([two.name])[two.name].get("sales")), flt(10 * 12.8 * 7.1, 2)
		)

		done = profit_backfill.tag_existing_ledger()
		self.assertGreaterEqual(done["Sales Invoice Item of returns"], 1)
		self.assertEqual(frappe.db.get_value("Sales Invoice", note.name, "export_contract"), two.name)
		# 10 robes less the 4 returned, at 12.80 × 7.10
		self.assertEqual(
			flt(profit_ledger.actuals([two.name])[two.name].get("sales")), flt(6 * 12.8 * 7.1, 2)
		)
		self.assertEqual(
			flt(profit_ledger.actuals([one.name])[one.name].get("sales")), flt(100 * 3.25 * 7.1, 2)
		)

	def test_contracts_submitted_before_get_the_estimate_they_would_have_had(self):
		frappe.set_user("Administrator")
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-BLUE", 200, 3.25)], submit=False, incoterm="CIF")
		contract.items[0].purchase_rate = 12
		contract.save()
		contract.submit()
		kept = {
			k: flt(contract.get(k)) for k in ("est_sales", "est_purchase_cost", "est_freight", "est_profit")
		}
		frappe.db.sql(
			"""update `tabExport Contract` set est_sales = 0, est_purchase_cost = 0, est_freight = 0,
			est_profit = 0 where name = %s""",
			contract.name,
		)
		self.assertGreaterEqual(profit_backfill.estimate_existing_contracts(), 1)
		contract.reload()
		self.assertEqual({k: flt(contract.get(k)) for k in kept}, kept)
