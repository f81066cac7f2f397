"""Two processes, each with its own database connection, submit notices drawing on one credit at the same
moment: the credit's drawn amount is exactly their sum; past the credit's maximum exactly one wins; a
cancel gives its amount back."""

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.tests import credit_factories as cf
from foreign_trade_crm.tests.factories import make_notice
from foreign_trade_crm.tests.integration.test_concurrency import submit_at_once

ATLANTIC = cf.ATLANTIC


def draft(contract, credit, lines):
	return make_notice(
		ATLANTIC,
		[(contract, idx, qty) for idx, qty in lines],
		submit=False,
		letter_of_credit=credit.name,
		port_of_destination="Los Angeles",
	).name


class TestConcurrentDrawings(FrappeTestCase):
	def figures(self, credit):
		return frappe.db.get_value(
			"Letter of Credit", credit.name, ["drawn_amount", "available_amount", "status"], as_dict=True
		)

	def test_two_notices_drawing_at_once_add_up_exactly_and_cancel_gives_back(self):
		# two contracts, so that only the credit's lock orders the two submits
		red, blue = cf.credit_contract(goods=cf.GOODS[:1]), cf.credit_contract(goods=cf.GOODS[1:])
		credit = cf.make_credit(contracts=[red, blue])
		a = draft(red, credit, [(1, 7777)])  # 25,275.25
		b = draft(blue, credit, [(1, 3333)])  # 12,498.75
		frappe.db.commit()  # the workers see only committed rows

		results = submit_at_once([a, b])

		self.assertTrue(all(r["ok"] for r in results), results)
		figures = self.figures(credit)
		self.assertEqual(figures.drawn_amount, 25275.25 + 12498.75)
		self.assertEqual(figures.available_amount, 127312.5 - 37774)
		self.assertEqual(figures.status, "In Use")

		frappe.get_doc("Shipment Notice", a).cancel()
		figures = self.figures(credit)
		self.assertEqual((figures.drawn_amount, figures.available_amount), (12498.75, 127312.5 - 12498.75))
		frappe.get_doc("Shipment Notice", b).cancel()
		self.assertEqual(self.figures(credit).drawn_amount, 0)
		self.assertEqual(self.figures(credit).status, "Advised")

	def test_only_one_of_two_concurrent_drawings_past_the_maximum_wins(self):
		# contracts larger than the credit, so that the credit, not a contract, says no; two of them, so that
		# only the credit's lock orders the last two submits
		big = (
			(30_000, "ATL-TOWEL-RED", "RED TOWELS", "3.25"),
			(20_000, "ATL-TOWEL-BLUE", "BLUE TOWELS", "3.75"),
		)
		contract, other = cf.credit_contract(goods=big), cf.credit_contract(goods=big)
		credit = cf.make_credit(contracts=[contract, other], tolerance=None)  # at most USD 121,250.00
		a = draft(contract, credit, [(1, 12000), (2, 8000)])  # 69,000
		b = draft(contract, credit, [(1, 8000), (2, 6000)])  # 48,500: together 117,500, within
		c = draft(contract, credit, [(2, 1000)])  # 3,750: would make 121,250, the maximum
		frappe.db.commit()

		self.assertTrue(all(r["ok"] for r in submit_at_once([a, b])))
		self.assertEqual(self.figures(credit).drawn_amount, 117500)

		d = draft(other, credit, [(2, 1000)])  # two of 3,750 at once: only one fits
		frappe.db.commit()
		results = submit_at_once([c, d])

		winners = [r for r in results if r["ok"]]
		losers = [r for r in results if not r["ok"]]
		self.assertEqual(len(winners), 1, results)
		self.assertIn("ValidationError", losers[0]["error"])  # refused by the credit's rule, not a deadlock
		self.assertIn("above the most the credit allows", losers[0]["error"])
		figures = self.figures(credit)
		self.assertEqual((figures.drawn_amount, figures.available_amount), (121250, 0))
		self.assertEqual(figures.status, "Fully Drawn")
		self.assertEqual(frappe.db.get_value("Shipment Notice", losers[0]["name"], "docstatus"), 0)
		self.assertFalse(frappe.db.exists("Sales Invoice", {"shipment_notice": losers[0]["name"]}))
