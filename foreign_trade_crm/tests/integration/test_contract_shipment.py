"""Quotation → contract → countersign → partial shipments → exact figures, against a real site."""

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, flt, nowdate

from foreign_trade_crm.overrides.quotation import make_export_contract
from foreign_trade_crm.services.advice import send_shipping_advice
from foreign_trade_crm.services.contract import (
	close,
	contracts_to_ship,
	countersign,
	make_shipment_notice,
	reopen,
)
from foreign_trade_crm.tests.factories import (
	COMPANY,
	CUSTOMERS,
	contract_terms,
	make_contract,
	make_desk_user,
	make_notice,
	make_outbox,
	make_quotation,
	no_outgoing_mail,
)

ATLANTIC = CUSTOMERS[0][0]
RHEIN = CUSTOMERS[1][0]


def draft_notice(items):
	"""A new notice for Atlantic in USD whose lines are given as plain dicts."""
	return frappe.get_doc(
		{
			"doctype": "Shipment Notice",
			"customer": ATLANTIC,
			"company": COMPANY,
			"currency": "USD",
			"conversion_rate": 7.1,
			"items": items,
		}
	)


def line(contract, idx):
	return frappe.get_doc("Export Contract", contract).items[idx - 1]


class TestContractShipment(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_quotation_to_contract_carries_lines_and_buyer_codes(self):
		q = make_quotation(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 200, 12.8)])
		ec = make_export_contract(q.name)
		self.assertEqual(ec.customer, ATLANTIC)
		self.assertEqual(ec.quotation, q.name)
		self.assertEqual(
			[(d.item_code, d.qty, d.rate) for d in ec.items],
			[("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 200, 12.8)],
		)
		# the buyer's codes come from Item → Customer Items
		self.assertEqual([d.customer_item_code for d in ec.items], ["ATL-TOWEL-RED", "ATL-ROBE-L"])
		self.assertEqual([d.quotation_item for d in ec.items], [d.name for d in q.items])
		ec.update(contract_terms())
		ec.insert()
		ec.submit()
		self.assertEqual(ec.status, "To Countersign")
		self.assertEqual(ec.total_amount, 3250 + 2560)
		self.assertEqual(str(ec.countersign_due_date), add_days(nowdate(), 14))

	def test_a_quotation_is_contracted_once_only_its_balance_again(self):
		"""Guards against this: a second contract from the same quotation offered the full quantity again."""
		q = make_quotation(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 200, 12.8)])
		first = make_export_contract(q.name)
		first.items = first.items[:1]
		first.items[0].qty = 600
		first.update(contract_terms())
		first.insert()
		first.submit()
		self.assertEqual(frappe.db.get_value("Quotation", q.name, "status"), "Partially Ordered")
		# only what is left: 400 towels and the 200 robes
		second = make_export_contract(q.name)
		self.assertEqual(
			[(d.item_code, d.qty) for d in second.items], [("FTC-TOWEL-RED", 400), ("FTC-ROBE-L", 200)]
		)
		second.update(contract_terms())
		second.insert()
		second.submit()
		self.assertEqual(frappe.db.get_value("Quotation", q.name, "status"), "Ordered")
		with self.assertRaisesRegex(frappe.ValidationError, "already contracted in full"):
			make_export_contract(q.name)
		# cancelling a contract gives its quantity back
		second.cancel()
		self.assertEqual(frappe.db.get_value("Quotation", q.name, "status"), "Partially Ordered")
		self.assertEqual([d.qty for d in make_export_contract(q.name).items], [400, 200])

	def test_a_draft_contract_holds_its_quotation_lines_too(self):
		q = make_quotation(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		make_export_contract(q.name).insert()
		with self.assertRaisesRegex(frappe.ValidationError, "already contracted in full"):
			make_export_contract(q.name)

	def test_get_items_from_two_contracts_totals_all_lines_before_saving(self):
		"""Guards against this: after Get Items From two contracts the unsaved notice showed the last contract's
		totals (the mapper copied the contract's own total fields)."""
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		b = make_contract(ATLANTIC, [("FTC-ROBE-L", 20, 12.8), ("FTC-MAT-GREY", 10, 4.1)])
		notice = make_shipment_notice(a.name)
		notice = make_shipment_notice(b.name, frappe.as_json(notice.as_dict()))  # as the desk sends it
		self.assertEqual(len(notice.items), 3)
		self.assertEqual((notice.total_qty, notice.total_amount), (130, 325 + 256 + 41))

	def test_a_new_notice_takes_its_customer_s_currency_and_rate(self):
		"""Guards against this: a notice for a USD buyer kept the company's CNY, and then no contract was offered."""
		from foreign_trade_crm.services.shipment import customer_currency

		got = customer_currency(ATLANTIC, COMPANY, nowdate())
		self.assertEqual(got["currency"], "USD")
		self.assertGreater(got["conversion_rate"], 1)
		self.assertEqual(customer_currency(CUSTOMERS[1][0], COMPANY)["currency"], "EUR")

	def test_a_contract_without_its_trade_terms_is_not_submitted(self):
		"""Guards against this: a contract submitted with no Incoterm, place, ports or shipment date showed the
		buyer empty trade terms."""
		ec = make_contract(
			ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)], submit=False, port_of_destination=None, incoterm=None
		)
		with self.assertRaisesRegex(frappe.ValidationError, "Incoterm, Port of Destination"):
			ec.submit()
		self.assertEqual(frappe.db.get_value("Export Contract", ec.name, "docstatus"), 0)
		ec.reload()
		ec.update({"incoterm": "CIF", "port_of_destination": "Hamburg"})
		ec.submit()
		self.assertEqual(ec.docstatus, 1)

	def test_draft_quotation_cannot_become_contract(self):
		q = make_quotation(ATLANTIC, [("FTC-TOWEL-RED", 10, 3.25)], submit=False)
		self.assertRaises(frappe.ValidationError, make_export_contract, q.name)

	def test_two_partial_shipments_from_two_contracts_in_one_notice(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25), ("FTC-ROBE-L", 200, 12.8)])
		b = make_contract(ATLANTIC, [("FTC-TOWEL-BLUE", 500, 3.3)], tolerance_percent=3)
		self.assertEqual(a.status, "To Ship")

		n1 = make_notice(ATLANTIC, [(a, 1, 400), (a, 2, 200), (b, 1, 100)])
		self.assertEqual(n1.total_amount, 400 * 3.25 + 200 * 12.8 + 100 * 3.3)
		a.reload()
		b.reload()
		self.assertEqual(
			(a.items[0].shipped_qty, a.items[0].pending_qty, a.items[0].delivery_status),
			(400, 600, "Partly Shipped"),
		)
		self.assertEqual(a.items[0].pending_amount, 1950)
		self.assertEqual(
			(a.items[1].shipped_qty, a.items[1].pending_qty, a.items[1].delivery_status),
			(200, 0, "Fully Shipped"),
		)
		self.assertEqual(a.status, "Partly Shipped")
		self.assertEqual(a.shipped_amount, 1300 + 2560)
		self.assertEqual(a.pending_amount, 1950)
		self.assertEqual(b.items[0].shipped_amount, 330)
		self.assertEqual(b.status, "Partly Shipped")

		# second shipment: the rest, 2% short on a (inside 5%) and 3% over on b (at the upper bound)
		make_notice(ATLANTIC, [(a, 1, 580), (b, 1, 415)])
		a.reload()
		b.reload()
		self.assertEqual(
			(a.items[0].shipped_qty, a.items[0].pending_qty, a.items[0].delivery_status),
			(980, 0, "Fully Shipped"),
		)
		self.assertEqual((a.status, a.per_shipped, a.pending_amount), ("Fully Shipped", 100, 0))
		self.assertEqual((b.items[0].shipped_qty, b.status), (515, "Fully Shipped"))
		self.assertEqual(b.shipped_amount, flt(515 * 3.3, 2))

	def test_over_tolerance_is_refused_naming_the_row(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25), ("FTC-MAT-GREY", 100, 4.1)])
		make_notice(ATLANTIC, [(a, 1, 60)])
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_notice(ATLANTIC, [(a, 2, 10), (a, 1, 46)])
		message = str(ctx.exception)
		self.assertIn("Row 2", message)
		self.assertIn("106", message)
		self.assertIn("105", message)
		self.assertEqual(line(a.name, 1).shipped_qty, 60)
		self.assertEqual(line(a.name, 2).shipped_qty, 0)

	def test_price_must_match_unless_manager_overrides(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_notice(ATLANTIC, [(a, 1, 10, 3.2)])
		self.assertIn("differs from the rate 3.25", str(ctx.exception))

		sales = make_desk_user("ftc.sales@example.com", ["Export Sales User"])
		manager = make_desk_user("ftc.manager@example.com", ["Export Sales Manager"])
		frappe.set_user(sales)
		doc = self.notice_with_override(a)
		with self.assertRaises(frappe.ValidationError) as ctx:
			doc.insert()
		self.assertIn("only an Export Sales Manager", str(ctx.exception))

		frappe.set_user(manager)
		doc = self.notice_with_override(a)
		doc.insert()
		doc.submit()
		self.assertEqual(line(a.name, 1).shipped_amount, 32)

	@staticmethod
	def notice_with_override(contract):
		return draft_notice(
			[
				{
					"export_contract": contract.name,
					"contract_item": contract.items[0].name,
					"qty": 10,
					"rate": 3.2,
					"rate_override": 1,
					"override_reason": "Agreed discount for late shipment",
				}
			]
		)

	def test_other_customer_contract_and_customer_item_code_mismatch(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		r = make_contract(RHEIN, [("FTC-TOWEL-RED", 100, 3.0)], currency="USD")
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_notice(ATLANTIC, [(a, 1, 10), (r, 1, 10, 3.0)])
		self.assertIn("belongs to customer FTC Buyer Rhein", str(ctx.exception))

		doc = make_notice(ATLANTIC, [(a, 1, 10)], submit=False)
		doc.items[0].customer_item_code = "ATL-TOWEL-BLUE"
		self.assertRaises(frappe.ValidationError, doc.save)

	def test_unknown_item_or_unit_named_by_row(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		doc = make_notice(ATLANTIC, [(a, 1, 10)], submit=False)
		doc.items[0].uom = "No Such Unit"
		with self.assertRaises(frappe.ValidationError) as ctx:
			doc.save()
		self.assertIn("Row 1: unit No Such Unit does not exist", str(ctx.exception))
		self.assertEqual(doc.items[0].item_name, "Cotton towel, red, 70×140")

	def test_line_found_by_customer_item_code(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25), ("FTC-TOWEL-BLUE", 100, 3.25)])
		doc = draft_notice(
			[{"export_contract": a.name, "customer_item_code": "ATL-TOWEL-BLUE", "qty": 30, "rate": 3.25}]
		).insert()
		self.assertEqual(doc.items[0].contract_item, a.items[1].name)
		self.assertEqual(doc.items[0].item_code, "FTC-TOWEL-BLUE")

	def test_the_signed_copy_uploaded_in_the_countersign_dialog_is_attached_privately(self):
		"""Guards against this: the signed copy had to be attached separately, after recording the countersign."""
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False)

		def upload(owner):
			frappe.set_user(owner)
			f = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"signed-{frappe.generate_hash(length=6)}.pdf",
					"content": f"%PDF-1.4 signed by {owner} {frappe.generate_hash()}".encode(),
					"is_private": 1,  # as the dialog uploads it
				}
			).insert(ignore_permissions=True)
			frappe.set_user("Administrator")
			return f

		stranger = make_desk_user("countersign.other@example.com", ["Export Sales User"])
		with self.assertRaisesRegex(frappe.ValidationError, "not found among your uploads"):
			countersign(a.name, countersigned_by="J. Smith", signed_copy=upload(stranger).file_url)
		self.assertEqual(frappe.db.get_value("Export Contract", a.name, "is_countersigned"), 0)

		# uploaded to nothing, the file passed no gate: it is judged when it becomes the contract's
		disguised = upload("Administrator")
		with open(disguised.get_full_path(), "wb") as f:
			f.write(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200))
		with self.assertRaisesRegex(frappe.ValidationError, "signed-.*pdf"):
			countersign(a.name, countersigned_by="J. Smith", signed_copy=disguised.file_url)
		self.assertEqual(frappe.db.get_value("Export Contract", a.name, "is_countersigned"), 0)
		self.assertFalse(frappe.db.get_value("File", disguised.name, "attached_to_name"))

		mine = upload("Administrator")
		countersign(a.name, countersigned_by="J. Smith", signed_copy=mine.file_url)
		mine.reload()
		self.assertEqual(
			(mine.attached_to_doctype, mine.attached_to_name, mine.is_private), ("Export Contract", a.name, 1)
		)
		self.assertEqual(frappe.db.get_value("Export Contract", a.name, "is_countersigned"), 1)

	@change_settings("Foreign Trade Settings", {"countersign_policy": "Block"})
	def test_not_countersigned_blocks(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False)
		self.assertEqual(a.status, "To Countersign")
		self.assertRaises(frappe.ValidationError, make_notice, ATLANTIC, [(a, 1, 10)])
		countersign(a.name, countersigned_by="J. Smith")
		a.reload()
		self.assertEqual(
			(a.status, a.is_countersigned, a.countersign_recorded_by), ("To Ship", 1, "Administrator")
		)
		make_notice(ATLANTIC, [(a, 1, 10)])
		self.assertRaises(frappe.ValidationError, countersign, a.name)  # only once

	@change_settings("Foreign Trade Settings", {"countersign_policy": "Warn"})
	def test_not_countersigned_warns(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False)
		make_notice(ATLANTIC, [(a, 1, 10)])
		self.assertEqual(frappe.db.get_value("Export Contract", a.name, "status"), "Partly Shipped")

	def test_partial_shipment_not_allowed(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], partial_shipment_allowed=0)
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_notice(ATLANTIC, [(a, 1, 50)])
		self.assertIn("does not allow partial shipment", str(ctx.exception))
		make_notice(ATLANTIC, [(a, 1, 100)])

	def test_cancel_restores_exactly_and_amend_works(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 1000, 3.25)])
		before = frappe.db.get_value(
			"Export Contract Item",
			a.items[0].name,
			["shipped_qty", "shipped_amount", "pending_qty", "pending_amount", "delivery_status"],
		)
		n1 = make_notice(ATLANTIC, [(a, 1, 300)])
		n2 = make_notice(ATLANTIC, [(a, 1, 200)])
		self.assertEqual(line(a.name, 1).shipped_qty, 500)

		n1.reload()
		self.assertTrue(n1.sales_invoice)
		n1.cancel()
		self.assertEqual(frappe.db.get_value("Sales Invoice", n1.sales_invoice, "docstatus"), 2)
		self.assertEqual((line(a.name, 1).shipped_qty, line(a.name, 1).pending_qty), (200, 800))

		amended = frappe.copy_doc(n1, ignore_no_copy=False)  # as the desk's Amend does
		amended.docstatus = 0
		amended.amended_from = n1.name
		amended.items[0].qty = 350
		amended.insert()
		amended.submit()
		self.assertEqual(
			(line(a.name, 1).shipped_qty, line(a.name, 1).shipped_amount), (550, flt(550 * 3.25, 2))
		)

		n2.reload()
		n2.cancel()
		amended.reload()
		amended.cancel()
		after = frappe.db.get_value(
			"Export Contract Item",
			a.items[0].name,
			["shipped_qty", "shipped_amount", "pending_qty", "pending_amount", "delivery_status"],
		)
		self.assertEqual(after, before)
		self.assertEqual(frappe.db.get_value("Export Contract", a.name, "status"), "To Ship")

	def test_contract_with_submitted_notice_cannot_be_cancelled(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		make_notice(ATLANTIC, [(a, 1, 10)])
		a.reload()
		self.assertRaises(frappe.LinkExistsError, a.cancel)

	def test_sales_invoice_made_on_submit_linked_both_ways(self):
		a = make_contract(
			ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], payment_terms_template="FTC 60 Days after B/L"
		)
		notice = make_notice(
			ATLANTIC, [(a, 1, 40)], bl_date="2026-03-10", payment_terms_template="FTC 60 Days after B/L"
		)
		notice.reload()
		self.assertEqual(str(notice.expected_collection_date), "2026-05-09")
		si = frappe.get_doc("Sales Invoice", notice.sales_invoice)
		self.assertEqual(
			(si.docstatus, si.shipment_notice, si.customer, si.currency), (1, notice.name, ATLANTIC, "USD")
		)
		self.assertEqual((str(si.bl_date), str(si.expected_collection_date)), ("2026-03-10", "2026-05-09"))
		self.assertEqual(si.grand_total, 130)
		self.assertEqual(
			(si.items[0].export_contract, si.items[0].export_contract_item), (a.name, a.items[0].name)
		)

	def test_invoice_in_the_buyers_currency_keeps_contract_rates_and_a_consistent_price_list(self):
		errors_before = frappe.db.count("Error Log")
		r = make_contract(RHEIN, [("FTC-TOWEL-RED", 100, 2.95)], conversion_rate=7.7)
		notice = make_notice(RHEIN, [(r, 1, 40)], conversion_rate=7.7)
		si = frappe.get_doc(
			"Sales Invoice", frappe.db.get_value("Shipment Notice", notice.name, "sales_invoice")
		)
		self.assertEqual((si.currency, si.conversion_rate, si.grand_total), ("EUR", 7.7, 118))
		self.assertEqual(si.base_grand_total, flt(118 * 7.7, 2))
		self.assertEqual([(d.rate, d.price_list_rate) for d in si.items], [(2.95, 2.95)])
		# Rhein has no EUR price list: ERPNext's own, converted at its own rate, not the invoice's
		pl_currency = frappe.db.get_value("Price List", si.selling_price_list, "currency")
		self.assertEqual(si.price_list_currency, pl_currency)
		if pl_currency != "EUR":
			self.assertNotEqual(si.plc_conversion_rate, 7.7)
		self.assertEqual(frappe.db.count("Error Log"), errors_before)

	def test_get_items_from_contract_pulls_pending_lines(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25), ("FTC-ROBE-L", 10, 12.8)])
		make_notice(ATLANTIC, [(a, 2, 10)])
		doc = make_shipment_notice(a.name)
		self.assertEqual(
			[(d.contract_item, d.qty, d.rate) for d in doc.items], [(a.items[0].name, 100, 3.25)]
		)
		self.assertEqual(doc.items[0].customer_item_code, "ATL-TOWEL-RED")

	def offered(self, **filters):
		return [
			row.name
			for row in contracts_to_ship(
				"Export Contract", "", "name", 0, 100, {"customer": ATLANTIC, **filters}, as_dict=True
			)
		]

	@change_settings("Foreign Trade Settings", {"countersign_policy": "Block"})
	def test_get_items_from_offers_only_contracts_a_notice_may_take(self):
		"""Guards against this: contracts not yet countersigned were offered, and saving the notice failed."""
		signed = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		unsigned = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False)
		shipped = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		make_notice(ATLANTIC, [(shipped, 1, 100)])
		offered = self.offered()
		self.assertIn(signed.name, offered)
		self.assertNotIn(unsigned.name, offered)
		self.assertNotIn(shipped.name, offered)  # nothing left to ship
		self.assertNotIn(signed.name, self.offered(currency="EUR"))  # not in the notice's currency
		row = next(
			r
			for r in contracts_to_ship(
				"Export Contract", signed.name, "name", 0, 10, {"customer": ATLANTIC}, as_dict=True
			)
			if r.name == signed.name
		)
		self.assertEqual((row.status, row.per_shipped), ("To Ship", "0%"))
		self.assertIn("325.00", row.pending_amount)
		with self.assertRaises(frappe.ValidationError) as ctx:
			make_shipment_notice(unsigned.name)
		self.assertIn("has not been countersigned", str(ctx.exception))
		with change_settings("Foreign Trade Settings", {"countersign_policy": "Warn"}):
			self.assertIn(unsigned.name, self.offered())
			self.assertTrue(make_shipment_notice(unsigned.name).items)

	def test_close_and_reopen_by_manager_only(self):
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		make_notice(ATLANTIC, [(a, 1, 50)])
		user = make_desk_user("ftc.sales@example.com", ["Export Sales User"])
		frappe.set_user(user)
		self.assertRaises(frappe.PermissionError, close, a.name, "buyer cancelled the rest")
		frappe.set_user("Administrator")
		close(a.name, "buyer cancelled the rest")
		self.assertEqual(frappe.db.get_value("Export Contract", a.name, "status"), "Closed")
		self.assertRaises(frappe.ValidationError, make_notice, ATLANTIC, [(a, 1, 10)])
		reopen(a.name)
		self.assertEqual(frappe.db.get_value("Export Contract", a.name, "status"), "Partly Shipped")

	def test_delivery_status_report(self):
		from foreign_trade_crm.foreign_trade_crm.report.contract_delivery_status.contract_delivery_status import (
			execute,
		)

		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25), ("FTC-ROBE-L", 10, 12.8)])
		make_notice(ATLANTIC, [(a, 1, 30)])
		_columns, data, _msg, chart, summary = execute({"export_contract": a.name, "group_by": "Contract"})
		self.assertEqual(data[0]["export_contract"], a.name)  # group row
		lines = [r for r in data if not r.get("is_group") and not r.get("is_total_row")]
		self.assertEqual(
			[(r.item_code, r.shipped_qty, r.pending_qty, r.delivery_status) for r in lines],
			[("FTC-TOWEL-RED", 30, 70, "Partly Shipped"), ("FTC-ROBE-L", 0, 10, "Not Shipped")],
		)
		self.assertEqual(lines[0].tolerance_range, "95 – 105")
		self.assertEqual(data[-1]["pending_amount"], flt(70 * 3.25 + 128, 2))
		self.assertEqual(summary[0]["value"], 1)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1, 1, 0])

		# a line is found by the buyer's own item code
		_c, data, *_ = execute({"export_contract": a.name, "customer_item_code": "robe"})
		self.assertEqual([r.item_code for r in data if not r.get("is_total_row")], ["FTC-ROBE-L"])


