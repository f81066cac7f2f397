"""Every path that takes a file, against a real site: a buyer's claim and order-request
attachments, the desk's line import, the Lead Import and Frappe's own upload to the app's documents.
Each hostile kind is refused with its reason and leaves nothing behind; good files pass; the limits are
Foreign Trade Settings'."""

import base64
import re
import time

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings

from foreign_trade_crm.rules.xlsx import plain_xlsx
from foreign_trade_crm.sample_world import files as hostile
from foreign_trade_crm.sample_world.files import ELF, PNG, rezip, zip_bomb
from foreign_trade_crm.services import portal
from foreign_trade_crm.services.excel import import_contract_lines
from foreign_trade_crm.tests.factories import CUSTOMERS, make_claim, make_contract, make_notice

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]


GOOD = plain_xlsx([("Your Item Code", "Qty", "Rate"), ("ATL-TOWEL-RED", 10, 3.25)])
HOSTILE = {
	"png-named-xlsx": ("evil.xlsx", PNG, "its content is a PNG image"),
	"elf-named-xlsx": ("evil.xlsx", ELF, "its content is a Linux program"),
	"entities": (
		"laughs.xlsx",
		rezip(
			GOOD,
			change=lambda n, d: (
				b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]>' + d[38:]
				if n == "xl/workbook.xml"
				else d
			),
		),
		"declares XML entities",
	),
	"macros": ("macro.xlsx", rezip(GOOD, add={"xl/vbaProject.bin": b"VBA"}), "contains macros"),
	"external-links": (
		"linked.xlsx",
		rezip(GOOD, add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}),
		"links to other files",
	),
	"entities-behind-a-comment": ("sheet.xlsx", hostile.dtd_after_comment(GOOD), "declares XML entities"),
	"truncated": ("cut.xlsx", GOOD[: len(GOOD) // 2], "it is damaged"),
	"empty": ("empty.pdf", b"", "is empty"),
	"program-named-txt": ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64), "Windows program"),
	"scripted-pdf": (
		"survey.pdf",
		b"%PDF-1.4\n<< /S /J#61vaScript /JS (app.alert(1)) >>",
		"scripts or actions",
	),
}


