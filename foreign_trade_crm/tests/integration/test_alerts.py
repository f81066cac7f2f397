"""The daily alert engine against a real site, with a frozen "today" passed to it (never the wall clock).

Each kind: due records alerted once per stage, not-yet-due and resolved ones not, a second
run sends nothing, and a failing recipient does not stop the others.
"""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, getdate, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER, EXPORT_SALES_USER
from foreign_trade_crm.rules import alerts as rules
from foreign_trade_crm.services import alerts as engine
from foreign_trade_crm.services.alert_items import NOTIFICATION
from foreign_trade_crm.tests.factories import (
	make_collection,
	make_contract,
	make_customer,
	make_desk_user,
	make_notice,
	make_outbox,
	make_quotation,
	make_sales_person,
)

BASE = getdate(nowdate())
TODAY = add_days(BASE, 5)  # the frozen "today" the engine is run for
SALES = "alerts.sales@example.com"
MANAGER = "alerts.manager@example.com"
BUYER = "FTC Buyer Alerts"
BAD_MAIL_BUYER = "FTC Buyer Bad Mail"
ONLY = {"alert_quotations": 0, "alert_countersign": 0, "alert_receivables": 0}
SETTINGS = {
	"alert_quotations": 1,
	"alert_countersign": 1,
	"alert_receivables": 1,
	"alert_quiet_customers": 0,
	"release_idle_leads": 0,
	"escalate_after_days": 7,
	"receivable_alert_steps": "1, 15, 30",
}


def logs(name, **filters):
	return frappe.get_all(
		"Alert Log",
		filters={"reference_name": name, **filters},
		fields=["kind", "stage", "recipient", "channel", "status"],
		order_by="stage, recipient",
	)


def sent(name):
	return {(r.stage, r.recipient) for r in logs(name, status="Sent")}


