"""Every path that takes a file, against a real site (issue 18): a buyer's claim and order-request
attachments, the desk's line import, the Lead Import and Frappe's own upload to the app's documents.
Each hostile kind is refused with its reason and leaves nothing behind; good files pass."""

import base64
import io
import re
import time
import zipfile

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.rules.excel import plain_xlsx
from foreign_trade_crm.services import portal
from foreign_trade_crm.services.excel import import_contract_lines
from foreign_trade_crm.tests.factories import CUSTOMERS, make_claim, make_contract, make_notice
from foreign_trade_crm.tests.hostile_files import ELF, PNG, rezip, zip_bomb

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

	def test_a_zip_bomb_line_import_is_refused_in_bounded_time_and_adds_no_line(self):
		self.assertGreater(len(self.bomb), 1_000_000)
		draft = make_contract(ATLANTIC, [("FTC-MAT-GREY", 1, 4.1)], submit=False)
		started = time.perf_counter()
		with self.assertRaisesRegex(frappe.ValidationError, "zip bomb"):
			import_contract_lines(draft.name, base64.b64encode(self.bomb).decode())
		self.assertLess(time.perf_counter() - started, 2)
		self.assertEqual(len(frappe.get_doc("Export Contract", draft.name).items), 1)

	def test_a_sheet_declaring_fewer_rows_than_it_has_imports_all_of_them(self):
		rows = plain_xlsx(
			[
				("Your Item Code", "Qty", "Rate"),
				("ATL-TOWEL-RED", 10, 3.25),
				("ATL-ROBE-L", 5, 12.8),
				("ATL-MAT-GREY", 7, 4.1),
			]
		)
		lying = rezip(
			rows,
			change=lambda n, d: (
				re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C2"', d)
				if n == "xl/worksheets/sheet1.xml"
				else d
			),
		)
		draft = make_contract(ATLANTIC, [("FTC-MAT-GREY", 1, 4.1)], submit=False)
		result = import_contract_lines(draft.name, base64.b64encode(lying).decode())
		self.assertEqual(result["imported"], 3)

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
