"""Excel in the customer's own format against a real site: exports pick the customer's template,
imports name every bad row and import nothing until the file is clean."""

import base64
from io import BytesIO

import frappe
from frappe.tests.utils import FrappeTestCase
from openpyxl import Workbook, load_workbook

from foreign_trade_crm.services import excel, portal
from foreign_trade_crm.services.receivables import voucher_rows
from foreign_trade_crm.tests.factories import COMPANY, CUSTOMERS, make_contract, make_notice

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]
RHEIN = CUSTOMERS[1][0]


def sheet(content):
	return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


def xlsx(rows):
	book = Workbook()
	for row in rows:
		book.active.append(list(row))
	out = BytesIO()
	book.save(out)
	return base64.b64encode(out.getvalue()).decode()


class TestExcel(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		name = "FTC Atlantic receivables"
		if not frappe.db.exists("Trade Excel Template", name):
			frappe.get_doc(
				{
					"doctype": "Trade Excel Template",
					"template_name": name,
					"customer": ATLANTIC,
					"purpose": "Export",
					"applies_to": "Export Receivables",
					"columns": [
						{"source": "voucher_no", "header": "Invoice", "fieldtype": "Data"},
						{
							"source": "unpaid",
							"header": "Open Amount",
							"fieldtype": "Currency",
							"prefix": "USD ",
							"decimals": 2,
						},
						{
							"source": "bl_date",
							"header": "B/L",
							"fieldtype": "Date",
							"date_format": "dd/mm/yyyy",
						},
						{"source": "customer.customer_name", "header": "Buyer", "fieldtype": "Data"},
					],
				}
			).insert()
		for customer in (ATLANTIC, RHEIN):
			contract = make_contract(customer, [("FTC-TOWEL-RED", 100, 3.25)])
			make_notice(customer, [(contract, 1, 10)])

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_the_customers_template_is_used_for_them_and_not_for_others(self):
		rows = voucher_rows({"company": COMPANY, "customer": ATLANTIC})
		mine = sheet(excel.receivables_xlsx(rows, ATLANTIC))
		self.assertEqual(mine[0], ("Invoice", "Open Amount", "B/L", "Buyer"))
		self.assertTrue(all(isinstance(r[1], int | float) for r in mine[1:]))
		self.assertEqual({r[3] for r in mine[1:]}, {ATLANTIC})
		book = load_workbook(BytesIO(excel.receivables_xlsx(rows, ATLANTIC)))
		self.assertEqual(book.active["B2"].number_format, '"USD "#,##0.00')
		self.assertEqual(book.active["C2"].number_format, "dd/mm/yyyy")
		theirs = sheet(excel.receivables_xlsx(voucher_rows({"company": COMPANY, "customer": RHEIN}), RHEIN))
		self.assertEqual(theirs[0][:3], ("Customer", "Invoice No", "Shipment Notice"))
		# the buyer's portal download too
		frappe.set_user(ATLANTIC_BUYER)
		self.assertEqual(sheet(portal.receivables_xlsx())[0], ("Invoice", "Open Amount", "B/L", "Buyer"))

	def test_a_file_with_three_bad_rows_imports_nothing_and_names_all_three(self):
		contract = make_contract(ATLANTIC, [("FTC-MAT-GREY", 10, 4.1)], submit=False)
		file = xlsx(
			[
				("Order 4711", None, None),
				("Your Item Code", "Qty", "Rate"),
				("ATL-TOWEL-RED", 100, 3.25),
				("NO-SUCH-CODE", 5, 3),
				("ATL-ROBE-L", "abc", 12.8),
				(None, 10, 4.1),
				("ATL-TOWEL-BLUE", "1,500", 3.25),
			]
		)
		with self.assertRaises(frappe.ValidationError) as caught:
			excel.import_contract_lines(contract.name, file)
		message = str(caught.exception)
		for row in ("Row 4", "Row 5", "Row 6"):
			self.assertIn(row, message)
		self.assertEqual(len(frappe.get_doc("Export Contract", contract.name).items), 1)
		result = excel.import_contract_lines(contract.name, file, good_rows_only=1)
		self.assertEqual(result, {"imported": 2, "skipped": 3})
		lines = frappe.get_doc("Export Contract", contract.name).items
		self.assertEqual(
			[(d.item_code, d.customer_item_code, d.qty) for d in lines[1:]],
			[("FTC-TOWEL-RED", "ATL-TOWEL-RED", 100), ("FTC-TOWEL-BLUE", "ATL-TOWEL-BLUE", 1500)],
		)

	def test_a_renamed_text_file_is_refused_plainly(self):
		contract = make_contract(ATLANTIC, [("FTC-MAT-GREY", 10, 4.1)], submit=False)
		with self.assertRaisesRegex(frappe.ValidationError, "not an Excel workbook"):
			excel.import_contract_lines(contract.name, base64.b64encode(b"code,qty\nA,1").decode())
