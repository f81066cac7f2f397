"""Letters of credit on a real site: a credit from the bank's MT700 + MT701, a malformed message refused
whole, an MT707 accepted as an amendment, a notice checked against its credit (discrepancies shown, blocked
unless a manager overrides), a presentation with the bank's discrepancies and fees, its collection, and
the receivables' paid-by column."""

from datetime import date
from decimal import Decimal

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, getdate, nowdate

from foreign_trade_crm.services import letter_of_credit as credits
from foreign_trade_crm.services import letter_of_credit_presentation as presentations
from foreign_trade_crm.tests import credit_factories as cf
from foreign_trade_crm.tests.factories import (
	COMPANY,
	COMPANY_ABBR,
	make_contract,
	make_desk_user,
	make_notice,
)

ATLANTIC = cf.ATLANTIC


def bank_charges_account() -> str:
	name = f"Bank Charges - {COMPANY_ABBR}"
	if not frappe.db.exists("Account", name):
		parent = frappe.db.get_value(
			"Account", {"company": COMPANY, "is_group": 1, "account_name": "Indirect Expenses"}
		)
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": "Bank Charges",
				"company": COMPANY,
				"parent_account": parent,
			}
		).insert(ignore_permissions=True)
	return name


class TestCreditFromSwift(FrappeTestCase):
	def test_every_field_of_the_mt700_and_mt701_lands_on_the_credit(self):
		number = cf.unique_number()
		first, second = cf.mt700(number)
		name = credits.credit_from_swift(first + "\r\n" + second, company=COMPANY)  # applicant found by name
		doc = frappe.get_doc("Letter of Credit", name)
		today = getdate(nowdate())

		self.assertEqual((doc.docstatus, doc.status), (0, "Draft"))
		self.assertEqual((doc.lc_number, doc.customer, doc.company), (number, ATLANTIC, COMPANY))
		self.assertEqual((doc.form_of_credit, doc.applicable_rules), ("IRREVOCABLE", "UCP LATEST VERSION"))
		self.assertEqual(getdate(doc.issue_date), today)
		self.assertEqual((getdate(doc.expiry_date), doc.expiry_place), (add_days(today, 90), "CHINA"))
		self.assertEqual(getdate(doc.latest_shipment_date), add_days(today, 60))
		self.assertEqual((doc.currency, doc.amount), ("USD", 121250))
		self.assertEqual((doc.amount_limit, doc.tolerance_plus, doc.tolerance_minus), ("Tolerance", 5, 5))
		self.assertEqual(doc.maximum_amount, 127312.5)
		self.assertEqual((doc.available_with, doc.available_by), ("ANY BANK IN CHINA", "BY NEGOTIATION"))
		self.assertEqual((doc.drafts_at, doc.usance_days, doc.drawee), ("AT SIGHT", 0, "CITIUS33"))
		self.assertEqual((doc.partial_shipments, doc.transhipment), ("Allowed", "Allowed"))
		self.assertEqual(
			(doc.port_of_loading, doc.port_of_discharge), ("SHANGHAI, CHINA", "LOS ANGELES, USA")
		)
		# 45A continues in the MT701: its Incoterm line is read with the goods
		self.assertIn("RED TOWELS (BUYER CODE ATL-TOWEL-RED)", doc.goods)
		self.assertTrue(doc.goods.endswith("FOB SHANGHAI, CHINA INCOTERMS 2020"))
		self.assertEqual((doc.incoterm, doc.named_place), ("FOB", "SHANGHAI, CHINA"))
		self.assertEqual(
			[(d.document_type, d.originals, d.copies) for d in doc.documents],
			[
				("Commercial Invoice", 3, 2),
				("Bill of Lading", 3, 0),
				("Packing List", 1, 2),
				("Certificate of Origin", 1, 1),
			],
		)
		self.assertTrue(doc.documents[1].full_set)
		self.assertIn("INDICATE THIS CREDIT NUMBER", doc.additional_conditions)
		self.assertIn("THIRD PARTY DOCUMENTS ARE NOT ACCEPTABLE", doc.additional_conditions)  # from the MT701
		self.assertIn("ACCOUNT OF BENEFICIARY", doc.charges)
		self.assertEqual(
			(doc.presentation_days, doc.presentation_narrative), (21, "FROM THE DATE OF SHIPMENT")
		)
		self.assertEqual((doc.confirmation, doc.confirming_bank_bic), ("CONFIRM", "BKCHCNBJ"))
		self.assertEqual(doc.instructions, "DOCUMENTS TO BE SENT BY COURIER IN ONE LOT.")
		self.assertEqual(doc.sender_to_receiver, "/PHONBEN/")
		# the banks of the FIN header, as ERPNext Banks found or filed by their BIC
		self.assertEqual((doc.issuing_bank_bic, doc.advising_bank_bic), ("CITIUS33", "BKCHCNBJ"))
		self.assertEqual(frappe.db.get_value("Bank", doc.issuing_bank, "swift_number"), "CITIUS33")
		self.assertEqual(frappe.db.get_value("Bank", doc.advising_bank, "swift_number"), "BKCHCNBJ")
		self.assertEqual(doc.confirming_bank, doc.advising_bank)
		self.assertEqual(doc.swift_message, first + "\r\n" + second)

		doc.submit()
		doc.reload()
		self.assertEqual((doc.status, doc.drawn_amount, doc.available_amount), ("Advised", 0, 127312.5))

	def test_bare_tags_with_the_mt701_pasted_after_it(self):
		first, second = cf.mt700(cf.unique_number(), fin=False)
		doc = frappe.get_doc(
			"Letter of Credit", credits.credit_from_swift(first + "\n" + second, ATLANTIC, COMPANY)
		)
		self.assertEqual(len(doc.documents), 4)
		self.assertEqual(doc.incoterm, "FOB")
		self.assertIsNone(doc.issuing_bank)  # a bare text names no sender

	def test_a_malformed_message_names_every_bad_field_and_saves_nothing(self):
		first, second = cf.mt700(cf.unique_number(), fin=False)
		bad = (
			first.replace(":31C:", ":31C:26XX")
			.replace(":32B:USD121250,00", ":32B:USD121.250,00")
			.replace(":39A:05/05", ":39A:5%")
			.replace(":49:CONFIRM", ":49:PERHAPS")
			.replace(":43P:ALLOWED", ":43P:SOMETIMES")
		)
		before = (frappe.db.count("Letter of Credit"), frappe.db.count("Bank"))
		with self.assertRaises(frappe.ValidationError) as caught:
			credits.credit_from_swift(bad + "\n" + second, ATLANTIC, COMPANY)
		message = str(caught.exception)
		for tag in ("31C", "32B", "39A", "49", "43P"):
			self.assertIn(f"Field {tag} (", message)
		self.assertEqual((frappe.db.count("Letter of Credit"), frappe.db.count("Bank")), before)

	def test_a_credit_number_of_one_issuing_bank_is_one_credit(self):
		number = cf.unique_number()
		cf.make_credit(number)
		with self.assertRaises(frappe.ValidationError):
			cf.make_credit(number)


