"""The daily alerts of letters of credit, run twice for the same day: each alert is sent once, to the
customer's sales person, and only for what is due (one query per kind, as the other alerts)."""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, getdate, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_USER
from foreign_trade_crm.rules import alerts as rules
from foreign_trade_crm.services import alerts as engine
from foreign_trade_crm.tests import credit_factories as cf
from foreign_trade_crm.tests.factories import (
	make_contract,
	make_customer,
	make_desk_user,
	make_notice,
	make_outbox,
	make_payment_terms,
	make_sales_person,
)

TODAY = getdate(nowdate())
SALES = "lc.alerts.sales@example.com"
BUYER = "FTC Buyer Credit Alerts"
SETTINGS = {
	"alert_quotations": 0,
	"alert_countersign": 0,
	"alert_receivables": 0,
	"alert_quiet_customers": 0,
	"alert_contact_dates": 0,
	"release_idle_leads": 0,
	"alert_lc_expiry": 1,
	"lc_expiry_days": 14,
	"alert_lc_shipment": 1,
	"lc_shipment_days": 7,
	"alert_lc_presentation": 1,
	"lc_presentation_days": 5,
	"alert_lc_missing": 1,
	"lc_missing_days": 14,
	"lc_discrepancy_policy": "Warn",
}


def sent(name):
	return {
		(r.kind, r.stage, r.recipient)
		for r in frappe.get_all(
			"Alert Log",
			filters={"reference_name": name, "status": "Sent"},
			fields=["kind", "stage", "recipient"],
		)
	}


class TestCreditAlerts(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_outbox()
		make_desk_user(SALES, [EXPORT_SALES_USER])
		person = make_sales_person("FTC Credit Alerts Sales", SALES)
		make_customer(BUYER, "USD")
		customer = frappe.get_doc("Customer", BUYER)
		if not customer.sales_team:
			customer.append("sales_team", {"sales_person": person, "allocated_percentage": 100})
			customer.save(ignore_permissions=True)

		# expires in 3 days, nothing drawn
		cls.expiring = cf.make_credit(customer=BUYER, expiry_days=3, latest_days=1)
		# expires in 60 days; latest shipment in 2 days, its contract still to ship
		cls.pending = cf.credit_contract(customer=BUYER)
		cls.shipping = cf.make_credit(customer=BUYER, contracts=[cls.pending], latest_days=2, expiry_days=60)
		# expires in 60 days; latest shipment in 2 days, its contract shipped in full
		shipped = cf.credit_contract(customer=BUYER, goods=cf.GOODS[:1])
		cls.shipped_credit = cf.make_credit(
			customer=BUYER, contracts=[shipped], latest_days=2, expiry_days=60, goods=cf.GOODS[:1]
		)
		make_notice(BUYER, [(shipped, 1, 20000)], letter_of_credit=cls.shipped_credit.name)
		# shipped 18 days ago: the last day for presentation, 21 days after shipment, is 3 days ahead
		cls.notice = make_notice(
			BUYER,
			[(cls.pending, 1, 10)],
			bl_date=add_days(TODAY, -18),
			letter_of_credit=cls.shipping.name,
			port_of_destination="Los Angeles",
		)
		# payable by L/C, countersigned 20 days ago, no credit yet; and one by T/T
		lc_terms = make_payment_terms("FTC L/C at Sight", 0)
		cls.missing = make_contract(BUYER, [("FTC-MAT-GREY", 100, 4.1)], payment_terms_template=lc_terms)
		frappe.db.set_value("Export Contract", cls.missing.name, "countersigned_on", add_days(TODAY, -20))
		tt_terms = make_payment_terms("FTC T/T 30 Days after B/L", 30)
		cls.by_tt = make_contract(BUYER, [("FTC-MAT-GREY", 100, 4.1)], payment_terms_template=tt_terms)
		frappe.db.set_value("Export Contract", cls.by_tt.name, "countersigned_on", add_days(TODAY, -20))

	def test_each_alert_once_for_what_is_due(self):
		with change_settings("Foreign Trade Settings", SETTINGS):
			engine.run_daily(TODAY)
			first = {
				name: sent(name)
				for name in (
					self.expiring.name,
					self.shipping.name,
					self.shipped_credit.name,
					self.notice.name,
					self.missing.name,
					self.by_tt.name,
				)
			}
			count = frappe.db.count("Alert Log")
			engine.run_daily(TODAY)  # the same day again: nothing new
			self.assertEqual(frappe.db.count("Alert Log"), count)

		expiry = getdate(self.expiring.expiry_date).isoformat()
		self.assertIn((rules.LC_EXPIRING, f"expiry:{expiry}", SALES), first[self.expiring.name])
		latest = getdate(self.shipping.latest_shipment_date).isoformat()
		self.assertEqual(first[self.shipping.name], {(rules.LC_SHIPMENT, f"shipment:{latest}", SALES)})
		self.assertEqual(first[self.shipped_credit.name], set())  # nothing left to ship
		self.assertEqual({(k, r) for k, _s, r in first[self.notice.name]}, {(rules.LC_PRESENTATION, SALES)})
		self.assertEqual(first[self.missing.name], {(rules.LC_MISSING, "missing", SALES)})
		self.assertEqual(first[self.by_tt.name], set())

	def test_a_presented_notice_and_a_credit_received_are_not_alerted(self):
		from foreign_trade_crm.services.letter_of_credit_presentation import make_presentation

		contract = cf.credit_contract(customer=BUYER)
		credit = cf.make_credit(customer=BUYER, contracts=[contract], expiry_days=60)
		notice = make_notice(
			BUYER,
			[(contract, 1, 10)],
			bl_date=add_days(TODAY, -18),
			letter_of_credit=credit.name,
			port_of_destination="Los Angeles",
		)
		lc_terms = make_payment_terms("FTC L/C at Sight", 0)
		signed = make_contract(BUYER, [("FTC-MAT-GREY", 100, 4.1)], payment_terms_template=lc_terms)
		frappe.db.set_value("Export Contract", signed.name, "countersigned_on", add_days(TODAY, -20))
		with change_settings("Foreign Trade Settings", SETTINGS):
			due = {(a["kind"], a["name"]) for a in engine.select_due(TODAY)["alerts"]}
			self.assertIn((rules.LC_PRESENTATION, notice.name), due)
			self.assertIn((rules.LC_MISSING, signed.name), due)
			frappe.get_doc("Letter of Credit Presentation", make_presentation(notice.name)).submit()
			cf.make_credit(customer=BUYER, contracts=[signed])
			due = {(a["kind"], a["name"]) for a in engine.select_due(TODAY)["alerts"]}
		self.assertNotIn((rules.LC_PRESENTATION, notice.name), due)
		self.assertNotIn((rules.LC_MISSING, signed.name), due)
