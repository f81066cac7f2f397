"""Trade claims against a real site: limits, the liability split, settling in ERPNext (seed 000 §6.6)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import flt, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER, EXPORT_SALES_USER
from foreign_trade_crm.foreign_trade_crm.report.trade_claim_analysis.trade_claim_analysis import (
	execute as analysis,
)
from foreign_trade_crm.tests.factories import (
	COMPANY,
	CUSTOMERS,
	make_claim,
	make_claim_account,
	make_collection,
	make_contract,
	make_desk_user,
	make_notice,
)

ATLANTIC = CUSTOMERS[0][0]
SALES_USER = "claims.sales@example.com"
MANAGER = "claims.manager@example.com"


def erpnext_outstanding(invoice: str) -> float:
	"""The invoice's outstanding in its currency, from ERPNext's own Accounts Receivable report."""
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as ar_execute

	_columns, data, *_ = ar_execute(
		{
			"company": COMPANY,
			"report_date": nowdate(),
			"party_type": "Customer",
			"party": [ATLANTIC],
			"ageing_based_on": "Due Date",
			"range": "30, 60, 90, 120",
			"in_party_currency": 1,
		}
	)
	return sum(flt(r.get("outstanding")) for r in data if r.get("voucher_no") == invoice)


def agree(claim, agreed, customer=0, company=100, third=0, method="Credit Note", **kw):
	claim.reload()
	claim.update(
		{
			"agreed_amount": agreed,
			"customer_percent": customer,
			"company_percent": company,
			"third_party_percent": third,
			"settlement_method": method,
			**kw,
		}
	)
	claim.save()
	claim.submit()
	return claim


class TestTradeClaim(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_desk_user(SALES_USER, [EXPORT_SALES_USER])
		make_desk_user(MANAGER, [EXPORT_SALES_MANAGER, "Accounts User"])
		cls.contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 200, 12.8)])
		cls.notice = make_notice(ATLANTIC, [(cls.contract, 1, 500), (cls.contract, 2, 100)])
		cls.invoice = cls.notice.sales_invoice
		if not frappe.db.exists("Supplier", "FTC Ocean Carrier"):
			frappe.get_doc(
				{
					"doctype": "Supplier",
					"supplier_name": "FTC Ocean Carrier",
					"supplier_group": "All Supplier Groups",
				}
			).insert(ignore_permissions=True)
		make_claim_account()

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_lines_are_filled_from_the_shipment_not_the_form(self):
		claim = make_claim(self.notice, [(1, 20, 65)])
		line = claim.items[0]
		self.assertEqual(
			(
				line.item_code,
				line.customer_item_code,
				line.export_contract,
				line.sales_invoice,
				line.shipped_qty,
			),
			("FTC-TOWEL-RED", "ATL-TOWEL-RED", self.contract.name, self.invoice, 500),
		)
		self.assertEqual(
			(claim.customer, claim.company, claim.currency, claim.status), (ATLANTIC, COMPANY, "USD", "Open")
		)
		self.assertEqual(claim.claimed_amount, 65)

	def test_claimed_qty_cannot_pass_the_shipped_qty_even_over_several_claims(self):
		with self.assertRaisesRegex(frappe.ValidationError, "more than the 500 shipped"):
			make_claim(self.notice, [(1, 501, 100)])
		first = make_claim(self.notice, [(2, 60, 300)])
		with self.assertRaisesRegex(frappe.ValidationError, "more than the 100 shipped"):
			make_claim(self.notice, [(2, 41, 100)])
		make_claim(self.notice, [(2, 40, 100)]).delete()
		first.delete()

	def test_a_claim_on_a_cancelled_shipment_is_refused(self):
		notice = make_notice(ATLANTIC, [(self.contract, 1, 10)])
		notice.cancel()
		with self.assertRaises(frappe.CancelledLinkError):
			make_claim(notice, [(1, 5, 10)])
		draft = make_notice(ATLANTIC, [(self.contract, 1, 10)], submit=False)
		with self.assertRaisesRegex(
			frappe.ValidationError, "only be raised against a submitted Shipment Notice"
		):
			make_claim(draft, [(1, 5, 10)])
		self.assertFalse(
			frappe.db.exists("Trade Claim", {"shipment_notice": ("in", [notice.name, draft.name])})
		)

	def test_a_split_that_does_not_total_100_is_refused_and_nothing_is_agreed(self):
		claim = make_claim(self.notice, [(1, 10, 50)])
		with self.assertRaisesRegex(frappe.ValidationError, "must total 100%"):
			agree(claim, 40, customer=50, company=40)
		self.assertEqual(frappe.db.get_value("Trade Claim", claim.name, ["docstatus", "status"]), (0, "Open"))
		with self.assertRaisesRegex(frappe.ValidationError, "more than the claimed amount"):
			agree(claim, 50.01, company=100)
		claim.reload()
		claim.delete()

	def test_awkward_amount_split_to_the_cent_sums_exactly(self):
		claim = make_claim(self.notice, [(1, 100, 800), (2, 50, 400)])
		agree(
			claim,
			1000.01,
			customer=33.33,
			company=33.33,
			third=33.34,
			third_party_type="Carrier",
			third_party="FTC Ocean Carrier",
		)
		self.assertEqual(
			(claim.customer_amount, claim.company_amount, claim.third_party_amount), (333.30, 333.30, 333.41)
		)
		self.assertEqual(
			flt(claim.customer_amount + claim.company_amount + claim.third_party_amount, 2), 1000.01
		)
		self.assertEqual((claim.status, claim.agreed_by), ("Agreed", "Administrator"))
		claim.cancel()

	def test_settling_by_credit_note_reduces_what_erpnext_says_is_owed(self):
		before = erpnext_outstanding(self.invoice)
		claim = agree(make_claim(self.notice, [(1, 30, 97.5)]), 90, customer=40, company=60)
		self.assertEqual(claim.company_amount, 54)
		frappe.set_user(MANAGER)
		note = claim.settle()
		frappe.set_user("Administrator")
		cn = frappe.get_doc("Sales Invoice", note)
		self.assertEqual(
			(cn.docstatus, cn.is_return, cn.return_against, cn.trade_claim, cn.grand_total),
			(1, 1, self.invoice, claim.name, -54),
		)
		claim.reload()
		self.assertEqual(
			(claim.status, claim.settlement_doctype, claim.settlement_document, claim.settled_by),
			("Settled", "Sales Invoice", note, MANAGER),
		)
		self.assertAlmostEqual(erpnext_outstanding(self.invoice), before - 54, places=2)
		# the contract's profit bears it: the note's line and ledger carry the contract
		self.assertEqual({d.export_contract for d in cn.items}, {self.contract.name})
		self.assertEqual(
			frappe.db.get_value(
				"GL Entry",
				{"voucher_no": note, "is_cancelled": 0, "debit": (">", 0)},
				"export_contract",
			),
			self.contract.name,
		)
		# the claim cannot be cancelled while its credit note stands
		with self.assertRaises(frappe.LinkExistsError):
			claim.cancel()

	def test_a_credit_note_reduces_a_partly_collected_invoice(self):
		"""Guards against this: collected in part, then a claim settled by credit note: the note must reduce the
		invoice's outstanding, not stand alone as a second, negative receivable."""
		from foreign_trade_crm.services.receivables import voucher_rows

		notice = make_notice(ATLANTIC, [(self.contract, 1, 400)])  # 400 x 3.25 = 1,300 USD
		make_collection(notice.sales_invoice, 1000, 7.05)  # 300 left, less than the whole invoice
		claim = agree(make_claim(notice, [(1, 20, 65)]), 65, company=100)
		frappe.set_user(MANAGER)
		note = frappe.get_doc("Sales Invoice", claim.settle())
		frappe.set_user("Administrator")
		self.assertEqual((note.update_outstanding_for_self, note.grand_total), (0, -65))
		self.assertEqual(
			frappe.db.get_value("Sales Invoice", notice.sales_invoice, "outstanding_amount"), 235
		)
		self.assertAlmostEqual(erpnext_outstanding(notice.sales_invoice), 235, places=2)
		self.assertEqual(erpnext_outstanding(note.name), 0)
		# the app's receivables: one row for the invoice, none for the note
		rows = {r.voucher_no: r for r in voucher_rows({"company": COMPANY, "customer": ATLANTIC})}
		self.assertAlmostEqual(rows[notice.sales_invoice].unpaid, 235, places=2)
		self.assertNotIn(note.name, rows)

	def test_the_line_picker_tells_the_same_item_of_two_contracts_apart(self):
		"""Guards against this: the same item shipped on two contracts showed as two identical rows."""
		from foreign_trade_crm.foreign_trade_crm.doctype.trade_claim.trade_claim import get_notice_lines

		other = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.3)], buyer_contract_no="PO-PICKER-2")
		notice = make_notice(ATLANTIC, [(self.contract, 1, 10), (other, 1, 20)])
		lines = get_notice_lines(notice.name)
		self.assertEqual(
			{(r["item_code"], r["export_contract"], r["buyer_contract_no"], r["shipped_qty"]) for r in lines},
			{
				("FTC-TOWEL-RED", self.contract.name, self.contract.buyer_contract_no, 10),
				("FTC-TOWEL-RED", other.name, "PO-PICKER-2", 20),
			},
		)

	def test_settling_by_refund_makes_a_journal_entry_crediting_the_buyer(self):
		claim = agree(make_claim(self.notice, [(2, 5, 64)]), 64, company=100, method="Refund")
		entry = frappe.get_doc("Journal Entry", claim.settle())
		self.assertEqual((entry.docstatus, entry.trade_claim), (1, claim.name))
		credit = next(a for a in entry.accounts if a.party == ATLANTIC)
		self.assertEqual((credit.credit_in_account_currency, credit.exchange_rate), (64, 7.1))
		self.assertEqual(next(a for a in entry.accounts if not a.party).debit, flt(64 * 7.1, 2))
		self.assertEqual(next(a for a in entry.accounts if not a.party).export_contract, self.contract.name)

	def test_replacement_goods_settle_without_an_accounting_document(self):
		claim = agree(make_claim(self.notice, [(2, 1, 12.8)]), 12.8, method="Replacement Goods")
		self.assertIsNone(claim.settle())
		self.assertEqual(frappe.db.get_value("Trade Claim", claim.name, "status"), "Settled")

	def test_rejected_claim_is_closed_and_frees_its_qty(self):
		claim = make_claim(self.notice, [(1, 400, 100)])
		claim.start_review()
		self.assertEqual((claim.status, claim.reviewed_by), ("Under Review", "Administrator"))
		claim.reject("Damage happened after delivery")
		claim.reload()
		self.assertEqual(
			(claim.docstatus, claim.status, claim.rejection_reason),
			(1, "Rejected", "Damage happened after delivery"),
		)
		make_claim(self.notice, [(1, 400, 100)]).delete()

	def test_sales_user_raises_claims_but_only_a_manager_agrees_them(self):
		frappe.set_user(SALES_USER)
		claim = make_claim(self.notice, [(1, 1, 3.25)])
		claim.update({"agreed_amount": 3.25, "company_percent": 100, "settlement_method": "Credit Note"})
		claim.save()
		with self.assertRaises(frappe.PermissionError):
			claim.submit()
		with self.assertRaises(frappe.PermissionError):
			claim.reject("no")
		frappe.set_user(MANAGER)
		claim = frappe.get_doc("Trade Claim", claim.name)
		claim.submit()
		self.assertEqual(claim.status, "Agreed")
		frappe.set_user("Administrator")
		claim.cancel()

	def test_analysis_report_by_item_and_share_of_shipped(self):
		claim = agree(make_claim(self.notice, [(1, 10, 32.5), (2, 10, 128)]), 160.5, company=50, customer=50)
		_columns, data, *_ = analysis({"company": COMPANY, "group_by": "Item", "customer": ATLANTIC})
		rows = {r["group"]: r for r in data if not r.get("is_total_row")}
		self.assertIn("FTC-ROBE-L", rows)
		robe = rows["FTC-ROBE-L"]
		self.assertGreaterEqual(robe["claimed"], flt(128 * 7.1, 2))
		shipped = frappe.db.sql(
			"""select sum(sni.amount * sn.conversion_rate) from `tabShipment Notice Item` sni
			join `tabShipment Notice` sn on sn.name = sni.parent
			where sn.docstatus = 1 and sn.customer = %s and sni.item_code = 'FTC-ROBE-L'""",
			ATLANTIC,
		)[0][0]
		self.assertAlmostEqual(robe["shipped"], flt(shipped), places=2)
		self.assertAlmostEqual(
			robe["claimed_percent"], flt(robe["claimed"] * 100 / flt(shipped), 2), places=2
		)
		claim.cancel()
