"""Export Contract → domestic Purchase Orders → receipts → shipment: figures and progress stage, on a real site."""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, getdate, nowdate

from foreign_trade_crm.services.contract import countersign
from foreign_trade_crm.services.purchasing import make_purchase_orders
from foreign_trade_crm.tests.factories import (
	COMPANY,
	CUSTOMERS,
	make_contract,
	make_desk_user,
	make_notice,
	make_supplier,
	set_default_supplier,
)

ATLANTIC = CUSTOMERS[0][0]
TOWELS = "FTC Test Towel Mill"
ROBES = "FTC Test Robe Factory"


def contract_line(name):
	return frappe.db.get_value(
		"Export Contract Item", name, ["ordered_qty", "received_qty", "shipped_qty"], as_dict=True
	)


def stage(contract):
	return frappe.db.get_value("Export Contract", contract, "purchase_stage")


def po_lines(names):
	return frappe.get_all(
		"Purchase Order Item",
		filters={"parent": ("in", names)},
		fields=["parent", "item_code", "qty", "export_contract", "export_contract_item", "schedule_date"],
		order_by="parent, idx",
	)


class TestPurchasing(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_supplier(TOWELS)
		make_supplier(ROBES)
		set_default_supplier("FTC-TOWEL-RED", TOWELS)
		set_default_supplier("FTC-TOWEL-BLUE", TOWELS)
		set_default_supplier("FTC-ROBE-L", ROBES)
		set_default_supplier("FTC-MAT-GREY", None)

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.db.set_single_value("Foreign Trade Settings", "purchase_countersign_policy", "Block")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_refused_before_countersign_then_allowed(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False)
		self.assertEqual(stage(a.name), "")
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_purchase_orders(a.name)
		self.assertIn("is not countersigned by the buyer", str(ctx.exception))
		self.assertFalse(po_lines_of(a.name))

		countersign(a.name, countersigned_by="Buyer Signatory")
		self.assertEqual(stage(a.name), "Countersigned")
		names = make_purchase_orders(a.name)
		self.assertEqual(len(names), 1)
		self.assertEqual(frappe.db.get_value("Purchase Order", names[0], "docstatus"), 0)

	@change_settings("Foreign Trade Settings", {"purchase_countersign_policy": "Warn"})
	def test_warn_policy_allows_with_a_warning(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False)
		frappe.clear_messages()
		names = make_purchase_orders(a.name)
		self.assertEqual(len(names), 1)
		self.assertIn("not countersigned by the buyer yet", str(frappe.message_log))

	def test_orders_grouped_by_supplier_and_linked_to_contract_lines(self):
		a = make_contract(
			ATLANTIC,
			[("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 200, 12.8), ("FTC-TOWEL-BLUE", 500, 3.3)],
			latest_shipment_date=add_days(nowdate(), 45),
		)
		names = make_purchase_orders(a.name)
		self.assertEqual(len(names), 2)
		by_supplier = dict(
			frappe.get_all(
				"Purchase Order", filters={"name": ("in", names)}, fields=["supplier", "name"], as_list=True
			)
		)
		self.assertEqual(set(by_supplier), {TOWELS, ROBES})

		towels = po_lines([by_supplier[TOWELS]])
		self.assertEqual(
			[(d.item_code, d.qty, d.export_contract, d.export_contract_item) for d in towels],
			[
				("FTC-TOWEL-RED", 1000, a.name, a.items[0].name),
				("FTC-TOWEL-BLUE", 500, a.name, a.items[2].name),
			],
		)
		robes = po_lines([by_supplier[ROBES]])
		self.assertEqual(
			[(d.item_code, d.qty, d.export_contract_item) for d in robes],
			[("FTC-ROBE-L", 200, a.items[1].name)],
		)
		self.assertEqual(getdate(towels[0].schedule_date), getdate(add_days(nowdate(), 45)))
		# our selling rate is not copied to the purchase order
		self.assertNotEqual(
			frappe.db.get_value("Purchase Order Item", {"parent": by_supplier[ROBES]}, "rate"), 12.8
		)

		# drafts count as ordered: nothing is left to order twice
		self.assertRaises(frappe.ValidationError, make_purchase_orders, a.name)

	def test_chosen_lines_supplier_override_and_remaining_qty(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 200, 12.8)])
		names = make_purchase_orders(a.name, lines=[a.items[0].name], suppliers={a.items[0].name: ROBES})
		self.assertEqual(frappe.db.get_value("Purchase Order", names[0], "supplier"), ROBES)
		self.assertEqual([(d.item_code, d.qty) for d in po_lines(names)], [("FTC-TOWEL-RED", 1000)])

		# less qty on the first order: the next call orders the rest of line 1 and all of line 2
		po = frappe.get_doc("Purchase Order", names[0])
		po.items[0].qty = 600
		po.save()
		more = make_purchase_orders(a.name)
		lines = sorted((d.item_code, d.qty) for d in po_lines(more))
		self.assertEqual(lines, [("FTC-ROBE-L", 200), ("FTC-TOWEL-RED", 400)])

	def test_line_without_supplier_is_refused_naming_the_item(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25), ("FTC-MAT-GREY", 50, 4.1)])
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_purchase_orders(a.name)
		self.assertIn("FTC-MAT-GREY", str(ctx.exception))
		self.assertFalse(po_lines_of(a.name))
		# given a supplier, it goes
		names = make_purchase_orders(a.name, suppliers={a.items[1].name: TOWELS})
		self.assertEqual(len(names), 1)

	def test_order_receive_ship_and_cancel_back(self):
		from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt

		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25), ("FTC-TOWEL-BLUE", 50, 3.3)])
		self.assertEqual(stage(a.name), "Countersigned")
		(po_name,) = make_purchase_orders(a.name)
		po = frappe.get_doc("Purchase Order", po_name)
		self.assertEqual(stage(a.name), "Countersigned")  # a draft orders nothing yet
		po.submit()
		self.assertEqual(contract_line(a.items[0].name).ordered_qty, 100)
		self.assertEqual(contract_line(a.items[1].name).ordered_qty, 50)
		self.assertEqual(stage(a.name), "Purchasing")

		# part received: still purchasing
		pr = make_purchase_receipt(po.name)
		pr.items[1].qty = 20
		pr.insert()
		pr.submit()
		self.assertEqual(
			(contract_line(a.items[0].name).received_qty, contract_line(a.items[1].name).received_qty),
			(100, 20),
		)
		self.assertEqual(stage(a.name), "Purchasing")

		pr2 = make_purchase_receipt(po.name)
		self.assertEqual([(d.item_code, d.qty) for d in pr2.items], [("FTC-TOWEL-BLUE", 30)])
		pr2.insert()
		pr2.submit()
		self.assertEqual(contract_line(a.items[1].name).received_qty, 50)
		self.assertEqual(stage(a.name), "Goods Received")
		# the contract as accounting dimension follows the order into its receipts and bill (its profit)
		from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_invoice

		self.assertEqual(po.export_contract, a.name)
		self.assertEqual({d.export_contract for d in pr.items}, {a.name})
		from foreign_trade_crm.services.dimension import tag_lines

		bill = make_purchase_invoice(po.name)  # (this supplier bills in USD: not saved here)
		tag_lines(bill)  # its validate hook, as for the receipts above
		self.assertEqual(({d.export_contract for d in bill.items}, bill.export_contract), ({a.name}, a.name))

		notice = make_notice(ATLANTIC, [(a, 1, 40)])
		self.assertEqual(stage(a.name), "Partly Shipped")
		self.assertEqual(contract_line(a.items[0].name).shipped_qty, 40)
		notice.reload()
		notice.cancel()
		self.assertEqual(stage(a.name), "Goods Received")

		pr2.reload()
		pr2.cancel()
		self.assertEqual(contract_line(a.items[1].name).received_qty, 20)
		self.assertEqual(stage(a.name), "Purchasing")
		pr.reload()
		pr.cancel()
		self.assertEqual(contract_line(a.items[0].name).received_qty, 0)
		po.reload()
		po.cancel()
		self.assertEqual(
			(contract_line(a.items[0].name).ordered_qty, contract_line(a.items[1].name).ordered_qty), (0, 0)
		)
		self.assertEqual(stage(a.name), "Countersigned")

	def test_shipped_in_full(self):
		a = make_contract(ATLANTIC, [("FTC-ROBE-L", 10, 12.8)])
		make_notice(ATLANTIC, [(a, 1, 10)])
		self.assertEqual(stage(a.name), "Shipped")

	def test_sales_user_without_purchase_order_create_is_refused(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		user = make_desk_user("ftc.sales@example.com", ["Export Sales User"])
		self.assertFalse(frappe.has_permission("Purchase Order", "create", user=user))
		frappe.set_user(user)
		self.assertRaises(frappe.PermissionError, make_purchase_orders, a.name)
		frappe.set_user("Administrator")
		self.assertFalse(po_lines_of(a.name))

	def test_company_is_the_contracts(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)])
		(name,) = make_purchase_orders(a.name)
		self.assertEqual(frappe.db.get_value("Purchase Order", name, "company"), COMPANY)


def po_lines_of(contract):
	return frappe.get_all("Purchase Order Item", filters={"export_contract": contract}, pluck="name")