class TestAmendment(FrappeTestCase):
	def test_an_mt707_accepted_changes_the_credit_with_its_history(self):
		credit = cf.make_credit()
		today = getdate(nowdate())
		name = credits.amendment_from_swift(credit.name, cf.mt707(credit.lc_number))
		amendment = frappe.get_doc("Letter of Credit Amendment", name)
		self.assertEqual(
			(amendment.status, amendment.amendment_no, amendment.charges_by), ("Received", 1, "APPL")
		)
		changed = {c.fieldname: (c.old_value, c.new_value) for c in amendment.changes}
		self.assertEqual(changed["amount"], ("121,250.00", "133,375.00"))
		self.assertIn("expiry_date", changed)
		self.assertIn("latest_shipment_date", changed)
		self.assertIn("documents_required", changed)
		self.assertIn("additional_conditions", changed)
		self.assertEqual(frappe.db.get_value("Letter of Credit", credit.name, "amount"), 121250)  # not yet

		amendment.submit()  # accepted
		credit.reload()
		self.assertEqual(amendment.status, "Accepted")
		self.assertEqual((credit.amount, credit.amendment_count), (133375, 1))
		self.assertEqual(credit.maximum_amount, 140043.75)
		self.assertEqual(credit.available_amount, 140043.75)
		self.assertEqual(getdate(credit.expiry_date), add_days(today, 120))
		self.assertEqual(getdate(credit.latest_shipment_date), add_days(today, 90))
		self.assertEqual(credit.documents[-1].document_type, "Beneficiary's Certificate")
		self.assertNotIn("THIRD PARTY DOCUMENTS ARE NOT ACCEPTABLE", credit.additional_conditions)
		self.assertIn("EXCEPT INVOICE AND DRAFTS ARE ACCEPTABLE", credit.additional_conditions)
		# the history on the credit's timeline: Frappe's record of each changed value, and the acceptance
		versions = frappe.get_all(
			"Version", filters={"ref_doctype": "Letter of Credit", "docname": credit.name}, pluck="data"
		)
		changed_fields = {c[0] for v in versions for c in frappe.parse_json(v).get("changed", [])}
		self.assertTrue({"amount", "expiry_date", "latest_shipment_date"} <= changed_fields, changed_fields)
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{
					"reference_doctype": "Letter of Credit",
					"reference_name": credit.name,
					"content": ("like", f"%{name}%accepted%"),
				},
			)
		)
		# the same amendment is not accepted twice
		with self.assertRaises(frappe.ValidationError):
			credits.amendment_from_swift(credit.name, cf.mt707(credit.lc_number))

	def test_a_submitted_credits_terms_change_only_by_amendment(self):
		credit = cf.make_credit()
		credit.amount = 999999
		with self.assertRaises(frappe.ValidationError):
			credit.save()
		credit.reload()
		credit.advising_reference = "ADV-123"  # a reference may be kept
		credit.save()

	def test_an_amendment_for_another_credit_or_rejected_is_not_applied(self):
		credit = cf.make_credit()
		with self.assertRaises(frappe.ValidationError):
			credits.amendment_from_swift(credit.name, cf.mt707("OTHER-CREDIT-1"))
		name = credits.amendment_from_swift(credit.name, cf.mt707(credit.lc_number))
		credits.reject_amendment(name, "Shipment date cannot be met")
		amendment = frappe.get_doc("Letter of Credit Amendment", name)
		self.assertEqual(amendment.status, "Rejected")
		with self.assertRaises(frappe.ValidationError):
			amendment.submit()
		self.assertEqual(frappe.db.get_value("Letter of Credit", credit.name, "amount"), 121250)

	def test_a_decrease_below_what_is_drawn_is_refused(self):
		contract = cf.credit_contract()
		credit = cf.make_credit(contracts=[contract])
		make_notice(
			ATLANTIC, [(contract, 1, 20000), (contract, 2, 15000)], submit=False, letter_of_credit=credit.name
		).submit()
		message = cf.mt707(credit.lc_number, increase=None, extra=(":33B:USD100000,",))
		with self.assertRaises(frappe.ValidationError) as caught:
			credits.amendment_from_swift(credit.name, message)
		self.assertIn("already drawn", str(caught.exception))


