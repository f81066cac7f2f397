"""A buyer's words never run in a staff member's browser (services/text.py): every path a buyer writes
through refuses markup in one-line fields and keeps long texts escaped; a website user's own record and
the contacts ERPNext lets them keep hold safe text, linked to their own customer only; values stored
before the rule are cleaned; and a document holding hostile text still prints as a PDF."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.text import clean_stored_values
from foreign_trade_crm.tests.factories import CUSTOMERS, make_contract, make_notice, make_quotation

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]
RHEIN = CUSTOMERS[1][0]
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(1)>"
AVATAR = "/files/x.png\");animation:blink 1s' onanimationstart='alert(1)' x='"


class TestTextFromOutside(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)], countersign=False)
		signed = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)])
		cls.notice = make_notice(ATLANTIC, [(signed, 1, 300)])
		cls.quotation = make_quotation(
			ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)], reply_due_date=add_days(nowdate(), 10)
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def refused(self, call, *args, **kwargs):
		with self.assertRaises(frappe.ValidationError):
			call(*args, **kwargs)

	def test_one_line_fields_refuse_markup_on_every_portal_path(self):
		frappe.set_user(ATLANTIC_BUYER)
		self.refused(portal.countersign, self.contract.name, IMG)
		self.refused(portal.countersign, self.contract.name, 'Li Wei" onmouseover="alert(1)')
		line = [{"shipment_notice_item": self.notice.items[0].name, "qty": 1, "claimed_amount": 1}]
		self.refused(portal.lodge_claim, self.notice.name, line, "wet", reference=IMG)
		self.refused(portal.submit_feedback, "Inquiry", SVG, "hello")
		self.refused(portal.request_order, [{"customer_item_code": IMG, "qty": 1}])
		self.refused(portal.request_order, [{"item_name": SVG, "qty": 1}])
		self.refused(portal.request_order, [{"item_code": "FTC-TOWEL-RED", "qty": 1}], named_place=IMG)
		self.refused(portal.request_order, [{"item_code": "FTC-TOWEL-RED", "qty": 1}], request_key=IMG)
		self.refused(portal.request_order, [{"item_code": "FTC-TOWEL-RED", "qty": 1}], contact_phone=IMG)
		self.refused(
			portal.request_order,
			[{"item_code": "FTC-TOWEL-RED", "qty": 1}],
			contact_email="javascript:alert(1)//@example.com",
		)
		frappe.set_user("Administrator")
		# nothing was kept: the contract is not countersigned, no claim, feedback or request was made
		self.assertFalse(frappe.db.get_value("Export Contract", self.contract.name, "is_countersigned"))
		for doctype, field in (("Trade Claim", "customer_reference"), ("Customer Feedback", "subject")):
			self.assertFalse(frappe.db.exists(doctype, {field: ("like", "%<%")}))
		self.assertFalse(frappe.db.exists("Order Request Item", {"customer_item_code": ("like", "%<%")}))

	def test_what_is_accepted_is_stored_as_typed_and_long_text_escaped(self):
		frappe.set_user(ATLANTIC_BUYER)
		portal.countersign(self.contract.name, "  O'Brien \u202eLi  ")
		portal.reply_quotation(self.quotation.name, "Counter-offer", f"{IMG} 3.10 please\n{SVG}")
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Export Contract", self.contract.name, "countersigned_by"), "O'Brien Li"
		)
		comment = frappe.db.get_value("Quotation", self.quotation.name, "buyer_reply_comment")
		self.assertNotIn("<", comment)
		self.assertIn("&lt;img", comment)
		timeline = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Quotation", "reference_name": self.quotation.name},
			pluck="content",
		)
		self.assertTrue(timeline and not any("<img" in c or "<svg" in c for c in timeline))

	def test_a_buyers_own_record_holds_safe_text_and_their_own_pictures(self):
		frappe.set_user(ATLANTIC_BUYER)
		user = frappe.get_doc("User", ATLANTIC_BUYER)
		for field, value in (
			("user_image", AVATAR),
			("user_image", "javascript:alert(1)"),
			("first_name", IMG),
			("last_name", 'x" onmouseover="alert(1)'),
			("location", SVG),
		):
			user.reload()
			user.set(field, value)
			self.refused(user.save)
		# another user's file is not the buyer's picture
		frappe.set_user("Administrator")
		other = frappe.get_doc(
			{"doctype": "File", "file_name": "staff.png", "content": b"x", "is_private": 0}
		).insert(ignore_permissions=True)
		frappe.set_user(ATLANTIC_BUYER)
		user.reload()
		user.user_image = other.file_url
		self.refused(user.save)
		user.reload()
		user.user_image = "https://example.com/me.png"
		user.save()
		self.assertEqual(
			frappe.db.get_value("User", ATLANTIC_BUYER, "user_image"), "https://example.com/me.png"
		)

	def test_a_buyer_keeps_contacts_of_their_own_customer_only(self):
		frappe.set_user(ATLANTIC_BUYER)
		planted = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Eve",
				"links": [{"link_doctype": "Customer", "link_name": RHEIN}],
			}
		)
		with self.assertRaises(frappe.PermissionError):
			planted.insert()
		hostile = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Eve",
				"last_name": 'x" onmouseover="alert(1)',
				"links": [{"link_doctype": "Customer", "link_name": ATLANTIC}],
			}
		)
		self.refused(hostile.insert)
		own = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Zhang",
				"last_name": "Wei",
				"links": [{"link_doctype": "Customer", "link_name": ATLANTIC}],
			}
		).insert()
		self.assertEqual(own.full_name, "Zhang Wei")

	def test_file_names_are_plain(self):
		frappe.set_user(ATLANTIC_BUYER)
		claim = portal.lodge_claim(
			self.notice.name,
			[{"shipment_notice_item": self.notice.items[0].name, "qty": 1, "claimed_amount": 1}],
			"wet cartons",
		)
		png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="
		name = portal.attach_to_claim(claim, f"{IMG}\"photo'.png", png)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("File", name, "file_name"), "photo.png")

	def test_values_stored_before_the_rule_are_cleaned_and_print(self):
		# as the old code stored them: straight into the database
		frappe.db.set_value("Export Contract", self.contract.name, "countersigned_by", f"{IMG}Li Wei{SVG}")
		frappe.db.set_value(
			"Quotation", self.quotation.name, "buyer_reply_comment", f"{IMG}<script>alert(1)</script>"
		)
		frappe.db.set_value(
			"User", ATLANTIC_BUYER, {"user_image": AVATAR, "last_name": 'x" onmouseover="a()'}
		)
		done = clean_stored_values()
		self.assertGreaterEqual(done.get("Export Contract.countersigned_by", 0), 1)
		self.assertGreaterEqual(done.get("Quotation.buyer_reply_comment", 0), 1)
		self.assertEqual(
			frappe.db.get_value("Export Contract", self.contract.name, "countersigned_by"), "Li Wei"
		)
		self.assertEqual(
			frappe.db.get_value("Quotation", self.quotation.name, "buyer_reply_comment"),
			"&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
		)
		self.assertIsNone(frappe.db.get_value("User", ATLANTIC_BUYER, "user_image"))
		self.assertEqual(frappe.db.get_value("User", ATLANTIC_BUYER, "last_name"), "x onmouseover=a()")
		self.assertEqual(clean_stored_values(), {}, "a second run finds nothing")
		# and the contract prints again, in the app's format and in Frappe's Standard one
		for print_format in ("Export Contract", "Standard"):
			html = frappe.get_print("Export Contract", self.contract.name, print_format=print_format)
			self.assertNotIn("<img src=x", html)
			self.assertNotIn("onerror", html)
