"""Sales users see only their own customers (Foreign Trade Settings), and a manager hands a sales person's open work over."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.services.contract import close
from foreign_trade_crm.services.handover import handover
from foreign_trade_crm.services.isolation import clear_cache
from foreign_trade_crm.tests.factories import (
	assign,
	make_contract,
	make_customer,
	make_desk_user,
	make_notice,
	make_sales_person,
	set_sales_team,
)

SP_A, SP_B = "FTC Iso Rep A", "FTC Iso Rep B"
LINES = [("FTC-TOWEL-RED", 100, 3.25)]


def restrict(on: bool):
	frappe.db.set_single_value("Foreign Trade Settings", "restrict_sales_users_to_own_customers", int(on))
	clear_cache()


class IsolationCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.user_a = make_desk_user("ftc.iso.a@example.com", ["Export Sales User"])
		cls.user_b = make_desk_user("ftc.iso.b@example.com", ["Export Sales User"])
		cls.manager = make_desk_user("ftc.iso.manager@example.com", ["Export Sales Manager"])
		make_sales_person(SP_A, cls.user_a)
		make_sales_person(SP_B, cls.user_b)
		# customers of this class alone: other classes' (and earlier runs') contracts stay out of the lists
		suffix = frappe.generate_hash(length=5)
		cls.alpha, cls.beta = f"FTC Iso Buyer Alpha {suffix}", f"FTC Iso Buyer Beta {suffix}"
		for customer, sales_person in ((cls.alpha, SP_A), (cls.beta, SP_B)):
			make_customer(customer, "USD", "United States")
			set_sales_team(customer, sales_person)
		cls.contract_a = make_contract(cls.alpha, LINES, sales_person=SP_A)
		cls.contract_b = make_contract(cls.beta, LINES, sales_person=SP_B)
		cls.notice_a = make_notice(cls.alpha, [(cls.contract_a, 1, 10)])
		cls.notice_b = make_notice(cls.beta, [(cls.contract_b, 1, 10)])

	def tearDown(self):
		frappe.set_user("Administrator")
		restrict(False)

	def names(self, user, doctype, field="customer"):
		frappe.set_user(user)
		try:
			return set(
				frappe.get_list(doctype, filters={field: ("in", [self.alpha, self.beta])}, pluck="name")
			)
		finally:
			frappe.set_user("Administrator")

	def visible_customers(self, user):
		return self.names(user, "Customer", field="name")

	def assert_sees_only(self, user, customer, contract, notice, other_contract, other_notice):
		self.assertEqual(self.visible_customers(user), {customer}, user)
		self.assertEqual(self.names(user, "Export Contract"), {contract.name}, user)
		self.assertEqual(self.names(user, "Shipment Notice"), {notice.name}, user)
		self.assertTrue(frappe.has_permission("Export Contract", "read", doc=contract.name, user=user))
		self.assertFalse(
			frappe.has_permission(
				"Customer", "read", doc=self.alpha if customer == self.beta else self.beta, user=user
			)
		)
		for doctype, name in (
			("Export Contract", other_contract.name),
			("Shipment Notice", other_notice.name),
		):
			self.assertFalse(frappe.has_permission(doctype, "read", doc=name, user=user), (user, doctype))
			frappe.set_user(user)
			try:
				self.assertRaises(
					frappe.PermissionError, frappe.get_doc(doctype, name).check_permission, "read"
				)
			finally:
				frappe.set_user("Administrator")


class TestIsolation(IsolationCase):
	def test_sales_users_see_only_their_own_customers(self):
		restrict(True)
		self.assert_sees_only(
			self.user_a, self.alpha, self.contract_a, self.notice_a, self.contract_b, self.notice_b
		)
		self.assert_sees_only(
			self.user_b, self.beta, self.contract_b, self.notice_b, self.contract_a, self.notice_a
		)

	def test_every_isolated_list_runs_for_a_restricted_user(self):
		from foreign_trade_crm.tests.factories import make_quotation

		quotation = make_quotation(self.beta, LINES)
		restrict(True)
		frappe.set_user(self.user_a)
		for doctype in ("Trade Claim", "Customer Feedback", "Order Request", "Quotation"):
			frappe.get_list(doctype, limit=1)
		self.assertNotIn(quotation.name, frappe.get_list("Quotation", pluck="name"))
		frappe.set_user("Administrator")
		self.assertFalse(frappe.has_permission("Quotation", "read", doc=quotation.name, user=self.user_a))
		self.assertTrue(frappe.has_permission("Quotation", "read", doc=quotation.name, user=self.user_b))

	def test_manager_sees_both(self):
		restrict(True)
		self.assertEqual(self.visible_customers(self.manager), {self.alpha, self.beta})
		self.assertEqual(
			self.names(self.manager, "Export Contract"), {self.contract_a.name, self.contract_b.name}
		)
		self.assertEqual(
			self.names(self.manager, "Shipment Notice"), {self.notice_a.name, self.notice_b.name}
		)
		self.assertTrue(
			frappe.has_permission("Export Contract", "read", doc=self.contract_b.name, user=self.manager)
		)

	def test_setting_off_shows_both(self):
		restrict(False)
		for user in (self.user_a, self.user_b):
			self.assertEqual(self.visible_customers(user), {self.alpha, self.beta})
			self.assertEqual(
				self.names(user, "Export Contract"), {self.contract_a.name, self.contract_b.name}
			)
			self.assertEqual(self.names(user, "Shipment Notice"), {self.notice_a.name, self.notice_b.name})
			for contract in (self.contract_a, self.contract_b):
				self.assertTrue(
					frappe.has_permission("Export Contract", "read", doc=contract.name, user=user)
				)

	def test_account_manager_sees_the_customer(self):
		restrict(True)
		frappe.db.set_value("Customer", self.beta, "account_manager", self.user_a)
		clear_cache()
		self.assertEqual(self.visible_customers(self.user_a), {self.alpha, self.beta})
		frappe.db.set_value("Customer", self.beta, "account_manager", None)
		clear_cache()

	def test_condition_escapes_customer_names(self):
		from foreign_trade_crm.services.isolation import query_conditions

		restrict(True)
		frappe.flags.ftc_own_customers = {self.user_a: frozenset({"O'Brien \\ Co"})}
		try:
			condition = query_conditions(self.user_a, "Export Contract")
			self.assertIn(frappe.db.escape("O'Brien \\ Co"), condition)
			frappe.db.sql(f"select count(*) from `tabExport Contract` where {condition}")
		finally:
			clear_cache()
		self.assertEqual(query_conditions(self.manager, "Export Contract"), "")


class TestHandover(IsolationCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.closed = make_contract(cls.alpha, LINES, sales_person=SP_A)
		close(cls.closed.name, "no more")
		cls.cancelled = make_contract(cls.alpha, LINES, sales_person=SP_A, countersign=False)
		cls.cancelled.cancel()
		cls.todo = assign("Export Contract", cls.contract_a.name, cls.user_a)
		cls.notice_todo = assign("Shipment Notice", cls.notice_a.name, cls.user_a)

	def setUp(self):
		frappe.db.savepoint("ftc_handover")

	def tearDown(self):
		super().tearDown()
		frappe.db.rollback(save_point="ftc_handover")
		clear_cache()

	def test_sales_user_may_not_hand_over(self):
		frappe.set_user(self.user_a)
		self.assertRaises(frappe.PermissionError, handover, SP_A, SP_B)

	def test_manager_hands_everything_over(self):
		restrict(True)
		self.assertNotIn(self.alpha, self.visible_customers(self.user_b))
		frappe.set_user(self.manager)
		summary = handover(SP_A, SP_B)
		frappe.set_user("Administrator")

		# at least this class's customer and its two ToDos (a reused site may hold earlier runs' work of A)
		self.assertGreaterEqual(summary.get("Customer"), 1)
		self.assertGreaterEqual(summary.get("ToDo"), 2)
		self.assertEqual([d.sales_person for d in frappe.get_doc("Customer", self.alpha).sales_team], [SP_B])
		self.assertEqual(frappe.db.get_value("Export Contract", self.contract_a.name, "sales_person"), SP_B)
		self.assertEqual(frappe.db.get_value("Export Contract", self.closed.name, "sales_person"), SP_A)
		self.assertEqual(frappe.db.get_value("Export Contract", self.cancelled.name, "sales_person"), SP_A)
		for todo, doctype, name in (
			(self.todo, "Export Contract", self.contract_a.name),
			(self.notice_todo, "Shipment Notice", self.notice_a.name),
		):
			self.assertEqual(frappe.db.get_value("ToDo", todo, "allocated_to"), self.user_b)
			self.assertEqual(json.loads(frappe.db.get_value(doctype, name, "_assign")), [self.user_b])
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{"reference_doctype": "Customer", "reference_name": self.alpha, "comment_type": "Info"},
			)
		)
		for sp in (SP_A, SP_B):
			self.assertTrue(
				frappe.db.exists("Comment", {"reference_doctype": "Sales Person", "reference_name": sp})
			)

		# the isolation follows: B now sees Alpha, A nothing
		self.assertEqual(self.visible_customers(self.user_b), {self.alpha, self.beta})
		self.assertEqual(self.visible_customers(self.user_a), set())
		self.assertIn(self.contract_a.name, self.names(self.user_b, "Export Contract"))
		self.assertFalse(
			frappe.has_permission("Export Contract", "read", doc=self.contract_a.name, user=self.user_a)
		)
		self.assertTrue(
			frappe.has_permission("Export Contract", "read", doc=self.contract_a.name, user=self.user_b)
		)

	def test_chosen_documents_and_owner(self):
		summary = handover(
			SP_A,
			SP_B,
			change_owner=1,
			documents=json.dumps([{"doctype": "Export Contract", "name": self.contract_a.name}]),
		)
		self.assertEqual(summary, {"Export Contract": 1, "ToDo": 1})
		self.assertEqual(frappe.db.get_value("Export Contract", self.contract_a.name, "owner"), self.user_b)
		# what was not chosen stays
		self.assertEqual([d.sales_person for d in frappe.get_doc("Customer", self.alpha).sales_team], [SP_A])
		self.assertEqual(frappe.db.get_value("ToDo", self.notice_todo, "allocated_to"), self.user_a)