class TestUploads(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)])
		cls.claim = make_claim(make_notice(ATLANTIC, [(cls.contract, 1, 100)]), [(1, 2, 6.5)]).name
		cls.bomb = zip_bomb(GOOD)
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")

	def files_of(self, doctype, name):
		return frappe.db.count("File", {"attached_to_doctype": doctype, "attached_to_name": name})

	def test_a_buyers_hostile_claim_attachments_are_refused_and_leave_no_file(self):
		frappe.set_user(ATLANTIC_BUYER)
		before = self.files_of("Trade Claim", self.claim)
		for kind, (filename, content, reason) in {
			**HOSTILE,
			"bomb": ("bomb.xlsx", self.bomb, "zip bomb"),
		}.items():
			with self.subTest(kind=kind):
				started = time.perf_counter()
				with self.assertRaisesRegex(frappe.ValidationError, re.escape(reason)):
					portal.attach_to_claim(self.claim, filename, base64.b64encode(content).decode())
				self.assertLess(time.perf_counter() - started, 2)
		self.assertEqual(self.files_of("Trade Claim", self.claim), before)
		portal.attach_to_claim(self.claim, "torn.png", base64.b64encode(PNG).decode())
		self.assertEqual(self.files_of("Trade Claim", self.claim), before + 1)

	def test_a_buyers_hostile_order_request_attachment_is_refused_and_leaves_no_file(self):
		frappe.set_user(ATLANTIC_BUYER)
		request = portal.request_order(
			[{"item_code": "FTC-MAT-GREY", "qty": 5}], request_key=frappe.generate_hash()
		)
		for kind in ("png-named-xlsx", "entities-behind-a-comment", "program-named-txt"):
			filename, content, reason = HOSTILE[kind]
			with self.subTest(kind=kind), self.assertRaisesRegex(frappe.ValidationError, re.escape(reason)):
				portal.attach_to_request(request, filename, base64.b64encode(content).decode())
		self.assertEqual(self.files_of("Order Request", request), 0)
		# a list whose first bytes look like a bitmap ("BM") is still a list
		portal.attach_to_request(request, "makers.csv", base64.b64encode(b"BMW Group,Munich\n").decode())
		self.assertEqual(self.files_of("Order Request", request), 1)

	def test_the_largest_upload_is_the_settings(self):
		before = self.files_of("Trade Claim", self.claim)
		photo = base64.b64encode(PNG + bytes(2 * 2**20)).decode()  # a PNG of a little over 2 MB
		with change_settings("Foreign Trade Settings", {"excel_max_file_mb": 1}):
			frappe.set_user(ATLANTIC_BUYER)
			with self.assertRaisesRegex(frappe.ValidationError, "up to 1 MB"):
				portal.attach_to_claim(self.claim, "big.png", photo)
			frappe.set_user("Administrator")
		self.assertEqual(self.files_of("Trade Claim", self.claim), before)

	def test_a_zip_bomb_line_import_is_refused_in_bounded_time_and_adds_no_line(self):
		self.assertGreater(len(self.bomb), 1_000_000)
		draft = make_contract(ATLANTIC, [("FTC-MAT-GREY", 1, 4.1)], submit=False)
		started = time.perf_counter()
		with self.assertRaisesRegex(frappe.ValidationError, "zip bomb"):
			import_contract_lines(draft.name, base64.b64encode(self.bomb).decode())
		self.assertLess(time.perf_counter() - started, 2)
		self.assertEqual(len(frappe.get_doc("Export Contract", draft.name).items), 1)

	def test_a_sheet_declaring_fewer_rows_than_it_has_imports_all_of_them(self):
		lying = hostile.lying_dimension(
			[
				("Your Item Code", "Qty", "Rate"),
				("ATL-TOWEL-RED", 10, 3.25),
				("ATL-ROBE-L", 5, 12.8),
				("ATL-MAT-GREY", 7, 4.1),
			],
			"A1:C2",
		)
		draft = make_contract(ATLANTIC, [("FTC-MAT-GREY", 1, 4.1)], submit=False)
		result = import_contract_lines(draft.name, base64.b64encode(lying).decode())
		self.assertEqual(result["imported"], 3)

	def test_what_only_the_reader_stops_is_refused_quickly_and_adds_no_line(self):
		"""Files whose ratios are a real sheet's pass the gate; the reader's limits stop them as it reads:
		the columns of a row, and the cells of a sheet (Most Rows per Import × 10, counted before reading)."""
		draft = make_contract(ATLANTIC, [("FTC-MAT-GREY", 1, 4.1)], submit=False)
		empty_cells = b"".join(b"<row>" + b"<c/>" * 10 + b"<c><v>%d</v></c></row>" % i for i in range(2000))
		for settings, content, reason in (
			({"excel_max_rows": 100_000}, hostile.one_long_row(GOOD, megabytes=2), "more than 200 columns"),
			(
				{"excel_max_rows": 1000},
				hostile.with_sheet(GOOD, hostile.SHEET_OPEN + empty_cells + hostile.SHEET_CLOSE),
				"more than 10500 cells",
			),
		):
			with change_settings("Foreign Trade Settings", settings):
				started = time.perf_counter()
				with self.assertRaisesRegex(frappe.ValidationError, reason):
					import_contract_lines(draft.name, base64.b64encode(content).decode())
				self.assertLess(time.perf_counter() - started, 2)
		self.assertEqual(len(frappe.get_doc("Export Contract", draft.name).items), 1)

	def test_frappes_own_upload_to_the_apps_documents_passes_the_gate(self):
		"""The desk's Attach (Frappe's upload) to a Lead Import: a program named .xlsx makes no File row."""
		from foreign_trade_crm.services.lead_import import new_import

		doc = frappe.get_doc({"doctype": "Lead Import"}).insert()
		with self.assertRaisesRegex(frappe.ValidationError, "Linux program"):
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": "fair.xlsx",
					"attached_to_doctype": "Lead Import",
					"attached_to_name": doc.name,
					"is_private": 1,
					"content": ELF,
				}
			).insert()
		self.assertEqual(self.files_of("Lead Import", doc.name), 0)
		good = new_import(plain_xlsx([("Company", "Country"), ("Gate Test GmbH", "Germany")]), "fair.xlsx")
		self.assertEqual(self.files_of("Lead Import", good.name), 1)

	def test_every_document_staff_attach_files_to_has_the_gate(self):
		"""A program named .pdf attached in the desk to each of the app's documents that take files (letters
		of credit too) makes no File row; the gate's own list is what is checked here."""
		from foreign_trade_crm.services.files import ATTACHED_TO

		self.assertLessEqual(
			{"Letter of Credit", "Letter of Credit Amendment", "Letter of Credit Presentation"},
			set(ATTACHED_TO),
		)
		for doctype in ATTACHED_TO:
			with self.subTest(doctype=doctype), self.assertRaises(frappe.ValidationError):
				frappe.get_doc(
					{
						"doctype": "File",
						"file_name": "scan.pdf"
						if doctype not in ("Lead Import", "Trade Excel Template")
						else "x.xlsx",
						"attached_to_doctype": doctype,
						"attached_to_name": "any",
						"is_private": 1,
						"content": ELF,
					}
				).insert()
