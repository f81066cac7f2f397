"""Export Receivables against a real ledger: per invoice, as of a date, and reconciled with ERPNext's AR."""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, flt, nowdate

from foreign_trade_crm.foreign_trade_crm.report.export_receivables.export_receivables import execute
from foreign_trade_crm.services.receivables import customer_risk
from foreign_trade_crm.tests.factories import (
	COMPANY,
	COMPANY_ABBR,
	CUSTOMERS,
	make_collection,
	make_contract,
	make_credit_note,
	make_notice,
)

ATLANTIC, RHEIN = CUSTOMERS[0][0], CUSTOMERS[1][0]
TODAY = nowdate()


def rows(**filters):
	_columns, data, *_ = execute({"company": COMPANY, "cutoff": TODAY, **filters})
	return [r for r in data if not r.get("is_total_row")]


def erpnext_ar_outstanding(cutoff):
	"""Outstanding per customer in company currency, from ERPNext's own Accounts Receivable report."""
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as ar_execute

	_columns, data, *_ = ar_execute(
		{
			"company": COMPANY,
			"report_date": cutoff,
			"party_type": "Customer",
			"ageing_based_on": "Due Date",
			"range": "30, 60, 90, 120",
		}
	)
	totals = {}
	for r in data:
		if isinstance(r, dict) and r.get("party"):
			totals[r["party"]] = flt(totals.get(r["party"], 0) + flt(r.get("outstanding")), 2)
	return totals


