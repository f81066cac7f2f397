"""Contact care (seed 003 联系人管理, 生日关怀): a contact's birthday reminds the customer's sales
person ahead, greets the contact on the day where the customer wants it, in the customer's language, once."""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, getdate, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_USER
from foreign_trade_crm.install import create_email_templates
from foreign_trade_crm.services import alerts as engine
from foreign_trade_crm.tests.factories import make_customer, make_desk_user, make_outbox, make_sales_person

TODAY = getdate(add_days(nowdate(), 10))  # the frozen "today" the engine runs for
SALES = "care.sales@example.com"
SETTINGS = {
	"alert_quotations": 0,
	"alert_countersign": 0,
	"alert_receivables": 0,
	"alert_quiet_customers": 0,
	"release_idle_leads": 0,
	"alert_contact_dates": 1,
	"contact_care_days_before": 3,
}


def make_contact(first_name: str, customer: str, email: str, birthday, occasion="Birthday") -> str:
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": first_name,
			"email_ids": [{"email_id": email, "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": customer}],
			"contact_dates": [{"occasion": occasion, "date": birthday}],
		}
	).insert(ignore_permissions=True)
	return contact.name


def greetings(contact: str) -> list:
	return frappe.get_all(
		"Email Queue", filters={"reference_doctype": "Contact", "reference_name": contact}, fields=["message"]
	)


class TestContactCare(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_outbox()
		create_email_templates()
		make_desk_user(SALES, [EXPORT_SALES_USER])
		sales_person = make_sales_person("FTC Care Sales", SALES)
		cls.customers = {}
		for name, greet, language in (
			("FTC Buyer Care Greets", 1, "zh"),
			("FTC Buyer Care Quiet", 0, "en"),
		):
			make_customer(name, "USD")
			customer = frappe.get_doc("Customer", name)
			customer.sales_team = []
			customer.append("sales_team", {"sales_person": sales_person, "allocated_percentage": 100})
			customer.send_contact_greetings = greet
			customer.language = language
			customer.save(ignore_permissions=True)
		suffix = frappe.generate_hash(length=5)
		# born on TODAY + 2 (a year unknown to us: 1900), the other one's wedding day TODAY
		cls.li = make_contact(
			f"Li {suffix}",
			"FTC Buyer Care Greets",
			f"li.{suffix}@example.com",
			add_days(TODAY, 2).replace(year=1980),
		)
		cls.anna = make_contact(
			f"Anna {suffix}",
			"FTC Buyer Care Quiet",
			f"anna.{suffix}@example.com",
			TODAY.replace(year=1990),
			"Wedding Anniversary",
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_reminded_ahead_greeted_on_the_day_once_in_the_customers_language(self):
		# two days ahead: the sales person is reminded, nobody greeted yet
		engine.run_daily(TODAY)
		stage = f"remind:{add_days(TODAY, 2)}"
		self.assertEqual(
			frappe.get_all(
				"Alert Log",
				filters={"reference_name": self.li, "status": "Sent"},
				fields=["kind", "stage", "recipient", "channel"],
			),
			[{"kind": "Contact Date", "stage": stage, "recipient": SALES, "channel": "Notification"}],
		)
		self.assertTrue(
			frappe.db.exists("ToDo", {"reference_name": self.li, "allocated_to": SALES, "status": "Open"})
		)
		self.assertEqual(greetings(self.li), [])
		# Anna's anniversary is today: reminded, but her customer sends no greetings
		self.assertEqual(
			{
				r.stage
				for r in frappe.get_all("Alert Log", filters={"reference_name": self.anna}, fields=["stage"])
			},
			{f"remind:{TODAY}"},
		)
		self.assertEqual(greetings(self.anna), [])

		# the next day and the day itself: no second reminder; on the day one greeting, in Chinese
		engine.run_daily(add_days(TODAY, 1))
		engine.run_daily(add_days(TODAY, 2))
		engine.run_daily(add_days(TODAY, 2))
		self.assertEqual(
			sorted(
				(r.stage, r.channel)
				for r in frappe.get_all(
					"Alert Log",
					filters={"reference_name": self.li, "status": "Sent"},
					fields=["stage", "channel"],
				)
			),
			[(f"greet:{add_days(TODAY, 2)}", "E-mail"), (stage, "Notification")],
		)
		(mail,) = greetings(self.li)
		import quopri

		self.assertIn("祝您生日快乐", quopri.decodestring(mail.message.encode()).decode("utf-8", "ignore"))
		self.assertEqual(greetings(self.anna), [])

	@change_settings("Foreign Trade Settings", {**SETTINGS, "alert_contact_dates": 0})
	def test_switched_off_nothing_is_sent(self):
		before = frappe.db.count("Alert Log", {"kind": "Contact Date"})
		engine.run_daily(TODAY)
		self.assertEqual(frappe.db.count("Alert Log", {"kind": "Contact Date"}), before)

	@change_settings("Foreign Trade Settings", SETTINGS)
	def test_one_query_whatever_the_number_of_contacts(self):
		queries = []
		original = frappe.db.sql

		def counting(query, *args, **kwargs):
			if "tabContact Date" in str(query):
				queries.append(query)
			return original(query, *args, **kwargs)

		frappe.db.sql = counting
		try:
			engine.select_due(TODAY)
		finally:
			frappe.db.sql = original
		self.assertEqual(len(queries), 1)
