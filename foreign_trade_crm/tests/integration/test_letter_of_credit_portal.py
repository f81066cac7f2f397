"""Buyers see their own credits only (list, page, API, print, files), with the discrepancies found on
their shipments; a copy of the credit goes through the upload gate; a restricted sales user sees the
credits of their own customers only."""

import base64

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings

from foreign_trade_crm.sample_world.files import PNG
from foreign_trade_crm.services import credit_portal, isolation, portal
from foreign_trade_crm.services.letter_of_credit_presentation import make_presentation, record_answer
from foreign_trade_crm.services.portal_pages import download_attachment
from foreign_trade_crm.tests import credit_factories as cf
from foreign_trade_crm.tests.factories import CUSTOMERS, make_contract, make_desk_user, make_notice

ATLANTIC, RHEIN = CUSTOMERS[0][0], CUSTOMERS[1][0]
CREDIT = "Letter of Credit"
ATLANTIC_BUYER, RHEIN_BUYER = CUSTOMERS[0][3], CUSTOMERS[1][3]


class TestCreditPortal(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		contract = cf.credit_contract()
		cls.atlantic = cf.make_credit(contracts=[contract])
		cls.rhein = cf.make_credit(customer=RHEIN, currency="EUR")
		# a shipment with a discrepancy found before it sailed (submitted under the Warn setting), and the
		# bank's own discrepancy on presentation
		other = make_contract(ATLANTIC, [("FTC-ROBE-L", 10, 12.8)])
		with change_settings("Foreign Trade Settings", {"lc_discrepancy_policy": "Warn"}):
			cls.notice = make_notice(
				ATLANTIC,
				[(contract, 1, 100), (other, 1, 10)],
				letter_of_credit=cls.atlantic.name,
				port_of_destination="Los Angeles",
			)
		presentation = make_presentation(cls.notice.name)
		frappe.get_doc("Letter of Credit Presentation", presentation).submit()
		record_answer(
			presentation, "Discrepant", None, [{"discrepancy": "Late <b>shipment</b>", "article": "14(c)"}]
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_buyer_lists_and_opens_their_own_credits_only(self):
		frappe.set_user(ATLANTIC_BUYER)
		names = {r.name for r in portal.list_rows("credits")["rows"]}
		self.assertIn(self.atlantic.name, names)
		self.assertNotIn(self.rhein.name, names)
		self.assertEqual(portal.list_rows("credits", q=self.rhein.lc_number)["rows"], [])
		data = credit_portal.credit(self.atlantic.name)
		self.assertEqual(data["doc"].lc_number, self.atlantic.lc_number)
		[shipment] = data["shipments"]
		self.assertEqual(shipment["notice"].name, self.notice.name)
		self.assertTrue(any("18(c)" in text for text in shipment["ours"]), shipment["ours"])
		self.assertEqual([d.discrepancy for d in shipment["bank"]], ["Late <b>shipment</b>"])
		self.assertRaises(frappe.PermissionError, credit_portal.credit, self.rhein.name)
		self.assertRaises(frappe.PermissionError, credit_portal.credit, "LC-DOES-NOT-EXIST")

	def test_the_pages_show_the_buyers_own_credits_and_escape_what_the_bank_wrote(self):
		from foreign_trade_crm.tests.integration.test_portal_pages import render

		frappe.set_user(ATLANTIC_BUYER)
		status, html = render("/trade/credits")
		self.assertEqual(status, 200)
		self.assertIn(self.atlantic.lc_number, html)
		self.assertNotIn(self.rhein.lc_number, html)
		status, html = render(f"/trade/credits/{self.atlantic.name}")
		self.assertEqual(status, 200)
		self.assertIn(self.atlantic.lc_number, html)
		self.assertIn("Late &lt;b&gt;shipment&lt;/b&gt;", html)
		self.assertNotIn("Late <b>shipment</b>", html)
		status, html = render(f"/trade/credits/{self.rhein.name}")
		self.assertNotEqual(status, 200)
		self.assertNotIn(self.rhein.lc_number, html)

	def test_print_and_website_permission_follow_the_customer(self):
		atlantic = frappe.get_doc("Letter of Credit", self.atlantic.name)
		rhein = frappe.get_doc("Letter of Credit", self.rhein.name)
		self.assertTrue(portal.has_website_permission(atlantic, "print", ATLANTIC_BUYER))
		self.assertFalse(portal.has_website_permission(rhein, "print", ATLANTIC_BUYER))
		self.assertTrue(portal.has_website_permission(rhein, "read", RHEIN_BUYER))
		frappe.set_user(ATLANTIC_BUYER)
		self.assertFalse(frappe.has_permission("Letter of Credit", "print", doc=rhein))

	def test_the_credits_copy_goes_through_the_upload_gate(self):
		frappe.set_user(ATLANTIC_BUYER)
		before = frappe.db.count("File", {"attached_to_doctype": "Letter of Credit"})
		with self.assertRaisesRegex(frappe.ValidationError, "scripts or actions"):
			credit_portal.attach_credit_copy(
				self.atlantic.name,
				"credit.pdf",
				base64.b64encode(b"%PDF-1.4\n<< /S /J#61vaScript /JS (app.alert(1)) >>").decode(),
			)
		self.assertRaises(
			frappe.PermissionError,
			credit_portal.attach_credit_copy,
			self.rhein.name,
			"copy.png",
			base64.b64encode(PNG).decode(),
		)
		self.assertEqual(frappe.db.count("File", {"attached_to_doctype": "Letter of Credit"}), before)
		name = credit_portal.attach_credit_copy(
			self.atlantic.name, "copy.png", base64.b64encode(PNG).decode()
		)
		self.assertEqual(frappe.db.get_value("File", name, "is_private"), 1)
		self.assertEqual([f.name for f in credit_portal.credit(self.atlantic.name)["files"]], [name])
		download_attachment(CREDIT, self.atlantic.name, name)  # the buyer downloads their own copy again
		self.assertEqual(frappe.local.response.filecontent, PNG)
		frappe.set_user(RHEIN_BUYER)
		self.assertRaises(frappe.PermissionError, download_attachment, CREDIT, self.atlantic.name, name)
		self.assertRaises(frappe.PermissionError, download_attachment, CREDIT, self.rhein.name, name)

	def test_a_restricted_sales_user_sees_their_own_customers_credits(self):
		user = make_desk_user("lc.restricted@example.com", ["Export Sales User"])
		with change_settings("Foreign Trade Settings", {"restrict_sales_users_to_own_customers": 1}):
			self.assertEqual(isolation.query_conditions(user, "Letter of Credit"), "(1 = 0)")
			self.assertFalse(isolation.has_permission(self.atlantic, "read", user))
			self.assertIsNone(isolation.has_permission(self.atlantic, "read", "Administrator"))
			frappe.set_user(user)
			self.assertEqual(frappe.get_list("Letter of Credit", pluck="name"), [])