class TestShippingAdvice(FrappeTestCase):
	def test_advice_without_an_outgoing_account_says_what_to_set_up_and_sends_nothing(self):
		"""Guards against this: Frappe's raw "missing email account" error after the PDFs were rendered."""
		frappe.set_user("Administrator")
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		notice = make_notice(ATLANTIC, [(a, 1, 40)], contact_email=CUSTOMERS[0][3])
		with no_outgoing_mail():
			with self.assertRaisesRegex(frappe.ValidationError, "No outgoing e-mail account is set up"):
				send_shipping_advice(notice.name)
		self.assertIsNone(frappe.db.get_value("Shipment Notice", notice.name, "advice_sent_on"))
		self.assertFalse(frappe.db.exists("Communication", {"reference_name": notice.name}))

	def test_advice_queues_mail_with_three_documents_on_the_timeline(self):
		frappe.set_user("Administrator")
		make_outbox()
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		notice = make_notice(ATLANTIC, [(a, 1, 40)], contact_email=CUSTOMERS[0][3], bl_no="COSU123")

		communication = send_shipping_advice(notice.name)

		comm = frappe.get_doc("Communication", communication)
		self.assertEqual((comm.reference_doctype, comm.reference_name), ("Shipment Notice", notice.name))
		self.assertIn("COSU123", comm.subject)
		self.assertEqual(comm.recipients, CUSTOMERS[0][3])
		files = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Communication", "attached_to_name": comm.name},
			pluck="file_name",
		)
		self.assertEqual(len(files), 3, files)
		self.assertTrue(all(f.endswith(".pdf") for f in files), files)
		queued = frappe.get_all("Email Queue", filters={"communication": comm.name}, pluck="name")
		self.assertEqual(len(queued), 1)
		self.assertTrue(frappe.db.get_value("Shipment Notice", notice.name, "advice_sent_on"))

	def test_advice_needs_a_submitted_notice_and_a_recipient(self):
		make_outbox()
		a = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		draft = make_notice(ATLANTIC, [(a, 1, 10)], submit=False, contact_email=CUSTOMERS[0][3])
		self.assertRaises(frappe.ValidationError, send_shipping_advice, draft.name)
		no_mail = make_notice(ATLANTIC, [(a, 1, 10)])
		self.assertRaises(frappe.ValidationError, send_shipping_advice, no_mail.name)
