"""A contract as a new user makes it, from scratch: it takes its currency, exchange rate, price list, payment
terms and sales person from the buyer and each line its rate, UOM and the buyer's code from the item, as
ERPNext's Sales Order does; a foreign currency at rate 1 is refused unless confirmed; every report credits
a contract to the same sales person; the statistics count what the documents say."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, flt, nowdate

from foreign_trade_crm.foreign_trade_crm.report.contract_profit.contract_profit import (
	execute as profit_report,
)
from foreign_trade_crm.foreign_trade_crm.report.sales_activity_statistics.sales_activity_statistics import (
	execute as statistics_report,
)
from foreign_trade_crm.tests.factories import (
	COMPANY,
	CUSTOMERS,
	contract_terms,
	make_customer,
	make_desk_user,
	make_exchange_rate,
	make_payment_terms,
	make_quotation,
	make_sales_person,
	set_sales_team,
)

ATLANTIC = CUSTOMERS[0][0]


class TestContractFromScratch(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_exchange_rate("USD", "CNY", 7.1, nowdate())
		suffix = frappe.generate_hash(length=5)
		cls.customer = make_customer(f"FTC Scratch Buyer {suffix}", "USD")
		cls.terms = make_payment_terms()
		frappe.db.set_value("Customer", cls.customer, "payment_terms", cls.terms)
		user = make_desk_user(f"scratch.{suffix}@example.com", ["Export Sales User"])
		cls.sales_person = make_sales_person(f"FTC Scratch {suffix}", user)
		set_sales_team(cls.customer, cls.sales_person)

	def scratch(self, **kw):
		"""What a user types: the buyer, one item and its quantity, the trade terms."""
		return frappe.get_doc(
			{
				"doctype": "Export Contract",
				"customer": self.customer,
				"company": COMPANY,
				"contract_date": nowdate(),
				**contract_terms(),
				"items": [{"item_code": "FTC-TOWEL-RED", "qty": 1000}],
				**kw,
			}
		)

	def test_a_contract_typed_from_scratch_takes_what_the_buyer_and_the_item_say(self):
		doc = self.scratch().insert()
		self.assertEqual((doc.currency, flt(doc.conversion_rate)), ("USD", 7.1))
		self.assertEqual(doc.selling_price_list, "FTC Export USD")
		self.assertEqual((doc.payment_terms_template, doc.sales_person), (self.terms, self.sales_person))
		line = doc.items[0]
		self.assertEqual(
			(flt(line.rate), line.uom, line.item_name), (3.25, "Nos", "Cotton towel, red, 70×140")
		)
		# 1,000 × 3.25 × 7.10: not CNY 3,250 at rate 1
		self.assertEqual(flt(doc.base_total_amount), 23075.0)
		# and the same from the form's calls, before anything is saved
		from foreign_trade_crm.services.contract import customer_defaults, item_defaults

		shown = customer_defaults(COMPANY, self.customer, nowdate())
		self.assertEqual(
			(shown["currency"], shown["conversion_rate"], shown["sales_person"]),
			("USD", 7.1, self.sales_person),
		)
		self.assertEqual(item_defaults("FTC-TOWEL-RED", self.customer, "FTC Export USD", "USD")["rate"], 3.25)
		# a new form sets its currency before its customer: the rate of that currency, no one's terms
		# (the form's call without a customer was a server error on every new contract)
		bare = customer_defaults(COMPANY, currency="USD", contract_date=nowdate())
		self.assertEqual((bare["currency"], bare["conversion_rate"]), ("USD", 7.1))
		self.assertEqual((bare["payment_terms_template"], bare["sales_person"]), (None, None))

	def test_a_foreign_currency_at_rate_1_is_refused_unless_confirmed(self):
		# in euros (typed: not the site's default currency), at 1
		lines = {"items": [{"item_code": "FTC-TOWEL-RED", "qty": 1000, "rate": 3.0}]}
		with self.assertRaises(frappe.ValidationError):
			self.scratch(currency="EUR", conversion_rate=1, **lines).insert()
		confirmed = self.scratch(currency="EUR", conversion_rate=1, **lines)
		confirmed.confirm_exchange_rate_one = 1
		confirmed.insert()
		confirmed.reload()
		confirmed.save()  # saved again unchanged: no second question
		self.assertEqual(flt(confirmed.conversion_rate), 1)

	def test_every_report_credits_a_contract_to_the_same_sales_person(self):
		doc = self.scratch()
		doc.insert()
		doc.submit()
		_columns, rows, *_ = profit_report(
			frappe._dict(company=COMPANY, customer=self.customer, group_by="Sales Person")
		)
		self.assertEqual([r["sales_person"] for r in rows if not r.get("rest")], [self.sales_person])
		_columns, stats, *_ = statistics_report(
			{"from_date": add_days(nowdate(), -1), "to_date": nowdate(), "sales_person": self.sales_person}
		)
		self.assertEqual([(r["sales_person"], r["contracts"]) for r in stats], [(self.sales_person, 1)])

	def test_the_statistics_count_answered_quotations_and_leads_of_nobody(self):
		quotation = make_quotation(
			self.customer, [("FTC-TOWEL-RED", 10, 3.25)], reply_due_date=add_days(nowdate(), 5)
		)
		frappe.db.set_value("Quotation", quotation.name, "status", "Ordered")  # it became a contract
		frappe.get_doc(
			{
				"doctype": "Lead",
				"lead_name": "Nobody's Buyer",
				"company_name": f"Nobody {frappe.generate_hash(length=5)}",
			}
		).insert(ignore_permissions=True)  # owned by Administrator: no sales person
		filters = {"from_date": add_days(nowdate(), -1), "to_date": nowdate()}
		_columns, by_person, *_ = statistics_report({**filters, "group_by": "Sales Person"})
		mine = {r["sales_person"]: r for r in by_person}[self.sales_person]
		self.assertEqual((mine["quotations"], mine["answered"], mine["reply_rate"]), (1, 1, 100.0))
		self.assertGreaterEqual({r["sales_person"]: r for r in by_person}["Not Assigned"]["new_leads"], 1)
		_columns, by_month, *_ = statistics_report({**filters, "group_by": "Month"})
		self.assertEqual(sum(r["new_leads"] for r in by_month), sum(r["new_leads"] for r in by_person))
