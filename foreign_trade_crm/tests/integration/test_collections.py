"""Collections as a user records them: Record Collection opens ERPNext's Payment Entry for the whole
invoice, and the user cuts it to what arrived."""

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from frappe.tests.utils import FrappeTestCase
from frappe.utils import flt, nowdate

from foreign_trade_crm.tests.factories import CUSTOMERS, make_contract, make_notice

ATLANTIC = CUSTOMERS[0][0]


def record_collection(invoice: str):
	"""What the desk's Record Collection button opens: ERPNext's own prefilled Payment Entry."""
	pe = get_payment_entry("Sales Invoice", invoice)
	pe.reference_no = f"TT-{frappe.generate_hash(length=8)}"
	pe.reference_date = nowdate()
	return pe


class TestPartialCollection(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 10000, 3.25)])
		cls.invoice = make_notice(ATLANTIC, [(contract, 1, 8000)]).sales_invoice  # 26,000 USD

	def test_the_prefill_is_a_foreign_currency_collection_into_a_company_currency_bank(self):
		pe = record_collection(self.invoice)
		self.assertNotEqual(pe.paid_from_account_currency, pe.paid_to_account_currency)
		self.assertEqual(flt(pe.paid_amount), 26000)

	def test_a_part_with_the_whole_received_amount_left_is_refused_and_books_nothing(self):
		pe = record_collection(self.invoice)
		whole_received = flt(pe.received_amount)
		pe.paid_amount = 20000  # the user types the part that arrived; the received amount stays
		pe.references[0].allocated_amount = 20000
		self.assertEqual(flt(pe.received_amount), whole_received)
		with self.assertRaisesRegex(frappe.ValidationError, "exchange gain or loss"):
			pe.insert()
		self.assertFalse(frappe.db.exists("Payment Entry", {"reference_no": pe.reference_no}))
		self.assertEqual(frappe.db.get_value("Sales Invoice", self.invoice, "outstanding_amount"), 26000)

	def test_a_part_received_at_the_rate_is_collected_with_no_false_gain(self):
		pe = record_collection(self.invoice)
		pe.paid_amount = 20000
		pe.references[0].allocated_amount = 20000
		# what the form now does when the paid amount changes (public/js/payment_entry.js)
		pe.received_amount = flt(pe.paid_amount * pe.source_exchange_rate / pe.target_exchange_rate, 2)
		pe.insert()
		pe.submit()
		self.assertEqual(flt(pe.base_received_amount), flt(pe.base_paid_amount))
		self.assertFalse([d for d in pe.deductions if flt(d.amount)])
		self.assertEqual(frappe.db.get_value("Sales Invoice", self.invoice, "outstanding_amount"), 6000)
		pe.cancel()
