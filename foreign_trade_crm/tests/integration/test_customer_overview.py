"""Customer 360 on the Customer form: the figures match the documents behind them."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import flt

from foreign_trade_crm.tests.factories import make_claim, make_contract, make_customer, make_notice


class TestCustomerOverview(FrappeTestCase):
	def test_overview_sums_contracts_shipments_receivables_claims_and_feedback(self):
		frappe.set_user("Administrator")
		customer = make_customer(f"FTC Buyer Overview {frappe.generate_hash(length=5)}", "USD")
		first = make_contract(customer, [("FTC-TOWEL-RED", 1000, 3.25)])
		make_contract(customer, [("FTC-ROBE-L", 100, 12.8)], countersign=False)
		notice = make_notice(customer, [(first, 1, 400)])
		claim = make_claim(notice, [(1, 10, 32.5)])
		frappe.get_doc(
			{
				"doctype": "Customer Feedback",
				"customer": customer,
				"feedback_type": "Inquiry",
				"subject": "Next vessel?",
				"description": "When?",
			}
		).insert()

		doc = frappe.get_doc("Customer", customer)
		doc.run_method("onload")
		o = doc.get_onload().foreign_trade_overview
		c = o["contracts"]
		self.assertEqual((c["count"], c["to_countersign"]), (2, 1))
		self.assertEqual(c["total"], flt((3250 + 1280) * 7.1, 2))
		self.assertEqual(c["largest"], flt(3250 * 7.1, 2))
		self.assertEqual(c["shipped"], flt(1300 * 7.1, 2))
		# the shipment's invoice is unpaid: booked in company currency
		self.assertEqual(o["receivables"]["unpaid"], flt(1300 * 7.1, 2))
		self.assertEqual((o["claims"]["count"], o["claims"]["open"]), (1, 1))
		self.assertEqual(o["claims"]["claimed"], flt(claim.claimed_amount * 7.1, 2))
		self.assertEqual(o["open_feedback"], 1)
		self.assertEqual(o["last_order"], str(first.contract_date))
		self.assertEqual(o["currency"], "CNY")
		# profit: the contracts' kept estimates, and the ledger's actual: the shipment's sales
		estimates = frappe.get_all(
			"Export Contract", filters={"customer": customer, "docstatus": 1}, pluck="est_profit"
		)
		self.assertEqual(o["profit"]["estimate"], flt(sum(estimates), 2))
		self.assertEqual(o["profit"]["actual"], flt(1300 * 7.1, 2))
		# which a sales user does not see
		from foreign_trade_crm.tests.factories import make_desk_user

		frappe.set_user(make_desk_user("overview.sales@example.com", ["Export Sales User"]))
		try:
			from foreign_trade_crm.services.customer_overview import overview

			self.assertIsNone(overview(customer)["profit"])
		finally:
			frappe.set_user("Administrator")

	def test_connections_list_the_customer_s_export_documents_with_their_counts(self):
		"""Guards against this: Customer → Connections named none of the app's documents."""
		from frappe.desk.notifications import get_open_count

		customer = make_customer(f"FTC Connections {frappe.generate_hash(length=6)}", "USD", "United States")
		contract = make_contract(customer, [("FTC-TOWEL-RED", 100, 3.25)])
		make_notice(customer, [(contract, 1, 40)])
		meta = frappe.get_meta("Customer").get_dashboard_data()
		linked = {d for group in meta.transactions for d in group["items"]}
		self.assertTrue(
			{"Export Contract", "Shipment Notice", "Order Request", "Trade Claim", "Customer Feedback"}
			<= linked
		)
		counts = {
			c["doctype"]: c["count"]
			for c in get_open_count("Customer", customer)["count"]["external_links_found"]
		}
		self.assertEqual((counts["Export Contract"], counts["Shipment Notice"]), (1, 1))
