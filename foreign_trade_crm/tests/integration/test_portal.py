"""The buyers' portal: each buyer reaches their own customer's documents and nothing else, by every path.

Two customers (Atlantic, Rhein), each with a portal user. For every path (portal pages
rendered by Frappe's website server, whitelisted actions, frappe.client, print and PDF,
attached files, reports, desk lists) the other customer's document is refused, and the
lists hold only the buyer's own.
"""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate, set_request
from frappe.website.serve import get_response

from foreign_trade_crm.constants.customers import PORTAL
from foreign_trade_crm.services import portal
from foreign_trade_crm.tests.factories import (
	CUSTOMERS,
	make_claim,
	make_contract,
	make_notice,
	make_quotation,
)

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]
RHEIN, RHEIN_BUYER = CUSTOMERS[1][0], CUSTOMERS[1][3]


def render(path):
	set_request(method="GET", path=path)
	response = get_response()
	return response.status_code, response.get_data(as_text=True)


class TestPortal(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.docs = {}
		for customer, rate in ((ATLANTIC, 3.25), (RHEIN, 2.95)):
			signed = make_contract(customer, [("FTC-TOWEL-RED", 1000, rate)])
			unsigned = make_contract(customer, [("FTC-TOWEL-BLUE", 500, rate)], countersign=False)
			notice = make_notice(customer, [(signed, 1, 300)])
			claim = make_claim(notice, [(1, 5, 10)])
			quotation = make_quotation(
				customer, [("FTC-TOWEL-RED", 10, rate)], reply_due_date=add_days(nowdate(), 10)
			)
			cls.docs[customer] = frappe._dict(
				signed=signed.name,
				unsigned=unsigned.name,
				notice=notice.name,
				notice_line=notice.items[0].name,
				claim=claim.name,
				quotation=quotation.name,
			)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "rhein-contract-scan.txt",
				"content": "signed copy",
				"is_private": 1,
				"attached_to_doctype": "Export Contract",
				"attached_to_name": cls.docs[RHEIN].signed,
			}
		).insert(ignore_permissions=True)
		cls.rhein_file = file.name
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None

	def test_lists_hold_only_the_buyers_own_documents(self):
		for buyer, customer in ((ATLANTIC_BUYER, ATLANTIC), (RHEIN_BUYER, RHEIN)):
			frappe.set_user(buyer)
			for page, doctype in (
				("contracts", "Export Contract"),
				("shipments", "Shipment Notice"),
				("claims", "Trade Claim"),
				("quotations", "Quotation"),
			):
				rows = portal.list_rows(page)["rows"]
				self.assertTrue(rows, (buyer, page))
				field = PORTAL[doctype]
				owners = {frappe.db.get_value(doctype, r.name, field) for r in rows}
				self.assertEqual(owners, {customer}, (buyer, page))
			# search and paging stay inside the customer's documents
			other = self.docs[RHEIN if customer == ATLANTIC else ATLANTIC]
			self.assertEqual(portal.list_rows("contracts", q=other.signed)["rows"], [])
			# the list's JSON endpoint (search, sort, paging) too
			from foreign_trade_crm.services.portal_pages import get_list

			listed = get_list("contracts", sort="total_amount desc")["rows"]
			self.assertEqual(
				{frappe.db.get_value("Export Contract", r["name"], "customer") for r in listed}, {customer}
			)
			self.assertEqual(get_list("contracts", q=other.signed)["rows"], [])
			self.assertRaises(frappe.PermissionError, get_list, "Supplier")
			receivables = portal.receivables()["rows"]
			self.assertTrue(receivables)
			self.assertEqual({r.customer for r in receivables}, {customer})

	def test_the_other_customers_pages_are_refused_through_the_website(self):
		frappe.set_user(ATLANTIC_BUYER)
		mine, theirs = self.docs[ATLANTIC], self.docs[RHEIN]
		status, html = render(f"/trade/contracts/{mine.signed}")
		self.assertEqual(status, 200)
		self.assertIn("ATL-TOWEL-RED", html)
		status, html = render(f"/trade/shipments/{mine.notice}")
		self.assertEqual(status, 200)
		for path in (f"/trade/contracts/{theirs.signed}", f"/trade/shipments/{theirs.notice}"):
			status, html = render(path)
			self.assertEqual(status, 403, path)
			self.assertNotIn("RH-TOWEL", html)
		status, html = render("/trade/contracts")
		self.assertEqual(status, 200)
		self.assertIn(mine.signed, html)
		self.assertNotIn(theirs.signed, html)

	def test_actions_on_the_other_customers_documents_are_refused_and_change_nothing(self):
		frappe.set_user(ATLANTIC_BUYER)
		theirs = self.docs[RHEIN]
		calls = (
			lambda: portal.countersign(theirs.unsigned, "Mallory"),
			lambda: portal.reply_quotation(theirs.quotation, "Accepted"),
			lambda: portal.lodge_claim(
				theirs.notice, [{"shipment_notice_item": theirs.notice_line, "qty": 1, "claimed_amount": 5}]
			),
			lambda: portal.get_claimable_lines(theirs.notice),
			lambda: portal.submit_feedback("Complaint", "x", "y", "Export Contract", theirs.signed),
			lambda: portal.contract(theirs.signed),
			lambda: portal.shipment(theirs.notice),
		)
		for call in calls:
			with self.assertRaises(frappe.PermissionError):
				call()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Export Contract", theirs.unsigned, "is_countersigned"), 0)
		self.assertFalse(frappe.db.get_value("Quotation", theirs.quotation, "buyer_reply"))

	def test_a_line_of_another_notice_cannot_be_smuggled_into_a_claim(self):
		frappe.set_user(ATLANTIC_BUYER)
		with self.assertRaises(frappe.ValidationError):
			portal.lodge_claim(
				self.docs[ATLANTIC].notice,
				[{"shipment_notice_item": self.docs[RHEIN].notice_line, "qty": 1, "claimed_amount": 5}],
			)

	def test_desk_client_print_file_and_report_paths_are_refused(self):
		from frappe.core.doctype.file.file import has_permission as file_permission
		from frappe.desk.query_report import run
		from frappe.utils.print_format import download_pdf
		from frappe.www.printview import validate_print_permission

		frappe.set_user(ATLANTIC_BUYER)
		mine, theirs = self.docs[ATLANTIC], self.docs[RHEIN]
		for doctype in ("Export Contract", "Shipment Notice", "Trade Claim", "Customer Feedback"):
			self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)
		self.assertRaises(frappe.PermissionError, frappe.client.get, "Export Contract", theirs.signed)
		self.assertRaises(
			frappe.PermissionError, frappe.client.get_value, "Export Contract", "customer", theirs.signed
		)
		# print: their own documents yes (website permission), the other customer's no
		validate_print_permission(frappe.get_doc("Export Contract", mine.signed))
		with self.assertRaises(frappe.PermissionError):
			validate_print_permission(frappe.get_doc("Export Contract", theirs.signed))
		with self.assertRaises(frappe.PermissionError):
			download_pdf("Shipment Notice", theirs.notice, "Shipping Advice")
		self.assertFalse(file_permission(frappe.get_doc("File", self.rhein_file), "read"))
		for report in ("Export Receivables", "Contract Delivery Status", "Trade Claim Analysis", "Alerts"):
			with self.assertRaises(frappe.PermissionError):
				run(report, filters={})

	def test_countersign_online_records_who_when_and_ip_once(self):
		frappe.set_user(ATLANTIC_BUYER)
		contract = self.docs[ATLANTIC].unsigned
		frappe.local.request_ip = "203.0.113.7"
		first = portal.countersign(contract, "Mary Jones")
		again = portal.countersign(contract, "Mary Jones")
		frappe.set_user("Administrator")
		self.assertEqual((first["already"], again["already"]), (False, True))
		values = frappe.db.get_value(
			"Export Contract", contract, ["is_countersigned", "countersigned_by", "countersign_recorded_by"]
		)
		self.assertEqual(values, (1, "Mary Jones", ATLANTIC_BUYER))
		notes = frappe.get_all(
			"Comment", filters={"reference_name": contract, "comment_type": "Info"}, pluck="content"
		)
		self.assertEqual(sum("203.0.113.7" in n and "Mary Jones" in n for n in notes), 1)

	def test_quotation_reply_claim_and_feedback_from_the_portal(self):
		frappe.set_user(RHEIN_BUYER)
		mine = self.docs[RHEIN]
		self.assertFalse(
			portal.reply_quotation(mine.quotation, "Counter-offer", "3% less for 20,000 pcs")["already"]
		)
		with self.assertRaises(frappe.ValidationError):
			portal.reply_quotation(mine.quotation, "Accepted")
		claim = portal.lodge_claim(
			mine.notice,
			[
				{
					"shipment_notice_item": mine.notice_line,
					"qty": 3,
					"claimed_amount": 8.85,
					"reason": "Damage",
				}
			],
			"<script>alert(1)</script>Wet cartons",
		)
		feedback = portal.submit_feedback("Complaint", "Wet cartons", "See claim", "Trade Claim", claim)
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Quotation", mine.quotation, ["buyer_reply", "buyer_reply_comment"]),
			("Counter-offer", "3% less for 20,000 pcs"),
		)
		doc = frappe.get_doc("Trade Claim", claim)
		self.assertEqual(
			(doc.customer, doc.status, doc.items[0].qty, doc.items[0].reason), (RHEIN, "Open", 3, "Damage")
		)
		self.assertNotIn("<script>", doc.description)
		self.assertEqual(
			frappe.db.get_value("Customer Feedback", feedback, ["customer", "raised_by", "contact_email"]),
			(RHEIN, RHEIN_BUYER, RHEIN_BUYER),
		)

	def test_receivables_excel_holds_the_buyers_invoices_only_as_numbers(self):
		from io import BytesIO

		from openpyxl import load_workbook

		frappe.set_user(ATLANTIC_BUYER)
		book = load_workbook(BytesIO(portal.receivables_xlsx()))
		rows = list(book.active.iter_rows(values_only=True))
		header, body = rows[0], rows[1:]
		self.assertEqual(header[0], "Invoice No")
		self.assertTrue(body)
		customers = {frappe.db.get_value("Sales Invoice", r[0], "customer") for r in body}
		self.assertEqual(customers, {ATLANTIC})
		self.assertTrue(all(isinstance(r[5], int | float) for r in body))
		# the other customer's invoice number as a filter gives nothing
		frappe.set_user("Administrator")
		theirs = frappe.db.get_value("Shipment Notice", self.docs[RHEIN].notice, "sales_invoice")
		frappe.set_user(ATLANTIC_BUYER)
		book = load_workbook(BytesIO(portal.receivables_xlsx(invoice=theirs)))
		self.assertEqual(len(list(book.active.iter_rows(values_only=True))), 1)

	def test_buyer_attaches_files_to_an_own_open_claim_only(self):
		import base64

		frappe.set_user(ATLANTIC_BUYER)
		photo = base64.b64encode(b"\x89PNG\r\n fake photo").decode()
		name = portal.attach_to_claim(
			self.docs[ATLANTIC].claim, "carton.png", f"data:image/png;base64,{photo}"
		)
		with self.assertRaises(frappe.PermissionError):
			portal.attach_to_claim(self.docs[RHEIN].claim, "carton.png", photo)
		with self.assertRaises(frappe.ValidationError):
			portal.attach_to_claim(self.docs[ATLANTIC].claim, "macro.xlsm", photo)
		frappe.set_user("Administrator")
		file = frappe.get_doc("File", name)
		self.assertEqual(
			(file.attached_to_doctype, file.attached_to_name, file.is_private),
			("Trade Claim", self.docs[ATLANTIC].claim, 1),
		)

	def test_guests_get_nothing(self):
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			portal.list_rows("contracts")
		with self.assertRaises(frappe.PermissionError):
			portal.countersign(self.docs[ATLANTIC].unsigned, "Guest")
		status, html = render("/trade/contracts")
		self.assertIn(status, (403, 401))
		self.assertNotIn(self.docs[ATLANTIC].signed, html)

	def test_no_purchase_price_supplier_or_margin_in_any_portal_response(self):
		frappe.set_user(ATLANTIC_BUYER)
		from foreign_trade_crm.services.portal_pages import get_list

		# every JSON the portal's pages call
		# nor the contract's profit: its estimate, its rebate, its actual
		forbidden = (
			"valuation_rate",
			"buying",
			"supplier",
			"margin",
			"incoming_rate",
			"purchase",
			"profit",
			"rebate",
			"est_sales",
			"est_freight",
		)
		payloads = [get_list(page) for page in ("contracts", "shipments", "claims", "requests")]
		payloads += [portal.list_rows(page) for page in portal.LISTS]
		payloads.append(portal.receivables())
		payloads.append(portal.get_claimable_lines(self.docs[ATLANTIC].notice))
		payloads.append(portal.orderable_items())
		payloads.append(portal.get_indicative([i["item_code"] for i in portal.orderable_items()]))
		text = frappe.as_json(payloads).lower()
		for word in forbidden:
			self.assertNotIn(word, text, word)
		# and the pages rendered from documents
		request = portal.request_order(
			[{"item_code": "FTC-TOWEL-RED", "qty": 10}], request_key=frappe.generate_hash()
		)
		for path in (
			f"/trade/contracts/{self.docs[ATLANTIC].signed}",
			f"/trade/shipments/{self.docs[ATLANTIC].notice}",
			f"/trade/order-requests/{request}",
		):
			status, html = render(path)
			self.assertEqual(status, 200, path)
			content = (
				html.split('class="trade-portal"', 1)[1].split("<footer", 1)[0].lower()
			)  # the page itself
			for word in (
				"valuation",
				"supplier",
				"margin",
				"purchase order",
				"purchase_rate",
				"buying",
				"profit",
				"rebate",
			):
				self.assertNotIn(word, content, (path, word))
