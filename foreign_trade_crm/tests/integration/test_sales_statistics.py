"""Sales Activity Statistics: the report equals the documents behind it, for two sales persons;
one query per kind of record; a sales user sees their own row; a buyer cannot run it."""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, flt, getdate, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_USER
from foreign_trade_crm.foreign_trade_crm.report.sales_activity_statistics.sales_activity_statistics import (
	execute,
)
from foreign_trade_crm.services import sales_statistics as service
from foreign_trade_crm.tests.factories import (
	CUSTOMERS,
	make_collection,
	make_contract,
	make_customer,
	make_desk_user,
	make_notice,
	make_quotation,
	make_sales_person,
	set_sales_team,
)

USER_A, USER_B = "stats.a@example.com", "stats.b@example.com"
TODAY = getdate(nowdate())
FILTERS = {"from_date": add_days(TODAY, -30), "to_date": add_days(TODAY, 1), "group_by": "Sales Person"}


def make_lead(owner: str) -> str:
	suffix = frappe.generate_hash(length=6)
	return (
		frappe.get_doc(
			{
				"doctype": "Lead",
				"lead_name": f"Buyer {suffix}",
				"company_name": f"Stats Lead {suffix} Ltd",
				"lead_owner": owner,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


class TestSalesStatistics(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		suffix = frappe.generate_hash(length=5)
		make_desk_user(USER_A, [EXPORT_SALES_USER])
		make_desk_user(USER_B, [EXPORT_SALES_USER])
		cls.a = make_sales_person("FTC Stats A", USER_A)
		cls.b = make_sales_person("FTC Stats B", USER_B)
		cls.ca = set_sales_team(make_customer(f"FTC Stats Buyer A {suffix}", "USD"), cls.a)
		cls.cb = set_sales_team(make_customer(f"FTC Stats Buyer B {suffix}", "USD"), cls.b)
		# leads: three of A's, one of B's; one of A's becomes a customer
		leads = [make_lead(USER_A) for _ in range(3)] + [make_lead(USER_B)]
		converted = make_customer(f"FTC Stats Converted {suffix}", "USD")
		frappe.db.set_value("Customer", converted, "lead_name", leads[0])
		# quotations: two to A's customer, one answered, the other only e-mailed to the buyer (ERPNext's
		# Replied: it awaits the buyer's answer); one to B's
		quote = [("FTC-TOWEL-RED", 100, 3.25)]
		answered = make_quotation(cls.ca, quote)
		frappe.db.set_value("Quotation", answered.name, "buyer_reply", "Accepted")
		frappe.db.set_value("Quotation", make_quotation(cls.ca, quote).name, "status", "Replied")
		make_quotation(cls.cb, quote)
		# contracts: A's customer's, and one of B's customer's that names A as its sales person
		cls.first = make_contract(cls.ca, [("FTC-TOWEL-RED", 1000, 3.25)])
		make_contract(cls.cb, [("FTC-ROBE-L", 100, 12.8)], sales_person=cls.a)
		# shipped 400 of A's customer's contract; 1,000 of its 1,300 USD collected at 7.20
		notice = make_notice(cls.ca, [(cls.first, 1, 400)])
		frappe.db.set_value(
			"Sales Invoice", notice.sales_invoice, "expected_collection_date", add_days(TODAY, -1)
		)
		make_collection(notice.sales_invoice, 1000, 7.2)

	def tearDown(self):
		frappe.set_user("Administrator")

	def rows(self, **filters):
		_columns, data, _message, chart = execute({**FILTERS, **filters})
		return {r["sales_person"]: r for r in data if r.get("sales_person") in (self.a, self.b)}, chart

	def test_the_report_equals_the_documents_behind_it(self):
		rows, chart = self.rows()
		a, b = rows[self.a], rows[self.b]
		self.assertEqual(
			(a["new_leads"], a["converted_leads"], a["quotations"], a["answered"], a["reply_rate"]),
			(3, 1, 2, 1, 50.0),
		)
		self.assertEqual((a["contracts"], a["contract_amount"]), (2, flt((3250 + 1280) * 7.1, 2)))
		self.assertEqual(a["shipped"], flt(1300 * 7.1, 2))
		self.assertEqual(a["collected"], flt(1000 * 7.2, 2))
		self.assertEqual(a["overdue"], flt(300 * 7.1, 2))
		self.assertEqual(
			(b["new_leads"], b["quotations"], b["answered"], b["contracts"], b["shipped"]), (1, 1, 0, 0, 0)
		)
		self.assertIsNotNone(chart)
		# per month: the same figures, in this month's row
		monthly, _chart = self.rows(group_by="Sales Person and Month", sales_person=self.a)
		self.assertEqual(monthly[self.a]["contracts"], 2)

	def test_one_query_per_kind_of_record_whatever_the_number_of_sales_persons(self):
		def count():
			seen = []
			original = frappe.db.sql

			def counting(query, *args, **kwargs):
				seen.append(str(query))
				return original(query, *args, **kwargs)

			frappe.db.sql = counting
			try:
				execute(FILTERS)
			finally:
				frappe.db.sql = original
			return len([q for q in seen if "group by" in q])

		before = count()
		make_desk_user("stats.c@example.com", [EXPORT_SALES_USER])
		person = make_sales_person("FTC Stats C", "stats.c@example.com")
		set_sales_team(make_customer(f"FTC Stats Buyer C {frappe.generate_hash(length=5)}", "USD"), person)
		make_lead("stats.c@example.com")
		self.assertEqual(before, len(service.QUERIES))
		self.assertEqual(count(), before)

	@change_settings("Foreign Trade Settings", {"restrict_sales_users_to_own_customers": 1})
	def test_a_sales_user_sees_their_own_row_only(self):
		frappe.set_user(USER_B)
		_columns, data, *_ = execute(FILTERS)
		self.assertEqual({r["sales_person"] for r in data}, {self.b})

	def test_a_buyer_cannot_run_it(self):
		from frappe.desk.query_report import run

		frappe.set_user(CUSTOMERS[0][3])
		with self.assertRaises(frappe.PermissionError):
			run("Sales Activity Statistics", filters=FILTERS)
