"""Excel in the customer's own format against a real site: exports pick the customer's template,
imports name every bad row and import nothing until the file is clean."""

import base64
from io import BytesIO

import frappe
from frappe.tests.utils import FrappeTestCase
from openpyxl import load_workbook

from foreign_trade_crm.rules.xlsx import plain_xlsx
from foreign_trade_crm.services import excel, portal
from foreign_trade_crm.services.receivables import voucher_rows
from foreign_trade_crm.tests.factories import COMPANY, CUSTOMERS, make_contract, make_notice

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]
RHEIN = CUSTOMERS[1][0]


def sheet(content):
	return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


def xlsx(rows):
	"""The rows as an uploaded .xlsx arrives: base64."""
	return base64.b64encode(plain_xlsx(rows)).decode()


def export_template(name: str, applies_to: str, columns: list[dict]) -> str:
	"""Atlantic's export template ``name`` (made once)."""
	if not frappe.db.exists("Trade Excel Template", name):
		frappe.get_doc(
			{
				"doctype": "Trade Excel Template",
				"template_name": name,
				"customer": ATLANTIC,
				"purpose": "Export",
				"applies_to": applies_to,
				"columns": columns,
			}
		).insert()
	return name


class TestExcel(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		export_template(
			"FTC Atlantic receivables",
			"Export Receivables",
			[
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
		)
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

	def test_each_report_layout_exports_as_the_report_shows_it(self):
		from foreign_trade_crm.tests.factories import make_collection

		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		notice = make_notice(ATLANTIC, [(contract, 1, 40)])
		invoice = frappe.db.get_value("Shipment Notice", notice.name, "sales_invoice")
		payment = make_collection(invoice, 50, 7.1)
		base = {"company": COMPANY, "customer": ATLANTIC}
		summary = sheet(excel.report_xlsx({**base, "layout": "Summary per Customer"}, ATLANTIC))
		self.assertEqual((summary[0][0], summary[1][0], summary[-1][0]), ("Customer", ATLANTIC, "Total"))
		# Atlantic's template, with the collection under its invoice
		lines = sheet(excel.report_xlsx({**base, "layout": "Per Invoice with Collections"}, ATLANTIC))
		self.assertEqual(lines[0], ("Invoice", "Open Amount", "B/L", "Buyer"))
		names = [r[0] for r in lines]
		self.assertEqual(names[names.index(invoice) + 1], payment.name)
		self.assertEqual(lines[names.index(invoice)][1], 80.0)  # 130.00 booked, 50.00 collected
		# the category filter holds as in the report: a partly collected invoice is not fully collected
		partly = sheet(
			excel.report_xlsx({**base, "layout": "Per Invoice", "category": "Partly Collected"}, ATLANTIC)
		)
		fully = sheet(
			excel.report_xlsx({**base, "layout": "Per Invoice", "category": "Fully Collected"}, ATLANTIC)
		)
		self.assertIn(invoice, [r[0] for r in partly])
		self.assertNotIn(invoice, [r[0] for r in fully])

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


class TestLineImportsAndListExports(FrappeTestCase):
	"""Quotation and shipment-notice lines from the buyer's sheet; lists in the customer's format."""

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.set_single_value("Foreign Trade Settings", "excel_background_rows", 0)

	def test_quotation_lines_come_in_by_the_buyers_codes(self):
		from foreign_trade_crm.tests.factories import make_quotation

		quotation = make_quotation(ATLANTIC, [("FTC-MAT-GREY", 1, 4.1)], submit=False)
		file = xlsx(
			[("Buyer Code", "Quantity", "Unit Price"), ("ATL-TOWEL-RED", 300, 3.1), ("ATL-ROBE-L", 20, None)]
		)
		self.assertEqual(excel.import_lines("Quotation", quotation.name, file), {"imported": 2, "skipped": 0})
		lines = frappe.get_doc("Quotation", quotation.name).items
		self.assertEqual(
			[(d.item_code, d.customer_item_code, d.qty) for d in lines[1:]],
			[("FTC-TOWEL-RED", "ATL-TOWEL-RED", 300), ("FTC-ROBE-L", "ATL-ROBE-L", 20)],
		)
		self.assertEqual(lines[1].rate, 3.1)
		self.assertGreater(lines[2].rate, 0)  # ERPNext's price list fills a rate the sheet left empty

	def test_notice_lines_find_their_contract_lines_and_other_customers_contracts_are_named(self):
		mine = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 100, 12.8)])
		other = make_contract(RHEIN, [("FTC-TOWEL-RED", 1000, 3.0)])
		notice = make_notice(ATLANTIC, [(mine, 1, 1)], submit=False)
		file = xlsx(
			[
				("合同号", "客户货号", "数量", "件数", "毛重"),
				(mine.name, "ATL-ROBE-L", 40, 4, 88.5),
				(other.name, "ATL-TOWEL-RED", 10, 1, 5),
			]
		)
		with self.assertRaises(frappe.ValidationError) as caught:
			excel.import_lines("Shipment Notice", notice.name, file, filename="packing.xlsx")
		self.assertIn("Row 3", str(caught.exception))
		self.assertNotIn("Row 2", str(caught.exception))
		self.assertEqual(len(frappe.get_doc("Shipment Notice", notice.name).items), 1)
		excel.import_lines("Shipment Notice", notice.name, file, good_rows_only=1)
		line = frappe.get_doc("Shipment Notice", notice.name).items[1]
		robe = next(d for d in mine.items if d.item_code == "FTC-ROBE-L")
		self.assertEqual(
			(line.export_contract, line.contract_item, line.item_code, line.qty, line.rate, line.packages),
			(mine.name, robe.name, "FTC-ROBE-L", 40, 12.8, 4),
		)
		self.assertEqual(line.gross_weight, 88.5)

	def test_list_exports_use_the_customers_template_and_the_users_permissions(self):
		export_template(
			"FTC Atlantic contracts",
			"Export Contract Lines",
			[
				{"source": "parent", "header": "Our Contract"},
				{"source": "customer_item_code", "header": "Your Code"},
				{"source": "item_code.item_name", "header": "Description"},
				{"source": "parent.buyer_contract_no", "header": "Your PO"},
				{"source": "qty", "header": "Pieces", "fieldtype": "Float", "decimals": 0},
			],
		)
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-BLUE", 70, 3.25)], buyer_contract_no="PO-A-77")
		make_contract(RHEIN, [("FTC-TOWEL-BLUE", 80, 3.0)])
		rows, columns = excel.list_rows("Export Contract Lines", {"name": contract.name}, ATLANTIC)
		content = excel.write_xlsx(rows, columns, "Lines")
		self.assertEqual(
			sheet(content),
			[
				("Our Contract", "Your Code", "Description", "Your PO", "Pieces"),
				(contract.name, "ATL-TOWEL-BLUE", "Cotton towel, blue, 70×140", "PO-A-77", 70),
			],
		)
		rows, columns = excel.list_rows("Export Contracts", {}, RHEIN)
		self.assertEqual(columns[0].header, "Contract No")
		self.assertEqual({r["customer"] for r in rows}, {RHEIN})
		# a buyer has no Export right on contracts: refused, whatever the filters
		frappe.set_user(ATLANTIC_BUYER)
		with self.assertRaises(frappe.PermissionError):
			excel.download_list("Export Contracts", {}, ATLANTIC)

	def test_a_large_export_is_prepared_in_the_background_and_the_user_notified(self):
		frappe.db.set_single_value("Foreign Trade Settings", "excel_background_rows", 1)
		make_contract(ATLANTIC, [("FTC-TOWEL-RED", 5, 3.25)])
		make_contract(ATLANTIC, [("FTC-TOWEL-RED", 6, 3.25)])
		self.assertEqual(excel.start_export("Export Contracts", {}, ATLANTIC), {"queued": 1})
		url = excel.export_job("Export Contracts", {}, ATLANTIC)
		file = frappe.get_doc("File", {"file_url": url})
		self.assertTrue(file.is_private)
		self.assertEqual(sheet(file.get_content())[0][0], "Contract No")
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"document_type": "File", "document_name": file.name, "for_user": "Administrator"},
			)
		)
		frappe.db.set_single_value("Foreign Trade Settings", "excel_background_rows", 0)
		self.assertEqual(excel.start_export("Export Contracts", {}, ATLANTIC), {"direct": 1})

	def test_a_template_shows_no_linked_value_the_user_may_not_read(self):
		from foreign_trade_crm.tests.factories import make_desk_user, make_quotation

		quotation = make_quotation(ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)])
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)])
		frappe.db.set_value("Export Contract", contract.name, "quotation", quotation.name)
		export_template(
			"FTC Atlantic contract list",
			"Export Contracts",
			[
				{"source": "name", "header": "Contract"},
				{"source": "quotation.grand_total", "header": "Quoted", "fieldtype": "Currency"},
			],
		)
		filters = {"name": contract.name}
		rows, _columns = excel.list_rows("Export Contracts", filters, ATLANTIC)
		self.assertEqual(rows[0]["quotation.grand_total"], quotation.grand_total)
		# export accounts users may export contracts but not read quotations: the column stays empty
		frappe.set_user(make_desk_user("ftc.accounts.export@example.com", ["Export Accounts User"]))
		rows, _columns = excel.list_rows("Export Contracts", filters, ATLANTIC)
		self.assertEqual([(r["name"], r["quotation.grand_total"]) for r in rows], [(contract.name, None)])

	def test_a_template_naming_a_field_the_export_lacks_is_refused(self):
		template = {
			"doctype": "Trade Excel Template",
			"template_name": "FTC typo",
			"purpose": "Export",
			"applies_to": "Shipment Notice Lines",
			"columns": [
				{"source": "item_code.item_name", "header": "Description"},
				{"source": "parent.bl_no", "header": "B/L"},
				{"source": "qyt", "header": "Qty"},
			],
		}
		with self.assertRaisesRegex(frappe.ValidationError, "Row 3: qyt"):
			frappe.get_doc(template).insert()
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be imported"):
			frappe.get_doc({**template, "purpose": "Import", "applies_to": "Trade Claims"}).insert()
		self.assertIn("gross_weight", excel.template_sources("Shipment Notice Lines", "Import"))

	def test_the_buyer_downloads_their_own_lines_in_their_format_and_nothing_internal(self):
		export_template(
			"FTC Atlantic packing list",
			"Shipment Notice Lines",
			[
				{"source": "customer_item_code", "header": "Art. No"},
				{"source": "qty", "header": "Pcs", "fieldtype": "Float", "decimals": 0},
				{"source": "gross_weight", "header": "G.W. kg", "fieldtype": "Float", "decimals": 1},
				{"source": "parent.bl_no", "header": "B/L"},
				{"source": "item_code.valuation_rate", "header": "Cost"},  # never to a buyer
			],
		)
		mine = make_notice(ATLANTIC, [(make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)]), 1, 30)])
		theirs = make_notice(RHEIN, [(make_contract(RHEIN, [("FTC-TOWEL-RED", 100, 3.0)]), 1, 30)])
		frappe.set_user(ATLANTIC_BUYER)
		portal.download_lines("Shipment Notice", mine.name)
		rows = sheet(frappe.response["filecontent"])
		self.assertEqual(rows[0], ("Art. No", "Pcs", "G.W. kg", "B/L"))
		self.assertEqual(rows[1][:2], ("ATL-TOWEL-RED", 30))
		for other in (
			("Shipment Notice", theirs.name),
			("Trade Claim", mine.name),
			("Shipment Notice", "nope"),
		):
			with self.assertRaises(frappe.PermissionError):
				portal.download_lines(*other)