class TestNoticeAgainstCredit(FrappeTestCase):
	def discrepant_notice(self):
		"""A notice shipped after the latest shipment date, at a price above the credit's, with goods the
		credit does not describe, on a contract the credit does not pay."""
		credit = cf.make_credit(latest_days=1, contracts=[cf.credit_contract()])
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.40), ("FTC-ROBE-L", 50, 12.8)])
		notice = make_notice(
			ATLANTIC,
			[(contract, 1, 1000), (contract, 2, 50)],
			submit=False,
			bl_date=add_days(nowdate(), 3),
			port_of_destination="Los Angeles",
			letter_of_credit=credit.name,
		)
		return credit, notice

	def test_discrepancies_are_found_before_submit_each_with_its_article(self):
		credit, notice = self.discrepant_notice()
		self.assertEqual(notice.lc_check_status, "Discrepant")
		found = {(f.code, f.article, f.blocking, f.row_no or 0) for f in notice.lc_findings}
		self.assertIn(("shipped_after_latest", "14(a)", 1, 0), found)
		self.assertIn(("unit_price_over", "18(c)", 1, 1), found)
		self.assertIn(("goods_not_in_credit", "18(c)", 1, 2), found)
		self.assertIn(("contract_not_in_credit", "", 0, 0), found)
		late = next(f for f in notice.lc_findings if f.code == "shipped_after_latest")
		self.assertIn(frappe.utils.formatdate(credit.latest_shipment_date), late.finding)

	def test_blocked_by_the_settings_unless_a_manager_overrides_with_a_reason(self):
		_credit, notice = self.discrepant_notice()
		with self.assertRaises(frappe.ValidationError) as caught:
			notice.submit()
		self.assertIn("An Export Sales Manager may submit it anyway", str(caught.exception))
		notice.reload()

		sales = make_desk_user("lc.sales@example.com", ["Export Sales User", "Sales User"])
		frappe.set_user(sales)
		try:
			notice.lc_override = 1
			with self.assertRaises(frappe.ValidationError):
				notice.save()
		finally:
			frappe.set_user("Administrator")
		notice.reload()

		notice.lc_override = 1
		notice.save()
		with self.assertRaises(frappe.ValidationError) as caught:
			notice.submit()  # no reason
		self.assertIn("reason", str(caught.exception))
		notice.reload()
		notice.lc_override_reason = "Buyer agreed by e-mail to amend the credit"
		notice.save()
		notice.submit()
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{
					"reference_doctype": "Letter of Credit",
					"reference_name": notice.letter_of_credit,
					"content": ("like", "%Buyer agreed%"),
				},
			)
		)

	def test_warned_only_when_the_settings_say_so(self):
		_credit, notice = self.discrepant_notice()
		with change_settings("Foreign Trade Settings", {"lc_discrepancy_policy": "Warn"}):
			notice.submit()
		self.assertEqual(notice.docstatus, 1)

	def test_drawings_add_up_and_cancel_gives_back(self):
		contract = cf.credit_contract()
		credit = cf.make_credit(contracts=[contract])
		first = make_notice(
			ATLANTIC, [(contract, 1, 10000)], letter_of_credit=credit.name, port_of_destination="Los Angeles"
		)
		second = make_notice(
			ATLANTIC, [(contract, 2, 5000)], letter_of_credit=credit.name, port_of_destination="Los Angeles"
		)
		credit.reload()
		self.assertEqual((credit.drawn_amount, credit.status), (32500 + 18750, "In Use"))
		self.assertEqual(credit.available_amount, 127312.5 - 51250)
		self.assertEqual(second.lc_check_status, "Complies")
		second.cancel()
		credit.reload()
		self.assertEqual((credit.drawn_amount, credit.available_amount), (32500, 127312.5 - 32500))
		first.cancel()
		credit.reload()
		self.assertEqual((credit.drawn_amount, credit.status), (0, "Advised"))

	def test_the_earlier_drawings_count_against_the_amount(self):
		contract = cf.credit_contract()
		credit = cf.make_credit(contracts=[contract], tolerance=None)
		make_notice(
			ATLANTIC,
			[(contract, 1, 20000), (contract, 2, 10000)],
			letter_of_credit=credit.name,
			port_of_destination="Los Angeles",
		)
		over = make_notice(
			ATLANTIC,
			[(contract, 2, 5000, 3.75), (contract, 1, 100)],
			submit=False,
			letter_of_credit=credit.name,
			port_of_destination="Los Angeles",
		)
		codes = {f.code for f in over.lc_findings}
		self.assertIn("amount_over_maximum", codes)  # 102,500 + 19,075 > 121,250
		self.assertIn("quantity_over", codes)  # red: 20,100 of 20,000 PCS, counted: no tolerance
		self.assertRaises(frappe.ValidationError, over.submit)

	def test_a_credit_with_notices_drawing_on_it_is_not_cancelled(self):
		contract = cf.credit_contract()
		credit = cf.make_credit(contracts=[contract])
		make_notice(
			ATLANTIC, [(contract, 1, 100)], letter_of_credit=credit.name, port_of_destination="Los Angeles"
		)
		self.assertRaises(frappe.ValidationError, credit.cancel)


