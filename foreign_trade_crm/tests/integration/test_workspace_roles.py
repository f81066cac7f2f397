"""Every role's workspace works for that role: its cards, charts and reports (an Export Sales
User got "You don't have permission to get a report on: Sales Invoice" and a chart stuck on Loading…)."""

import json

import frappe
from frappe.desk.query_report import run as run_report
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.constants.roles import EXPORT_ACCOUNTS_USER, EXPORT_SALES_MANAGER, EXPORT_SALES_USER
from foreign_trade_crm.tests.factories import COMPANY, CUSTOMERS, make_contract, make_desk_user, make_notice

WORKSPACE = "Foreign Trade"
ROLES = (EXPORT_SALES_USER, EXPORT_SALES_MANAGER, EXPORT_ACCOUNTS_USER)
FILTERS = {"company": COMPANY}  # and the report's own default cutoff, today


def workspace():
	return frappe.get_doc("Workspace", WORKSPACE)


class TestWorkspacePerRole(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def as_role(self, role):
		frappe.set_user("Administrator")
		user = make_desk_user(f"ws.{frappe.scrub(role)}@example.com", [role])
		frappe.set_user(user)
		return user

	def test_each_role_runs_every_report_of_its_workspace_that_names_it(self):
		for role in ROLES:
			self.as_role(role)
			with self.subTest(role=role):
				reports = [link.link_to for link in workspace().links if link.link_type == "Report"]
				self.assertLessEqual(
					{"Contract Profit", "Sales Activity Statistics", "Order Request Ranking"}, set(reports)
				)
				allowed = [r for r in reports if role in {d.role for d in frappe.get_doc("Report", r).roles}]
				self.assertIn("Export Receivables", allowed)
				for report in allowed:
					result = run_report(report, filters=FILTERS)
					self.assertIn("result", result, report)

	def test_each_role_sees_its_number_cards_and_charts(self):
		from frappe.desk.doctype.number_card.number_card import get_result

		for role in ROLES:
			self.as_role(role)
			with self.subTest(role=role):
				for card in workspace().number_cards:
					doc = frappe.get_doc("Number Card", card.number_card_name)
					if frappe.has_permission(doc.document_type, "read"):
						get_result(doc.as_json(), doc.filters_json)
				for chart in workspace().charts:
					doc = frappe.get_doc("Dashboard Chart", chart.chart_name)
					if doc.chart_type == "Report":
						# the desk runs the chart's report with its filters and the company's default
						result = run_report(
							doc.report_name, filters={**FILTERS, **json.loads(doc.filters_json)}
						)
						if result["result"]:
							self.assertTrue(result.get("chart"), chart.chart_name)

	def test_a_restricted_sales_user_sees_only_own_customers_receivables(self):
		from frappe.tests.utils import change_settings

		from foreign_trade_crm.services.isolation import own_customers

		contract = make_contract(CUSTOMERS[0][0], [("FTC-TOWEL-RED", 100, 3.25)])
		make_notice(CUSTOMERS[0][0], [(contract, 1, 100)])  # an invoice of a customer not the user's
		self.as_role(EXPORT_SALES_MANAGER)
		everyone = {r.get("customer") for r in run_report("Export Receivables", filters=FILTERS)["result"]}
		self.assertIn(CUSTOMERS[0][0], everyone)
		user = self.as_role(EXPORT_SALES_USER)
		with change_settings("Foreign Trade Settings", {"restrict_sales_users_to_own_customers": 1}):
			mine = own_customers(user)
			rows = run_report("Export Receivables", filters=FILTERS)["result"]
			customers = {r.get("customer") for r in rows if r and not r.get("is_total_row")}
			self.assertTrue(customers <= set(mine), customers - set(mine))
			self.assertNotIn(CUSTOMERS[0][0], customers)