class TestExportReceivables(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		contract = make_contract(
			ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)], payment_terms_template="FTC 60 Days after B/L"
		)
		old = add_days(TODAY, -100)
		notices = [
			make_notice(
				ATLANTIC,
				[(contract, 1, qty)],
				bl_date=bl,
				posting_date=bl,
				payment_terms_template="FTC 60 Days after B/L",
			)
			for qty, bl in ((40, old), (100, add_days(TODAY, -10)), (20, add_days(TODAY, -5)))
		]
		cls.si = [frappe.db.get_value("Shipment Notice", n.name, "sales_invoice") for n in notices]
		cls.paid_on = add_days(TODAY, -20)
		# partial collection at a better rate (exchange gain), a credit note, a full collection
		make_collection(cls.si[0], 50, 7.2, posting_date=cls.paid_on)
		make_credit_note(cls.si[1], 10, posting_date=add_days(TODAY, -2))
		make_collection(cls.si[2], 65, 7.05, posting_date=TODAY)

	def row(self, invoice, **filters):
		return next(r for r in rows(**filters) if r.voucher_no == invoice)

	def test_per_invoice_booked_collected_unpaid_and_days(self):
		r = self.row(self.si[0])
		self.assertEqual((r.currency, r.booked, r.collected, r.unpaid), ("USD", 130, 50, 80))
		self.assertEqual(r.basis, "Expected Collection Date")
		self.assertEqual(r.days_overdue, 40)  # B/L 100 days ago + 60 credit days
		self.assertEqual(r.category, "Overdue Unpaid")
		self.assertEqual(r.range1, r.unpaid_base)  # 31-60 bucket
		self.assertEqual(
			(self.row(self.si[1]).collected, self.row(self.si[1]).unpaid), (32.5, 292.5)
		)  # credit note
		self.assertEqual((self.row(self.si[2]).unpaid, self.row(self.si[2]).category), (0, "Fully Collected"))

	def test_as_of_a_date_before_the_collection_shows_it_unpaid(self):
		r = self.row(self.si[0], cutoff=add_days(self.paid_on, -1))
		self.assertEqual((r.collected, r.unpaid), (0, 130))
		self.assertNotIn(
			self.si[2], [x.voucher_no for x in rows(cutoff=add_days(TODAY, -6))]
		)  # not yet booked

	def test_categories(self):
		overdue = {r.voucher_no for r in rows(category="Overdue Unpaid")}
		self.assertIn(self.si[0], overdue)
		self.assertNotIn(self.si[1], overdue)
		self.assertIn(self.si[2], {r.voucher_no for r in rows(category="Fully Collected")})
		self.assertIn(self.si[1], {r.voucher_no for r in rows(category="Partly Collected")})
		self.assertNotIn(self.si[2], {r.voucher_no for r in rows(category="Unpaid")})

	def test_unpaid_per_customer_equals_erpnext_accounts_receivable(self):
		for cutoff in (TODAY, add_days(self.paid_on, -1)):
			ours = {
				r.customer: flt(r.unpaid_base, 2)
				for r in rows(layout="Summary per Customer", cutoff=cutoff)
				if flt(r.unpaid_base, 2)
			}
			self.assertEqual(ours, {k: v for k, v in erpnext_ar_outstanding(cutoff).items() if v}, cutoff)

	def test_summary_summed_by_the_database_equals_the_rules_over_the_invoices(self):
		"""customer_totals (SQL) and rules.summarise over voucher_rows (Python) agree, per category and ranges."""
		from foreign_trade_crm.rules import receivables as rules
		from foreign_trade_crm.services.receivables import customer_totals, voucher_rows

		for category in ("All", *rules.CATEGORIES[:-1]):
			for ranges in ((30, 60, 90, 120), (1, 2)):
				filters = {"company": COMPANY, "cutoff": TODAY, "category": category}
				invoices = [
					r
					for r in voucher_rows(filters)
					if rules.in_category(category, r.booked, r.unpaid, r.days_overdue)
				]
				expected = rules.summarise(invoices, ranges)
				got = {r.customer: r for r in customer_totals(filters, ranges)}
				self.assertEqual(set(got), set(expected), (category, ranges))
				for customer, t in expected.items():
					row = got[customer]
					self.assertEqual(
						(
							row.invoices,
							flt(row.booked_base, 2),
							flt(row.unpaid_base, 2),
							flt(row.overdue_base, 2),
							row.days_overdue,
						),
						(t.invoices, flt(t.booked), flt(t.unpaid), flt(t.overdue), t.max_days_overdue),
						(category, ranges, customer),
					)
					buckets = [flt(row[f"range{i}"], 2) for i in range(len(ranges) + 1)]
					self.assertEqual(buckets, [flt(b) for b in t.buckets], (category, ranges, customer))

	def test_collections_listed_under_their_invoice(self):
		data = rows(layout="Per Invoice with Collections", invoice=self.si[1])
		self.assertEqual(data[0].voucher_no, self.si[1])
		collections = [r for r in data if r.get("is_collection")]
		self.assertEqual([(c.voucher_type, c.collected) for c in collections], [("Sales Invoice", 32.5)])
		first = rows(layout="Per Invoice with Collections", invoice=self.si[0])
		listed = [(c.voucher_type, c.collected) for c in first if c.get("is_collection")]
		self.assertIn(("Payment Entry", 50), listed)
		# collected at 7.2 against booked at 7.1: ERPNext's exchange gain journal, nothing in USD
		self.assertEqual([x for x in listed if x[0] != "Payment Entry"], [("Journal Entry", 0)])
		invoice, collections = first[0], [c for c in first if c.get("is_collection")]
		self.assertEqual(flt(sum(c.collected_base for c in collections), 2), flt(invoice.collected_base, 2))

	def test_summary_layout_and_risk_customer(self):
		summary = {r.customer: r for r in rows(layout="Summary per Customer", customer=ATLANTIC)}
		atlantic = summary[ATLANTIC]
		self.assertGreaterEqual(atlantic.invoices, 3)
		with change_settings("Foreign Trade Settings", {"risk_overdue_threshold": 1}):
			self.assertEqual(rows(layout="Summary per Customer", customer=ATLANTIC)[0].risk, "Risk")
			risk = customer_risk(ATLANTIC, COMPANY)
			self.assertTrue(risk["is_risk"])
			self.assertEqual(risk["max_days_overdue"], atlantic.days_overdue)
			# the Customer form gets it with the document (overrides/customer.py)
			doc = frappe.get_doc("Customer", ATLANTIC)
			doc.run_method("onload")
			self.assertTrue(doc.get_onload().foreign_trade_risk["is_risk"])
		with change_settings("Foreign Trade Settings", {"risk_overdue_threshold": 0}):
			self.assertFalse(customer_risk(ATLANTIC, COMPANY)["is_risk"])

	def test_invoice_made_outside_the_app_falls_back_to_its_due_date(self):
		si = frappe.get_doc(
			{
				"doctype": "Sales Invoice",
				"company": COMPANY,
				"customer": RHEIN,
				"currency": "EUR",
				"conversion_rate": 7.7,
				"debit_to": f"Debtors EUR - {COMPANY_ABBR}",
				"due_date": add_days(TODAY, 30),
				"items": [{"item_code": "FTC-MAT-GREY", "qty": 10, "rate": 5}],
			}
		)
		si.insert()
		si.submit()
		r = self.row(si.name)
		self.assertEqual((r.basis, r.shipment_notice), ("Due Date", None))
		self.assertIn("not a shipment invoice", r.basis_note)
