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
	make_customer,
	make_notice,
	make_receivable_account,
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


def invoice_outside_the_app(posting_date: str = TODAY):
	"""A submitted EUR Sales Invoice of Rhein made in ERPNext, not from a shipment notice: EUR 50 due in 30 days."""
	si = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": COMPANY,
			"posting_date": posting_date,
			"set_posting_time": 1,
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
	return si


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

	def test_summary_layout_equals_the_invoices_summed_per_customer(self):
		"""The summary, added up while the ledger is read, equals rules.summarise over the
		per-invoice layout, per category and ageing ranges."""
		from foreign_trade_crm.rules import receivables as rules

		for category in ("All", *rules.CATEGORIES[:-1]):
			for ranges in ("30, 60, 90, 120", "1, 2"):
				filters = {"category": category, "ageing_ranges": ranges}
				expected = rules.summarise(rows(**filters), rules.parse_ranges(ranges))
				got = {r.customer: r for r in rows(layout="Summary per Customer", **filters)}
				self.assertEqual(set(got), set(expected), (category, ranges))
				for customer, t in expected.items():
					row = got[customer]
					self.assertEqual(
						(row.invoices, row.booked_base, row.unpaid_base, row.overdue_base, row.not_due),
						(t.invoices, flt(t.booked), flt(t.unpaid), flt(t.overdue), flt(t.not_due)),
						(category, ranges, customer),
					)
					self.assertEqual(row.days_overdue, t.max_days_overdue)
					buckets = [row[f"range{i}"] for i in range(len(t.buckets))]
					self.assertEqual(buckets, [flt(b) for b in t.buckets], (category, ranges, customer))

	def test_opening_balances_of_two_customers_in_one_journal_entry(self):
		"""One Journal Entry books the opening balance of two customers on one account: a row for
		each customer, with their own amount, as ERPNext's Accounts Receivable has it."""
		first, second = (make_customer(name, "CNY") for name in ("FTC Opening One", "FTC Opening Two"))
		account = make_receivable_account("CNY")
		je = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"voucher_type": "Opening Entry",
				"is_opening": "Yes",
				"company": COMPANY,
				"posting_date": add_days(TODAY, -200),
				"accounts": [
					{
						"account": account,
						"party_type": "Customer",
						"party": first,
						"debit_in_account_currency": 700,
					},
					{
						"account": account,
						"party_type": "Customer",
						"party": second,
						"debit_in_account_currency": 300,
					},
					{"account": f"Temporary Opening - {COMPANY_ABBR}", "credit_in_account_currency": 1000},
				],
			}
		).insert()
		je.submit()
		opening = {r.customer: r for r in rows(invoice=je.name)}
		self.assertEqual(
			{c: (r.voucher_type, r.booked, r.unpaid) for c, r in opening.items()},
			{first: ("Journal Entry", 700, 700), second: ("Journal Entry", 300, 300)},
		)
		theirs = erpnext_ar_outstanding(TODAY)
		summary = {r.customer: r.unpaid_base for r in rows(layout="Summary per Customer")}
		self.assertEqual((summary[first], summary[second]), (theirs[first], theirs[second]))

	def test_a_journal_entry_of_the_name_of_an_invoice_is_kept_apart(self):
		"""Vouchers of two types with one name, for one customer on one account: the ledger index has
		no room for the voucher type, so these few are read again by type; each keeps its own amount."""
		si = invoice_outside_the_app()
		je = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": COMPANY,
				"posting_date": TODAY,
				"multi_currency": 1,
				"accounts": [
					{
						"account": f"Debtors EUR - {COMPANY_ABBR}",
						"party_type": "Customer",
						"party": RHEIN,
						"exchange_rate": 7.7,
						"debit_in_account_currency": 20,
					},
					{"account": f"Temporary Opening - {COMPANY_ABBR}", "credit_in_account_currency": 154},
				],
			}
		)
		je.flags.name_set, je.name = True, si.name
		je.insert()
		je.submit()
		self.assertEqual(je.name, si.name)
		got = {r.voucher_type: (r.booked, r.unpaid) for r in rows(customer=RHEIN) if r.voucher_no == si.name}
		self.assertEqual(got, {"Sales Invoice": (50, 50), "Journal Entry": (20, 20)})
		summary = {r.customer: r.unpaid_base for r in rows(layout="Summary per Customer")}
		self.assertEqual(summary[RHEIN], erpnext_ar_outstanding(TODAY)[RHEIN])

	def test_collections_listed_under_their_invoice(self):
		data = rows(layout="Per Invoice with Collections", invoice=self.si[1])
		self.assertEqual(data[0].voucher_no, self.si[1])
		collections = [r for r in data if r.get("is_collection")]
		self.assertEqual(
			[(c["voucher_type"], c["collected"]) for c in collections], [("Sales Invoice", 32.5)]
		)
		first = rows(layout="Per Invoice with Collections", invoice=self.si[0])
		listed = [(c["voucher_type"], c["collected"]) for c in first if c.get("is_collection")]
		self.assertIn(("Payment Entry", 50), listed)
		# collected at 7.2 against booked at 7.1: ERPNext's exchange gain journal, nothing in USD, is
		# named for what it is, with no 0.00 collected
		exchange = [c for c in first if c.get("is_collection") and c["voucher_type"] != "Payment Entry"]
		self.assertEqual(
			[(c["voucher_type"], c["collected"], c["category_label"]) for c in exchange],
			[("Journal Entry", None, "Exchange Gain/Loss")],
		)
		self.assertNotEqual(exchange[0]["collected_base"], 0)
		invoice, collections = first[0], [c for c in first if c.get("is_collection")]
		self.assertEqual(
			flt(sum(c["collected_base"] for c in collections), 2), flt(invoice.collected_base, 2)
		)

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

	def test_a_deposit_received_before_its_invoice_counts_as_an_advance_until_then(self):
		"""A deposit (T/T in advance) paid against an invoice dated later: as of a date between,
		ERPNext counts it on the Payment Entry, as an advance, and so does the report."""
		si = invoice_outside_the_app(posting_date=add_days(TODAY, -3))
		pe = make_collection(si.name, 20, 7.7, posting_date=add_days(TODAY, -8))
		between = add_days(TODAY, -5)
		listed = {r.voucher_no: r for r in rows(cutoff=between, customer=RHEIN)}
		self.assertNotIn(si.name, listed)
		advance = listed[pe.name]
		self.assertEqual((advance.voucher_type, advance.booked, advance.unpaid), ("Payment Entry", 0, -20))
		ours = {r.customer: r.unpaid_base for r in rows(layout="Summary per Customer", cutoff=between)}
		self.assertEqual(
			{k: v for k, v in ours.items() if v},
			{k: v for k, v in erpnext_ar_outstanding(between).items() if v},
		)
		# once the invoice is booked, the deposit is collected on it
		invoice = self.row(si.name)
		self.assertEqual((invoice.booked, invoice.collected, invoice.unpaid), (50, 20, 30))

	def test_the_ledger_index_the_report_reads_by_is_installed(self):
		from foreign_trade_crm.services.receivables import LEDGER_INDEX, LEDGER_INDEX_COLUMNS

		columns = frappe.db.sql(
			"show index from `tabPayment Ledger Entry` where Key_name = %s", LEDGER_INDEX, as_dict=True
		)
		self.assertEqual(tuple(c.Column_name for c in columns), LEDGER_INDEX_COLUMNS)
		plan = frappe.db.sql(
			"""explain select against_voucher_no, party, account, sum(amount)
			from `tabPayment Ledger Entry` where delinked = 0 group by against_voucher_no, party, account""",
			as_dict=True,
		)
		self.assertIn("Using index", plan[0].Extra)  # read from the index alone

	def test_invoice_made_outside_the_app_falls_back_to_its_due_date(self):
		si = invoice_outside_the_app()
		r = self.row(si.name)
		self.assertEqual((r.basis, r.shipment_notice), ("Due Date", None))
		self.assertIn("not a shipment invoice", r.basis_note)


class TestLedgerIndex(FrappeTestCase):
	def test_an_index_too_long_for_innodb_leaves_the_migrate_going(self):
		"""On a site whose ledger columns were made longer the key may not fit: no error, a log.
		(Adding and dropping an index commits: this class makes no other data.)"""
		from foreign_trade_crm.services.receivables import (
			LEDGER_INDEX,
			LEDGER_INDEX_COLUMNS,
			add_ledger_index,
			drop_ledger_index,
		)

		drop_ledger_index()
		try:
			too_long = (
				*LEDGER_INDEX_COLUMNS[:5],
				"against_voucher_type",
				"company",
				*LEDGER_INDEX_COLUMNS[5:],
			)
			self.assertFalse(add_ledger_index(too_long))
			self.assertFalse(frappe.db.has_index("tabPayment Ledger Entry", LEDGER_INDEX))
			self.assertTrue(
				frappe.db.exists("Error Log", {"method": "Export Receivables runs without its ledger index"})
			)
			self.assertIsInstance(rows(), list)  # the report still runs, only slower
		finally:
			self.assertTrue(add_ledger_index())