class TestPresentation(FrappeTestCase):
	def test_discrepant_answer_with_fees_then_accepted_and_collected(self):
		from foreign_trade_crm.foreign_trade_crm.report.export_receivables.export_receivables import execute

		contract = cf.credit_contract()
		credit = cf.make_credit(contracts=[contract])
		notice = make_notice(
			ATLANTIC,
			[(contract, 1, 10000)],
			letter_of_credit=credit.name,
			port_of_destination="Los Angeles",
			commercial_invoice_no="CI-LC-1",
		)
		name = presentations.make_presentation(notice.name)
		doc = frappe.get_doc("Letter of Credit Presentation", name)
		self.assertEqual((doc.status, doc.presented_amount, doc.currency), ("Draft", 32500, "USD"))
		self.assertEqual(doc.sales_invoice, notice.sales_invoice)
		self.assertEqual(
			[(d.document_type, d.from_notice, d.presented) for d in doc.documents],
			[
				("Commercial Invoice", 1, 1),
				("Bill of Lading", 0, 0),
				("Packing List", 1, 1),
				("Certificate of Origin", 0, 0),
			],
		)
		self.assertEqual(
			getdate(doc.last_presentation_day),
			credits.lc.last_presentation_day(
				credits.load_credits([credit.name])[credit.name].terms,
				getdate(notice.bl_date),
				credits.holidays(COMPANY),
			),
		)
		doc.bank_reference = "BOC-NEG-0001"
		doc.submit()
		self.assertEqual(doc.status, "Presented")
		self.assertRaises(
			frappe.ValidationError, presentations.make_presentation, notice.name
		)  # presented once

		status = presentations.record_answer(
			name,
			"Discrepant",
			nowdate(),
			[
				{
					"discrepancy": "B/L not marked freight collect",
					"article": "14(d)",
					"document_type": "Bill of Lading",
					"fee": 50,
				},
				{"discrepancy": "Invoice not signed", "article": "18(a)", "fee": 30},
			],
		)
		doc.reload()
		self.assertEqual((status, doc.discrepancy_fees, len(doc.discrepancies)), ("Discrepant", 80, 2))

		rows = execute(
			{"company": COMPANY, "customer": ATLANTIC, "layout": "Per Invoice", "category": "All"}
		)[1]
		row = next(r for r in rows if r.get("voucher_no") == notice.sales_invoice)
		self.assertEqual((row["paid_by"], row["at_risk"]), (f"L/C {credit.lc_number}", 1))

		self.assertEqual(
			presentations.record_decision(name, "Accepted", "Applicant waived"), "Discrepancies Accepted"
		)
		rows = execute(
			{"company": COMPANY, "customer": ATLANTIC, "layout": "Per Invoice", "category": "All"}
		)[1]
		self.assertEqual(next(r for r in rows if r.get("voucher_no") == notice.sales_invoice)["at_risk"], 0)

		with change_settings("Foreign Trade Settings", {"lc_bank_charges_account": bank_charges_account()}):
			pe = frappe.get_doc(presentations.make_collection(name))
		self.assertEqual(pe.reference_no, "BOC-NEG-0001")
		self.assertEqual([d.account for d in pe.deductions], [bank_charges_account()])
		self.assertAlmostEqual(pe.deductions[0].amount, 80 * pe.source_exchange_rate, places=2)
		self.assertEqual((pe.paid_amount, pe.unallocated_amount, pe.difference_amount), (32500, 0, 0))
		pe.insert()
		pe.submit()
		doc.reload()
		self.assertEqual((doc.status, doc.payment_entry, doc.collected_amount), ("Collected", pe.name, 32500))
		self.assertAlmostEqual(doc.bank_charges, 80, places=2)
		pe.cancel()
		doc.reload()
		self.assertEqual(
			(doc.status, doc.payment_entry, doc.collected_amount), ("Discrepancies Accepted", None, 0)
		)

	def test_invoices_paid_otherwise_read_their_payment_terms(self):
		from foreign_trade_crm.foreign_trade_crm.report.export_receivables.export_receivables import execute
		from foreign_trade_crm.tests.factories import make_payment_terms

		terms = make_payment_terms("FTC T/T 30 Days after B/L", 30)
		contract = make_contract(ATLANTIC, [("FTC-MAT-GREY", 100, 4.1)])
		notice = make_notice(ATLANTIC, [(contract, 1, 100)], payment_terms_template=terms)
		rows = execute(
			{"company": COMPANY, "customer": ATLANTIC, "layout": "Per Invoice", "category": "All"}
		)[1]
		row = next(r for r in rows if r.get("voucher_no") == notice.sales_invoice)
		self.assertEqual((row["paid_by"], row["at_risk"]), ("T/T", 0))


class TestFigures(FrappeTestCase):
	def test_status_and_figures_follow_the_rules(self):
		contract = cf.credit_contract()
		credit = cf.make_credit(contracts=[contract])
		make_notice(
			ATLANTIC,
			[(contract, 1, 20000), (contract, 2, 15000)],
			letter_of_credit=credit.name,
			port_of_destination="Los Angeles",
		)
		credit.reload()
		self.assertEqual((credit.status, credit.drawn_amount), ("Fully Drawn", 121250))
		self.assertEqual(Decimal(str(credit.per_drawn)), Decimal(100))
		frappe.db.set_value("Letter of Credit", credit.name, "expiry_date", date(2020, 1, 1))
		credits.update_credits([credit.name])
		self.assertEqual(frappe.db.get_value("Letter of Credit", credit.name, "status"), "Fully Drawn")

	def test_the_daily_run_marks_credits_past_their_expiry_expired(self):
		credit = cf.make_credit()
		frappe.db.set_value("Letter of Credit", credit.name, "expiry_date", add_days(nowdate(), -10))
		credits.expire_credits()
		self.assertEqual(frappe.db.get_value("Letter of Credit", credit.name, "status"), "Expired")
