"""Order requests from the buyers' portal (seed 004): request → draft Quotation → Quoted → Contracted."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request
from frappe.website.serve import get_response

from foreign_trade_crm.constants.roles import EXPORT_SALES_USER
from foreign_trade_crm.overrides.quotation import make_export_contract
from foreign_trade_crm.services import portal
from foreign_trade_crm.tests.factories import CUSTOMERS, contract_terms, make_desk_user, make_sales_person

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]
RHEIN_BUYER = CUSTOMERS[1][3]
SALES = "requests.sales@example.com"

LINES = [
	{"customer_item_code": "ATL-TOWEL-RED", "qty": 1000},
	{"item_code": "FTC-ROBE-L", "qty": 200},
	{"item_name": "Bamboo bath towel 80×160", "description": "Bamboo bath towel 80×160, ivory", "qty": 500},
]


class TestOrderRequests(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_desk_user(SALES, [EXPORT_SALES_USER])
		sales_person = make_sales_person("FTC Requests Sales", SALES)
		customer = frappe.get_doc("Customer", ATLANTIC)
		if not any(t.sales_person == sales_person for t in customer.sales_team):
			customer.sales_team = []
			customer.append("sales_team", {"sales_person": sales_person, "allocated_percentage": 100})
			customer.save(ignore_permissions=True)
		frappe.set_user(ATLANTIC_BUYER)
		cls.request = portal.request_order(LINES, request_key=frappe.generate_hash(), note="For spring")
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None

	def test_a_request_becomes_a_draft_quotation_with_the_buyers_codes_for_the_sales_person(self):
		request = frappe.get_doc("Order Request", self.request)
		self.assertEqual(
			(request.customer, request.status, request.requested_by), (ATLANTIC, "Requested", ATLANTIC_BUYER)
		)
		quotation = frappe.get_doc("Quotation", request.quotation)
		self.assertEqual(
			(quotation.docstatus, quotation.party_name, quotation.quotation_to), (0, ATLANTIC, "Customer")
		)
		self.assertEqual(
			[(i.item_code, i.customer_item_code, i.qty) for i in quotation.items],
			[("FTC-TOWEL-RED", "ATL-TOWEL-RED", 1000), ("FTC-ROBE-L", "ATL-ROBE-L", 200)],
		)
		# the free-text line needs an item first: an Opportunity
		opportunity = frappe.get_doc("Opportunity", request.opportunity)
		self.assertEqual(
			[(i.item_name, i.qty) for i in opportunity.items], [("Bamboo bath towel 80×160", 500)]
		)
		for doctype, name in (("Quotation", quotation.name), ("Opportunity", opportunity.name)):
			self.assertTrue(
				frappe.db.exists(
					"ToDo",
					{
						"reference_type": doctype,
						"reference_name": name,
						"allocated_to": SALES,
						"status": "Open",
					},
				)
			)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": SALES, "document_name": quotation.name})
		)

	def test_the_same_form_sent_twice_makes_one_request(self):
		key = frappe.generate_hash()
		frappe.set_user(ATLANTIC_BUYER)
		first = portal.request_order([{"item_code": "FTC-MAT-GREY", "qty": 50}], request_key=key)
		second = portal.request_order([{"item_code": "FTC-MAT-GREY", "qty": 50}], request_key=key)
		frappe.set_user("Administrator")
		self.assertEqual(first, second)
		self.assertEqual(frappe.db.count("Order Request", {"request_key": key}), 1)

	def test_bad_lines_are_refused_and_nothing_is_made(self):
		frappe.set_user(ATLANTIC_BUYER)
		before = frappe.db.count("Order Request")
		with self.assertRaisesRegex(frappe.ValidationError, "more than zero"):
			portal.request_order([{"item_code": "FTC-MAT-GREY", "qty": 0}])
		with self.assertRaisesRegex(frappe.ValidationError, "not an item we sell"):
			portal.request_order([{"item_code": "NO-SUCH-ITEM", "qty": 5}])
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("Order Request"), before)

	def test_another_customers_buyer_cannot_see_or_touch_the_request(self):
		frappe.set_user(RHEIN_BUYER)
		self.assertRaises(frappe.PermissionError, portal.order_request, self.request)
		self.assertRaises(frappe.PermissionError, portal.attach_to_request, self.request, "a.png", "aGk=")
		self.assertNotIn(self.request, [r.name for r in portal.list_rows("requests")["rows"]])
		self.assertRaises(frappe.PermissionError, frappe.client.get, "Order Request", self.request)
		self.assertRaises(frappe.PermissionError, frappe.get_list, "Order Request")
		set_request(method="GET", path=f"/trade/order-requests/{self.request}")
		self.assertEqual(get_response().status_code, 403)
		frappe.set_user(ATLANTIC_BUYER)
		set_request(method="GET", path=f"/trade/order-requests/{self.request}")
		response = get_response()
		self.assertEqual(response.status_code, 200)
		self.assertIn("ATL-TOWEL-RED", response.get_data(as_text=True))

	def test_the_request_follows_its_quotation_and_contract(self):
		frappe.set_user(ATLANTIC_BUYER)
		name = portal.request_order(
			[{"customer_item_code": "ATL-MAT-GREY", "qty": 300}], request_key=frappe.generate_hash()
		)
		frappe.set_user("Administrator")
		quotation = frappe.get_doc("Quotation", frappe.db.get_value("Order Request", name, "quotation"))
		for line in quotation.items:
			line.rate = 4.1
		quotation.save()
		quotation.submit()
		self.assertEqual(frappe.db.get_value("Order Request", name, "status"), "Quoted")
		frappe.set_user(ATLANTIC_BUYER)
		quoted = portal.order_request(name)["quoted"]
		self.assertEqual(
			[(line.customer_item_code, line.rate) for line in quoted["lines"]], [("ATL-MAT-GREY", 4.1)]
		)
		frappe.set_user("Administrator")
		contract = make_export_contract(quotation.name)
		contract.update(contract_terms())
		contract.insert()
		contract.submit()
		self.assertEqual(
			frappe.db.get_value("Order Request", name, ["status", "export_contract"]),
			("Contracted", contract.name),
		)
		contract.cancel()
		self.assertEqual(frappe.db.get_value("Order Request", name, "status"), "Quoted")
		# once quoted, the request's lines no longer change
		request = frappe.get_doc("Order Request", name)
		request.items[0].qty = 999
		with self.assertRaisesRegex(frappe.ValidationError, "can no longer change"):
			request.save()

	def test_indicative_price_for_priced_items_only(self):
		frappe.set_user(ATLANTIC_BUYER)
		found = portal.get_indicative(["FTC-TOWEL-RED", "NO-PRICE-ITEM"])
		self.assertIn("FTC-TOWEL-RED", found)
		self.assertGreater(found["FTC-TOWEL-RED"]["rate"], 0)
		self.assertNotIn("NO-PRICE-ITEM", found)
		codes = {i["item_code"]: i["customer_item_code"] for i in portal.orderable_items()}
		self.assertEqual(codes["FTC-TOWEL-RED"], "ATL-TOWEL-RED")
