"""Customer feedback against a real site: routing, reply by e-mail, complaint into claim (seed 000 §6.8)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER, EXPORT_SALES_USER
from foreign_trade_crm.foreign_trade_crm.doctype.customer_feedback.customer_feedback import make_trade_claim
from foreign_trade_crm.tests.factories import (
	CUSTOMERS,
	make_contract,
	make_customer,
	make_desk_user,
	make_notice,
	make_outbox,
	make_sales_person,
	no_outgoing_mail,
)

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]
RHEIN = CUSTOMERS[1][0]
SALES = "feedback.sales@example.com"
MANAGERS = ("feedback.manager1@example.com", "feedback.manager2@example.com")
NO_PORTAL = "FTC Buyer Without Portal"


def feedback(**kw):
	return frappe.get_doc(
		{
			"doctype": "Customer Feedback",
			"customer": ATLANTIC,
			"feedback_type": "Inquiry",
			"subject": "When will the robes ship?",
			"description": "Please confirm the ETD.",
			**kw,
		}
	).insert()


def open_assignees(doc):
	return set(
		frappe.get_all(
			"ToDo",
			filters={"reference_type": doc.doctype, "reference_name": doc.name, "status": "Open"},
			pluck="allocated_to",
		)
	)


class TestCustomerFeedback(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_desk_user(SALES, [EXPORT_SALES_USER])
		for manager in MANAGERS:
			make_desk_user(manager, [EXPORT_SALES_MANAGER])
		cls.sales_person = make_sales_person("FTC Feedback Sales", SALES)
		cls.contract = make_contract(ATLANTIC, [("FTC-ROBE-L", 100, 12.8)], sales_person=cls.sales_person)
		cls.notice = make_notice(ATLANTIC, [(cls.contract, 1, 50)])
		make_outbox()

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_feedback_on_a_document_goes_to_its_sales_person_with_a_notification(self):
		doc = feedback(reference_doctype="Shipment Notice", reference_name=self.notice.name)
		doc.reload()
		self.assertEqual((doc.assigned_to, doc.status), (SALES, "Open"))
		self.assertEqual(open_assignees(doc), {SALES})
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"for_user": SALES, "document_name": doc.name, "type": "Assignment"}
			)
		)
		contract_feedback = feedback(reference_doctype="Export Contract", reference_name=self.contract.name)
		self.assertEqual(open_assignees(contract_feedback), {SALES})

	def test_feedback_on_nothing_goes_to_every_export_sales_manager(self):
		doc = feedback()
		doc.reload()
		self.assertTrue(set(MANAGERS) <= open_assignees(doc))
		self.assertNotIn(SALES, open_assignees(doc))
		self.assertEqual(doc.routing, "Export Sales Manager queue")

	def test_a_document_of_another_customer_cannot_be_referred_to(self):
		rhein_contract = make_contract(RHEIN, [("FTC-ROBE-L", 10, 11.5)])
		with self.assertRaises(frappe.PermissionError):
			feedback(reference_doctype="Export Contract", reference_name=rhein_contract.name)
		with self.assertRaises(frappe.ValidationError):
			feedback(reference_doctype="Sales Order", reference_name="SO-0001")

	def test_reply_is_emailed_to_the_buyer_and_timed_and_closes_the_assignments(self):
		doc = feedback(
			reference_doctype="Export Contract",
			reference_name=self.contract.name,
			contact_email=ATLANTIC_BUYER,
		)
		frappe.set_user(SALES)
		doc = frappe.get_doc("Customer Feedback", doc.name)
		doc.send_reply("<p>ETD is next Monday.</p>")
		frappe.set_user("Administrator")
		doc.reload()
		self.assertEqual((doc.status, doc.replied_by), ("Replied", SALES))
		self.assertGreaterEqual(doc.response_time, 0)
		self.assertIsNotNone(doc.replied_on)
		communication = frappe.get_all(
			"Communication",
			filters={
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"sent_or_received": "Sent",
			},
			fields=["recipients", "content"],
		)
		self.assertEqual(len(communication), 1)
		self.assertIn(ATLANTIC_BUYER, communication[0].recipients)
		self.assertIn("ETD is next Monday", communication[0].content)
		self.assertTrue(
			frappe.db.exists("Email Queue", {"reference_doctype": doc.doctype, "reference_name": doc.name})
		)
		self.assertEqual(open_assignees(doc), set())
		doc.close()
		self.assertEqual(frappe.db.get_value("Customer Feedback", doc.name, "status"), "Closed")
		with self.assertRaisesRegex(frappe.ValidationError, "closed"):
			doc.send_reply("again")

	def test_without_an_outgoing_account_the_reply_is_kept_as_a_draft_and_said_why(self):
		"""Guards against this: Frappe's raw "missing email account" error, and the reply lost. A customer no one of
		whom reads the portal: the reply waits for e-mail."""
		make_customer(NO_PORTAL, "USD", "United States")
		doc = frappe.get_doc(
			"Customer Feedback", feedback(customer=NO_PORTAL, contact_email=ATLANTIC_BUYER).name
		)
		with no_outgoing_mail():
			frappe.message_log = []
			self.assertFalse(doc.send_reply("<p>Samples leave Friday.</p>"))
		doc.reload()
		self.assertEqual((doc.status, doc.replied_by), ("Open", None))
		self.assertIn("Samples leave Friday", doc.reply)
		self.assertIn("No outgoing e-mail account", str(frappe.message_log))
		self.assertFalse(
			frappe.db.exists("Communication", {"reference_name": doc.name, "sent_or_received": "Sent"})
		)

	def test_without_an_outgoing_account_the_reply_is_given_on_the_portal_and_said_so(self):
		"""A customer with a portal user reads the reply there: it is given (Replied, with its date), not
		e-mailed, and the user is told both."""
		doc = frappe.get_doc("Customer Feedback", feedback(contact_email=ATLANTIC_BUYER).name)
		with no_outgoing_mail():
			frappe.message_log = []
			self.assertFalse(doc.send_reply("<p>Samples leave Friday.</p>"))
		doc.reload()
		self.assertEqual((doc.status, doc.replied_by), ("Replied", "Administrator"))
		self.assertIsNotNone(doc.replied_on)
		self.assertIn("No outgoing e-mail account", str(frappe.message_log))
		self.assertIn("reads your reply on the portal", str(frappe.message_log))
		self.assertEqual(open_assignees(doc), set())
		self.assertFalse(
			frappe.db.exists("Communication", {"reference_name": doc.name, "sent_or_received": "Sent"})
		)

	def test_a_complaint_about_a_shipment_becomes_a_trade_claim_in_one_action(self):
		complaint = feedback(
			feedback_type="Complaint",
			subject="Robes stained",
			reference_doctype="Shipment Notice",
			reference_name=self.notice.name,
		)
		claim = make_trade_claim(complaint.name)
		self.assertEqual((claim.shipment_notice, claim.customer_feedback), (self.notice.name, complaint.name))
		claim.append(
			"items",
			{
				"shipment_notice_item": self.notice.items[0].name,
				"qty": 5,
				"claimed_amount": 64,
				"reason": "Quality",
			},
		)
		claim.insert()
		self.assertEqual(frappe.db.get_value("Customer Feedback", complaint.name, "trade_claim"), claim.name)
		with self.assertRaisesRegex(frappe.ValidationError, "already made"):
			make_trade_claim(complaint.name)
		inquiry = feedback()
		with self.assertRaisesRegex(frappe.ValidationError, "Only a complaint"):
			make_trade_claim(inquiry.name)
		unrelated = feedback(feedback_type="Complaint")
		with self.assertRaisesRegex(frappe.ValidationError, "refer the complaint"):
			make_trade_claim(unrelated.name)