class TestAlerts(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_outbox()
		make_desk_user(SALES, [EXPORT_SALES_USER])
		make_desk_user(MANAGER, [EXPORT_SALES_MANAGER])
		cls.sales_person = make_sales_person("FTC Alerts Sales", SALES)
		for name in (BUYER, BAD_MAIL_BUYER):
			make_customer(name, "USD")
			customer = frappe.get_doc("Customer", name)
			if not customer.sales_team:
				customer.append("sales_team", {"sales_person": cls.sales_person, "allocated_percentage": 100})
				customer.save(ignore_permissions=True)
		frappe.db.set_value(
			"Customer", BUYER, {"send_buyer_reminders": 1, "email_id": "buyer@alerts.example.com"}
		)
		frappe.db.set_value(
			"Customer", BAD_MAIL_BUYER, {"send_buyer_reminders": 1, "email_id": "not-an-e-mail"}
		)

		quote = [("FTC-TOWEL-RED", 100, 3.25)]
		ten_ago = add_days(BASE, -10)
		cls.q_due = make_quotation(BUYER, quote, transaction_date=ten_ago, reply_due_date=add_days(BASE, -5))
		cls.q_answered = make_quotation(
			BUYER, quote, transaction_date=ten_ago, reply_due_date=add_days(BASE, -5)
		)
		cls.q_answered.db_set({"buyer_reply": "Accepted", "buyer_reply_date": BASE})
		cls.q_later = make_quotation(
			BUYER, quote, transaction_date=ten_ago, reply_due_date=add_days(BASE, 30)
		)
		cls.q_bad_mail = make_quotation(
			BAD_MAIL_BUYER, quote, transaction_date=ten_ago, reply_due_date=add_days(BASE, -1)
		)

		lines = [("FTC-TOWEL-RED", 1000, 3.25)]
		cls.c_due = make_contract(
			BUYER, lines, countersign=False, contract_date=ten_ago, countersign_due_date=add_days(BASE, -2)
		)
		cls.c_signed = make_contract(
			BUYER, lines, contract_date=ten_ago, countersign_due_date=add_days(BASE, -2)
		)
		cls.c_later = make_contract(
			BUYER, lines, countersign=False, contract_date=ten_ago, countersign_due_date=add_days(BASE, 30)
		)

		cls.i_due = cls.invoice(cls.c_signed, expected=add_days(BASE, -25))  # 30 days late at TODAY
		cls.i_step = cls.invoice(cls.c_signed, expected=add_days(BASE, -11))  # 16 days late
		cls.i_later = cls.invoice(cls.c_signed, expected=add_days(BASE, 10))
		cls.i_paid = cls.invoice(cls.c_signed, expected=add_days(BASE, -25))
		amount = frappe.db.get_value("Sales Invoice", cls.i_paid, "outstanding_amount")
		make_collection(cls.i_paid, amount, 7.1)

	@classmethod
	def invoice(cls, contract, expected):
		notice = make_notice(BUYER, [(contract, 1, 10)])
		frappe.db.set_value("Sales Invoice", notice.sales_invoice, "expected_collection_date", expected)
		return notice.sales_invoice

	def setUp(self):
		frappe.set_user("Administrator")

	def test_the_report_lists_a_document_once_naming_each_stage_due(self):
		"""Guards against this: an overdue invoice's reminder and its escalation were two alike rows."""
		from foreign_trade_crm.foreign_trade_crm.report.alerts.alerts import due_rows

		invoice = self.invoice(self.c_signed, expected=add_days(BASE, -25))  # 30 days late at TODAY
		with change_settings("Foreign Trade Settings", SETTINGS):
			rows = [r for r in due_rows(TODAY) if r["reference_name"] == invoice]
		self.assertEqual(len(rows), 1)
		self.assertEqual(rows[0]["stage"], "Reminder at 30 days overdue + Escalated to the managers")
		self.assertIn(MANAGER, rows[0]["recipients"])

	def test_quotation_contract_and_receivable_alerts_once_per_stage(self):
		with change_settings("Foreign Trade Settings", SETTINGS):
			engine.run_daily(TODAY)
			# late 10 days: due to the sales person and the buyer, escalated to the managers
			self.assertEqual(
				sent(self.q_due.name),
				{("due", SALES), ("due", "buyer@alerts.example.com"), ("escalated", MANAGER)}
				| {("escalated", m) for m in engine._managers()},
			)
			self.assertEqual(sent(self.q_answered.name), set())
			self.assertEqual(sent(self.q_later.name), set())
			# late 7 days: escalated too
			self.assertIn(("due", SALES), sent(self.c_due.name))
			self.assertIn(("escalated", MANAGER), sent(self.c_due.name))
			self.assertEqual(sent(self.c_signed.name), set())
			self.assertEqual(sent(self.c_later.name), set())
			# receivables: the highest step reached only
			self.assertEqual({s for s, _r in sent(self.i_due)}, {"step-30", "escalated"})
			self.assertEqual({s for s, _r in sent(self.i_step)}, {"step-15", "escalated"})
			self.assertEqual(sent(self.i_later), set())
			self.assertEqual(sent(self.i_paid), set())
			# the sales person got a notification and the document in their ToDo list
			self.assertTrue(
				frappe.db.exists(
					"Notification Log", {"for_user": SALES, "document_name": self.q_due.name, "type": "Alert"}
				)
			)
			self.assertTrue(
				frappe.db.exists(
					"ToDo", {"allocated_to": SALES, "reference_name": self.c_due.name, "status": "Open"}
				)
			)
			# one notification per alert: no second "assigned to you" one; the list shows who has it
			self.assertEqual(
				frappe.get_all(
					"Notification Log",
					filters={"for_user": SALES, "document_name": self.c_due.name},
					pluck="type",
				),
				["Alert"],
			)
			self.assertIn(
				SALES, frappe.parse_json(frappe.db.get_value("Export Contract", self.c_due.name, "_assign"))
			)
			# the buyer's reminder is queued from the template
			mail = frappe.get_all(
				"Email Queue",
				filters={"reference_name": self.q_due.name},
				fields=["message"],
			)
			self.assertEqual(len(mail), 1)
			self.assertIn(f"quotation {self.q_due.name}", mail[0].message)

			# the same day again: nothing new at all; the next day: nothing new for these documents
			count = frappe.db.count("Alert Log")
			notifications = frappe.db.count("Notification Log", {"for_user": SALES})
			engine.run_daily(TODAY)
			self.assertEqual(frappe.db.count("Alert Log"), count)
			self.assertEqual(frappe.db.count("Notification Log", {"for_user": SALES}), notifications)
			mine = (self.q_due.name, self.c_due.name, self.i_due, self.i_step)
			before = {name: sent(name) for name in mine}
			engine.run_daily(add_days(TODAY, 1))
			self.assertEqual({name: sent(name) for name in mine}, before)

			# two weeks on, the 16-days-late invoice reaches the 30-day step: one more alert
			engine.run_daily(add_days(TODAY, 14))
			self.assertIn(("step-30", SALES), sent(self.i_step))

	def test_no_reply_reminder_for_a_quotation_the_buyer_can_no_longer_answer(self):
		"""The reminder goes out for what the portal shows as "reply date passed" (rules/quotation_reply.py):
		not for a quotation partly contracted, nor for one past its validity."""
		quote = [("FTC-TOWEL-RED", 100, 3.25)]
		ten_ago = add_days(BASE, -10)
		partly = make_quotation(BUYER, quote, transaction_date=ten_ago, reply_due_date=add_days(BASE, -5))
		partly.db_set("status", "Partially Ordered")
		lapsed = make_quotation(
			BUYER,
			quote,
			transaction_date=ten_ago,
			reply_due_date=add_days(BASE, -5),
			valid_till=add_days(BASE, -3),
		)
		with change_settings("Foreign Trade Settings", SETTINGS):
			engine.run_daily(TODAY)
		self.assertEqual(sent(partly.name), set())
		self.assertEqual(sent(lapsed.name), set())
		self.assertIn(("due", SALES), sent(self.q_due.name))

	def test_a_failing_recipient_is_logged_and_the_others_still_get_it(self):
		with change_settings("Foreign Trade Settings", SETTINGS):
			engine.run_daily(TODAY)
		entries = logs(self.q_bad_mail.name, stage="due")
		self.assertIn(("not-an-e-mail", "Failed"), {(r.recipient, r.status) for r in entries})
		self.assertIn((SALES, "Sent"), {(r.recipient, r.status) for r in entries})

	def test_selection_decides_in_a_constant_number_of_queries(self):
		counted = []
		original = frappe.db.sql

		def counting(*args, **kwargs):
			counted.append(args[0])
			return original(*args, **kwargs)

		with change_settings(
			"Foreign Trade Settings", {**SETTINGS, "alert_quiet_customers": 1, "release_idle_leads": 1}
		):
			frappe.db.sql = counting
			try:
				near = engine.select_due(TODAY)
				near_queries = len(counted)
				counted.clear()
				far = engine.select_due(add_days(TODAY, 400))  # everything is due by then
				far_queries = len(counted)
			finally:
				frappe.db.sql = original
		self.assertGreater(len(far["alerts"]), len(near["alerts"]))
		self.assertEqual(near_queries, far_queries)

	def test_customer_gone_quiet_is_alerted_once_per_quiet_spell(self):
		quiet = "FTC Buyer Quiet"
		make_customer(quiet, "USD")
		later = add_days(BASE, 70)
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"subject": "Next season's order",
				"content": "We plan to order again.",
				"reference_doctype": "Customer",
				"reference_name": BUYER,
				"communication_date": add_days(later, -5),
			}
		).insert(ignore_permissions=True)
		with change_settings(
			"Foreign Trade Settings",
			{
				**SETTINGS,
				**ONLY,
				"alert_quiet_customers": 1,
				"quiet_after_days": 60,
				"no_order_after_days": 180,
			},
		):
			engine.run_daily(later)
			stages = {r.stage for r in logs(quiet, status="Sent", kind=rules.QUIET)}
			self.assertEqual(len(stages), 1)
			self.assertTrue(stages.pop().startswith("quiet:"))
			self.assertEqual(logs(BUYER, kind=rules.QUIET), [])
			count = frappe.db.count("Alert Log", {"kind": rules.QUIET})
			engine.run_daily(add_days(later, 1))
			self.assertEqual(frappe.db.count("Alert Log", {"kind": rules.QUIET}), count)

	def test_idle_leads_and_leads_of_disabled_users_go_back_to_the_pool(self):
		from frappe.desk.form.assign_to import add as assign

		disabled = make_desk_user("alerts.gone@example.com", [EXPORT_SALES_USER])
		leads = {}
		for key, user in (("idle", SALES), ("active", SALES), ("orphan", disabled)):
			lead = frappe.get_doc(
				{"doctype": "Lead", "lead_name": f"Alerts {key} {frappe.generate_hash(length=5)}"}
			).insert(ignore_permissions=True)
			assign({"assign_to": [user], "doctype": "Lead", "name": lead.name}, ignore_permissions=True)
			leads[key] = lead.name
		later = add_days(BASE, 20)
		comment = frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Lead",
				"reference_name": leads["active"],
				"content": "Called, sending samples",
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Comment", comment.name, "creation", add_days(later, -2), update_modified=False)
		frappe.db.set_value("User", disabled, "enabled", 0)
		# the disabled user's lead goes at once, the idle one only after the idle days
		with change_settings(
			"Foreign Trade Settings", {**SETTINGS, **ONLY, "release_idle_leads": 1, "lead_idle_days": 14}
		):
			engine.run_daily(BASE)
			self.assertTrue(self.is_assigned(leads["idle"], SALES))
			self.assertFalse(self.is_assigned(leads["orphan"], disabled))
			engine.run_daily(later)
		self.assertFalse(self.is_assigned(leads["idle"], SALES))
		self.assertTrue(self.is_assigned(leads["active"], SALES))
		note = frappe.get_all(
			"Comment",
			filters={"reference_name": leads["idle"], "comment_type": "Info"},
			pluck="content",
		)
		self.assertTrue(any("Released back to the pool" in n for n in note))
		frappe.db.set_value("User", disabled, "enabled", 1)

	def is_assigned(self, lead, user):
		return bool(
			frappe.db.exists(
				"ToDo",
				{"reference_type": "Lead", "reference_name": lead, "allocated_to": user, "status": "Open"},
			)
		)

	def test_the_database_refuses_a_second_log_of_the_same_alert(self):
		item = {"kind": rules.QUOTATION, "doctype": "Quotation", "name": self.q_later.name, "stage": "test"}
		key = rules.dedupe_key(rules.QUOTATION, "Quotation", self.q_later.name, "test", SALES)
		engine._log(item, NOTIFICATION, SALES, "Sent", dedupe_key=key)
		with self.assertRaises(frappe.UniqueValidationError):
			engine._log(item, NOTIFICATION, SALES, "Sent", dedupe_key=key)
		frappe.db.delete("Alert Log", {"dedupe_key": key})

	def test_run_now_is_for_managers(self):
		frappe.set_user(SALES)
		with self.assertRaises(frappe.PermissionError):
			engine.run_now()
