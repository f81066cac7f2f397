"""What each role may do with contracts and shipments, and that portal buyers get nothing through the desk paths.

Portal pages for buyers come with the customer portal; until then a buyer reaches no
contract or notice by any path: list, form, API, whitelisted method, print or report.
"""

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.overrides.quotation import make_export_contract
from foreign_trade_crm.services.advice import send_shipping_advice
from foreign_trade_crm.services.contract import close, countersign, make_shipment_notice
from foreign_trade_crm.tests.factories import (
	CUSTOMERS,
	make_contract,
	make_desk_user,
	make_notice,
	make_quotation,
)

ATLANTIC, RHEIN = CUSTOMERS[0][0], CUSTOMERS[1][0]
BUYERS = [CUSTOMERS[0][3], CUSTOMERS[1][3]]


class TestRolePermissions(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.sales = make_desk_user("ftc.sales@example.com", ["Export Sales User"])
		cls.manager = make_desk_user("ftc.manager@example.com", ["Export Sales Manager"])
		cls.accounts = make_desk_user("ftc.accounts@example.com", ["Export Accounts User"])
		cls.contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		cls.other = make_contract(RHEIN, [("FTC-TOWEL-RED", 100, 2.95)], countersign=False)
		cls.notice = make_notice(ATLANTIC, [(cls.contract, 1, 10)], contact_email=BUYERS[0])
		cls.quotation = make_quotation(ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)])

	def tearDown(self):
		frappe.set_user("Administrator")

	def can(self, user, ptype, doctype, doc=None):
		return bool(frappe.has_permission(doctype, ptype, doc=doc, user=user))

	def test_sales_user_works_contracts_and_notices_but_not_settings_or_deletion(self):
		for ptype in ("read", "create", "write", "submit", "cancel", "amend"):
			self.assertTrue(self.can(self.sales, ptype, "Export Contract"), ptype)
			self.assertTrue(self.can(self.sales, ptype, "Shipment Notice"), ptype)
		self.assertFalse(self.can(self.sales, "delete", "Export Contract"))
		self.assertFalse(self.can(self.sales, "write", "Foreign Trade Settings"))
		frappe.set_user(self.sales)
		doc = make_export_contract(self.quotation.name)
		self.assertEqual(doc.customer, ATLANTIC)
		self.assertRaises(frappe.PermissionError, close, self.contract.name, "no more")

	def test_accounts_user_reads_but_cannot_change(self):
		self.assertTrue(self.can(self.accounts, "read", "Export Contract"))
		self.assertTrue(self.can(self.accounts, "read", "Shipment Notice"))
		for ptype in ("create", "write", "submit", "cancel"):
			self.assertFalse(self.can(self.accounts, ptype, "Export Contract"), ptype)
			self.assertFalse(self.can(self.accounts, ptype, "Shipment Notice"), ptype)
		frappe.set_user(self.accounts)
		self.assertRaises(frappe.PermissionError, countersign, self.other.name)
		self.assertRaises(frappe.PermissionError, make_shipment_notice, self.contract.name)
		self.assertRaises(frappe.PermissionError, make_export_contract, self.quotation.name)

	def test_manager_may_delete_and_change_settings(self):
		self.assertTrue(self.can(self.manager, "delete", "Export Contract"))
		self.assertTrue(self.can(self.manager, "write", "Foreign Trade Settings"))

	def test_report_is_for_the_export_roles(self):
		from frappe.desk.query_report import run

		for user in (self.sales, self.manager, self.accounts):
			frappe.set_user(user)
			result = run("Contract Delivery Status", filters={"export_contract": self.contract.name})
			self.assertTrue(result["result"], user)

	def test_portal_buyers_of_both_customers_reach_nothing_through_desk_paths(self):
		from frappe.desk.query_report import run
		from frappe.www.printview import get_html_and_style

		for buyer in BUYERS:
			frappe.set_user(buyer)
			for doctype, name in (
				("Export Contract", self.contract.name),
				("Shipment Notice", self.notice.name),
			):
				self.assertFalse(frappe.has_permission(doctype, "read", doc=name), (buyer, doctype))
				self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)
				self.assertRaises(
					frappe.PermissionError, frappe.get_doc(doctype, name).check_permission, "read"
				)
				with self.assertRaises(frappe.PermissionError):
					get_html_and_style(doctype, name, print_format=None)
			self.assertRaises(frappe.PermissionError, countersign, self.other.name)
			self.assertRaises(frappe.PermissionError, make_shipment_notice, self.contract.name)
			self.assertRaises(frappe.PermissionError, send_shipping_advice, self.notice.name)
			self.assertRaises(frappe.PermissionError, make_export_contract, self.quotation.name)
			with self.assertRaises(frappe.PermissionError):
				run("Contract Delivery Status", filters={})

	def test_claims_and_feedback_per_role(self):
		for doctype in ("Trade Claim", "Customer Feedback"):
			for ptype in ("read", "create", "write"):
				self.assertTrue(self.can(self.sales, ptype, doctype), (doctype, ptype))
				self.assertTrue(self.can(self.manager, ptype, doctype), (doctype, ptype))
			self.assertFalse(self.can(self.sales, "delete", doctype), doctype)
			self.assertTrue(self.can(self.accounts, "read", doctype), doctype)
			for ptype in ("create", "write", "delete"):
				self.assertFalse(self.can(self.accounts, ptype, doctype), (doctype, ptype))
		# agreeing (submitting) a claim is a manager's decision
		self.assertFalse(self.can(self.sales, "submit", "Trade Claim"))
		self.assertTrue(self.can(self.manager, "submit", "Trade Claim"))
		self.assertFalse(self.can(self.accounts, "submit", "Trade Claim"))
		# the reason master is the managers'
		self.assertTrue(self.can(self.manager, "create", "Claim Reason"))
		self.assertFalse(self.can(self.sales, "create", "Claim Reason"))
		self.assertTrue(self.can(self.sales, "read", "Claim Reason"))

	def test_claim_report_is_for_the_export_roles_and_not_for_buyers(self):
		from frappe.desk.query_report import run

		for user in (self.sales, self.manager, self.accounts):
			frappe.set_user(user)
			self.assertIn("result", run("Trade Claim Analysis", filters={"company": self.contract.company}))
		for buyer in BUYERS:
			frappe.set_user(buyer)
			with self.assertRaises(frappe.PermissionError):
				run("Trade Claim Analysis", filters={"company": self.contract.company})
			self.assertRaises(frappe.PermissionError, frappe.get_list, "Trade Claim")
			self.assertRaises(frappe.PermissionError, frappe.get_list, "Customer Feedback")
