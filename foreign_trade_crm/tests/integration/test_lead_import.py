"""Lead import with de-duplication (seed 001) on a real site: against the file itself and the
existing Leads, Customers and their Contacts; checked first, then imported in one run."""

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.rules.xlsx import plain_xlsx as xlsx
from foreign_trade_crm.services import lead_import
from foreign_trade_crm.tests.factories import CUSTOMERS, make_desk_user

ATLANTIC, RHEIN = CUSTOMERS[0][0], CUSTOMERS[1][0]


def make_import(content: bytes, filename: str = "leads.xlsx", **values):
	return lead_import.new_import(content, filename, **{"default_country": "Germany", **values})


def lead(company: str, **values) -> str:
	return (
		frappe.get_doc({"doctype": "Lead", "company_name": company, "lead_name": company, **values})
		.insert(ignore_permissions=True)
		.name
	)


class TestLeadImport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		contact = frappe.get_doc({"doctype": "Contact", "first_name": "Einkauf", "last_name": "Rhein"})
		contact.append("email_ids", {"email_id": "einkauf@rhein.example", "is_primary": 1})
		contact.append("links", {"link_doctype": "Customer", "link_name": RHEIN})
		contact.insert(ignore_permissions=True)
		cls.nordsee = lead("Nordsee Fisch GmbH", phone="+49 471 123456")
		cls.quick = lead("Quick Deal Trading")
		frappe.db.set_value("Lead", cls.quick, "status", "Opportunity")
		cls.rows = [
			("Buyer list, fair 2026",),
			("Company", "Contact", "E-mail", "Tel", "Fax", "Country", "Notes"),
			(
				"Baltic Homewares OÜ",
				"Mari Tamm",
				"mari@baltic-home.example",
				"+372 600 1234",
				None,
				"Estonia",
				"met at the fair",
			),
			(
				"BALTIC HOMEWARES",
				None,
				None,
				"00372 6001234",
				"+372 600 9999",
				None,
				None,
			),  # row 3 = row 3 above
			(
				"Nordsee Fisch",
				"Jens Kühl",
				"jens@nordsee.example",
				"0471 123456",
				None,
				None,
				None,
			),  # existing lead
			("FTC Buyer Atlantic Inc.", None, None, None, None, None, None),  # a customer
			("Rhein Partner", None, "EINKAUF@rhein.example", None, None, None, None),  # a customer's contact
			("Quick Deal Trading Ltd", None, None, None, None, None, None),  # became an opportunity
			(None, None, "nobody@x.example", "123", None, None, None),  # no name
			("Bad Mail Co", None, "not-mail", None, None, None, None),
		]

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_check_plans_every_row_and_writes_no_lead(self):
		before = frappe.db.count("Lead")
		doc = make_import(xlsx(self.rows))
		self.assertEqual(lead_import.check(doc.name), {"Create": 1, "Merge": 2, "Skip": 2, "Set Aside": 3})
		self.assertEqual(frappe.db.count("Lead"), before)
		doc.reload()
		by_row = {r.row_no: r for r in doc.results}
		self.assertEqual(by_row[4].action, "Merge")
		self.assertIn("row 3", by_row[4].reason)
		self.assertEqual((by_row[5].reference_doctype, by_row[5].reference_name), ("Lead", self.nordsee))
		self.assertEqual((by_row[6].action, by_row[6].reference_name), ("Set Aside", ATLANTIC))
		self.assertEqual((by_row[7].action, by_row[7].reference_name), ("Set Aside", RHEIN))
		self.assertIn("e-mail", by_row[7].reason)
		self.assertEqual((by_row[8].action, by_row[8].reference_name), ("Set Aside", self.quick))
		self.assertEqual({by_row[9].action, by_row[10].action}, {"Skip"})
		self.assertEqual(doc.status, "Checked")

	def test_import_creates_merges_and_fills_only_blanks_then_notifies(self):
		before = frappe.db.count("Lead")
		doc = make_import(xlsx(self.rows), lead_source=None)
		lead_import.run(doc.name)
		doc.reload()
		self.assertEqual(
			(doc.status, doc.created, doc.merged, doc.skipped, doc.set_aside), ("Done", 1, 2, 2, 3)
		)
		self.assertEqual(frappe.db.count("Lead"), before + 1)
		new = frappe.get_doc("Lead", next(r.reference_name for r in doc.results if r.action == "Create"))
		# the duplicate row below it brought its fax; its own values were kept
		self.assertEqual(
			(new.company_name, new.email_id, new.phone, new.fax, new.country),
			("Baltic Homewares OÜ", "mari@baltic-home.example", "+372 600 1234", "+372 600 9999", "Estonia"),
		)
		self.assertEqual(new.notes[0].note, "met at the fair")
		nordsee = frappe.db.get_value("Lead", self.nordsee, ["email_id", "phone"], as_dict=True)
		self.assertEqual((nordsee.email_id, nordsee.phone), ("jens@nordsee.example", "+49 471 123456"))
		self.assertTrue(
			frappe.db.exists(
				"Comment",
				{
					"reference_doctype": "Lead",
					"reference_name": self.nordsee,
					"content": ("like", f"%{doc.name}%"),
				},
			)
		)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"document_type": "Lead Import", "document_name": doc.name})
		)
		with self.assertRaisesRegex(frappe.ValidationError, "already been run"):
			lead_import.check(doc.name)
		# a second import of the same file creates nothing more: every row is now a known lead
		again = make_import(xlsx(self.rows))
		counts = lead_import.check(again.name)
		self.assertEqual((counts["Create"], counts["Merge"]), (0, 3))

	def test_chinese_csv_from_excel_in_gbk(self):
		content = "公司名称,联系人,电话,邮箱\n宁波海曙进出口有限公司,王经理,0574 8765 4321,wang@nbhs.example\n".encode(
			"gb18030"
		)
		doc = make_import(content, "客户名单.csv", default_country="China")
		lead_import.run(doc.name)
		name = frappe.db.get_value("Lead", {"email_id": "wang@nbhs.example"}, "name")
		self.assertTrue(name)
		# the same company written another way is found again: the legal form and spacing do not count
		again = make_import("公司,手机\n宁波海曙进出口 公司,+86 574 87654321\n".encode(), "again.csv")
		lead_import.check(again.name)
		again.reload()
		self.assertEqual((again.results[0].action, again.results[0].reference_name), ("Merge", name))

	def test_not_a_workbook_and_no_header_are_refused_plainly(self):
		# refused as it is uploaded, by its bytes: no file is kept to check later
		files = frappe.db.count("File", {"attached_to_doctype": "Lead Import"})
		with self.assertRaisesRegex(frappe.ValidationError, "not an Excel workbook"):
			make_import(b"just text", "leads.xlsx")
		self.assertEqual(frappe.db.count("File", {"attached_to_doctype": "Lead Import"}), files)
		doc = make_import(xlsx([("a", "b"), (1, 2)]))
		with self.assertRaisesRegex(frappe.ValidationError, "No header row"):
			lead_import.check(doc.name)

	def test_users_who_may_not_create_leads_cannot_import(self):
		user = make_desk_user("ftc.accounts.leads@example.com", ["Export Accounts User", "Accounts User"])
		doc = make_import(xlsx(self.rows))
		frappe.set_user(user)
		with self.assertRaises(frappe.PermissionError):
			lead_import.check(doc.name)
		with self.assertRaises(frappe.PermissionError):
			lead_import.start(doc.name)
