"""Order review and ranking (seed 004 §3.1.2 訂單審核, 訂單評估) on a real site: the buyer sees
what they must fix (and only their own requests), open requests are ranked by ELECTRE I from the customers'
records, the desk says why, and only the export sales team may see or redo the ranking."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from foreign_trade_crm.constants.roles import EXPORT_ACCOUNTS_USER, EXPORT_SALES_MANAGER
from foreign_trade_crm.services import order_review, portal
from foreign_trade_crm.services.order_requests import create_request
from foreign_trade_crm.tests.factories import (
	CUSTOMERS,
	make_collection,
	make_contract,
	make_customer,
	make_desk_user,
	make_notice,
)
from foreign_trade_crm.tests.integration.test_portal import render

ATLANTIC_BUYER, RHEIN_BUYER = CUSTOMERS[0][3], CUSTOMERS[1][3]
MANAGER = "review.manager@example.com"


class TestOrderReview(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_desk_user(MANAGER, [EXPORT_SALES_MANAGER])
		suffix = frappe.generate_hash(length=5)
		# a customer with a year's record (shipped and paid) and a new one with none
		cls.known = make_customer(f"FTC Review Known {suffix}", "USD")
		cls.new = make_customer(f"FTC Review New {suffix}", "USD")
		contract = make_contract(cls.known, [("FTC-TOWEL-RED", 1000, 3.25)])
		notice = make_notice(cls.known, [(contract, 1, 1000)])
		make_collection(notice.sales_invoice, 3250, 7.1)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None

	def test_the_buyer_sees_what_to_fix_and_fixes_it_and_another_buyer_sees_nothing(self):
		frappe.set_user(ATLANTIC_BUYER)
		name = portal.request_order(
			[{"customer_item_code": "ATL-TOWEL-RED", "qty": 1000}, {"item_name": "Bamboo towel", "qty": 50}],
			request_key=frappe.generate_hash(),
			wanted_shipment_date=add_days(nowdate(), 30),
			contact_email="buyer.atlantic@example.com",
			contact_phone="call me",
		)
		doc = frappe.get_doc("Order Request", name)
		self.assertEqual(doc.review_status, "To Fix by Buyer")
		self.assertIn("The contact phone call me is not a phone number", doc.buyer_problems)
		self.assertIn("Line 2 (Bamboo towel) matches none of our items", doc.buyer_problems)
		status, html = render(f"/trade/order-requests/{name}")
		self.assertEqual(status, 200)
		self.assertIn("is not a phone number", html)
		self.assertNotIn("For Us to Check", html)

		frappe.set_user(RHEIN_BUYER)
		with self.assertRaises(frappe.PermissionError):
			portal.fix_order_request(name, contact_phone="+49 30 1234567")
		status, html = render(f"/trade/order-requests/{name}")
		self.assertNotIn("is not a phone number", html)

		frappe.set_user(ATLANTIC_BUYER)
		portal.fix_order_request(
			name, "buyer.atlantic@example.com", "+1 212 555 0100", add_days(nowdate(), 30)
		)
		doc.reload()
		self.assertNotIn("phone", doc.buyer_problems or "")
		self.assertIn("Bamboo towel", doc.buyer_problems)  # the line is ours to settle with the quotation

	def test_a_quantity_far_from_the_usual_is_ours_to_check(self):
		name = create_request(
			self.known,
			[{"item_code": "FTC-TOWEL-RED", "qty": 10**7}],
			contact_email="orders@known.example.com",
			contact_phone="+1 212 555 0199",
		)
		doc = frappe.get_doc("Order Request", name)
		self.assertEqual(doc.review_status, "To Check")
		self.assertIn("is far from the usual", doc.review_problems)
		self.assertFalse(doc.buyer_problems)

	def test_open_requests_are_ranked_from_the_customers_records_and_the_desk_says_why(self):
		contact = {"contact_email": "orders@example.com", "contact_phone": "+86 21 5555 0100"}
		# the known customer's request is at least as good on every criterion, better on most
		better = create_request(
			self.known,
			[{"item_code": "FTC-TOWEL-RED", "qty": 2000}],
			wanted_shipment_date=add_days(nowdate(), 90),
			**contact,
		)
		worse = create_request(
			self.new,
			[{"item_code": "FTC-TOWEL-RED", "qty": 100}],
			wanted_shipment_date=add_days(nowdate(), 5),
			**contact,
		)
		order_review.rank_open_requests()
		rank = dict(
			frappe.get_all(
				"Order Request",
				filters={"name": ("in", [better, worse])},
				fields=["name", "rank"],
				as_list=True,
			)
		)
		self.assertLess(rank[better], rank[worse])
		found = order_review.criteria_of_open_requests()
		self.assertEqual(found[better][0], 3250 * 7.1)  # shipped to the customer in 12 months
		self.assertEqual(found[worse][0], 0)
		self.assertEqual(found[better][4], 20 * found[worse][4])  # the order size, at one price

		frappe.set_user(MANAGER)
		why = order_review.get_evaluation(better)
		beaten = {r["name"]: r for r in why["beats"]}
		self.assertIn(worse, beaten)
		self.assertEqual((beaten[worse]["concordance"], beaten[worse]["discordance"]), (1.0, 0.0))
		self.assertNotIn(better, {r["name"] for r in order_review.get_evaluation(worse)["beats"]})
		# the report lists them in that order
		from foreign_trade_crm.foreign_trade_crm.report.order_request_ranking.order_request_ranking import (
			execute,
		)

		_columns, data = execute({})
		names = [r["order_request"] for r in data]
		self.assertLess(names.index(better), names.index(worse))

		# quoted, a request leaves the queue
		frappe.set_user("Administrator")
		frappe.db.set_value("Order Request", better, "status", "Quoted")
		order_review.rank_open_requests()
		self.assertEqual(frappe.db.get_value("Order Request", better, "rank"), 0)

	def test_only_the_export_sales_team_sees_or_redoes_the_ranking(self):
		name = create_request(self.new, [{"item_code": "FTC-TOWEL-RED", "qty": 100}])
		for user in (ATLANTIC_BUYER, make_desk_user("review.accounts@example.com", [EXPORT_ACCOUNTS_USER])):
			frappe.set_user(user)
			self.assertRaises(frappe.PermissionError, order_review.get_evaluation, name)
			self.assertRaises(frappe.PermissionError, order_review.rank_now)
		frappe.set_user(ATLANTIC_BUYER)
		from frappe.desk.query_report import run

		self.assertRaises(frappe.PermissionError, run, "Order Request Ranking", filters={})

	def test_the_stored_rank_the_explanation_and_the_report_are_one(self):
		"""The fields said rank 3 and outranks 1 while the explanation and the report said rank 4 of 4 and
		outranks none: the stored figures were an older evaluation's. Looking at a request stores the
		evaluation it shows."""
		contact = {"contact_email": "orders@example.com", "contact_phone": "+86 21 5555 0100"}
		names = [
			create_request(self.known, [{"item_code": "FTC-TOWEL-RED", "qty": 2000}], **contact),
			create_request(self.new, [{"item_code": "FTC-TOWEL-RED", "qty": 100}], **contact),
		]
		order_review.rank_open_requests()
		# the world moves on: the stored figures are an older evaluation's
		frappe.db.sql(
			"update `tabOrder Request` set `rank` = 99, outranks = 7 where name in %(names)s",
			{"names": names},
		)
		frappe.set_user(MANAGER)
		why = {name: order_review.get_evaluation(name) for name in names}
		self.assertTrue(why[names[0]]["refreshed"])
		from foreign_trade_crm.foreign_trade_crm.report.order_request_ranking.order_request_ranking import (
			execute,
		)

		_columns, data = execute({})
		report = {r["order_request"]: r for r in data}
		for name in names:
			stored = frappe.db.get_value(
				"Order Request", name, ["rank", "outranks", "outranked_by"], as_dict=True
			)
			self.assertEqual(
				(stored.rank, stored.outranks, stored.outranked_by),
				(why[name]["rank"], len(why[name]["beats"]), len(why[name]["beaten_by"])),
			)
			self.assertEqual((report[name]["rank"], report[name]["outranks"]), (stored.rank, stored.outranks))
		self.assertFalse(order_review.get_evaluation(names[0])["refreshed"])  # nothing moved since

	def test_a_buyer_with_no_payment_history_is_not_scored_best(self):
		name = create_request(self.new, [{"item_code": "FTC-TOWEL-RED", "qty": 100}])
		found = order_review.criteria_of_open_requests()
		self.assertEqual(found[name][1], 50.0)  # unknown: halfway, not 100

	def test_a_threshold_set_to_nought_is_nought(self):
		from frappe.tests.utils import change_settings

		with change_settings(
			"Foreign Trade Settings", {"concordance_threshold": 0, "discordance_threshold": 0}
		):
			_weights, c_star, d_star = order_review.weights_and_thresholds()
		self.assertEqual((c_star, d_star), (0.0, 0.0))
