"""Two processes submit notices for the same contract line at once; exactly one may win."""

import json
import os
import subprocess
import sys
import time

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.tests.factories import CUSTOMERS, make_contract, make_notice

ATLANTIC = CUSTOMERS[0][0]


def submit_at_once(notices: list[str]) -> list[dict]:
	start_at = time.time() + 3  # both processes are connected and waiting by then
	procs = [
		subprocess.Popen(
			[
				sys.executable,
				"-m",
				"foreign_trade_crm.tests.integration.submit_worker",
				frappe.local.site,
				name,
				str(start_at),
			],
			stdout=subprocess.PIPE,
			stderr=subprocess.PIPE,
			text=True,
			cwd=os.getcwd(),
		)
		for name in notices
	]
	results = []
	for p in procs:
		out, err = p.communicate(timeout=120)
		lines = [line for line in out.splitlines() if line.startswith("{")]
		if not lines:
			raise AssertionError(f"worker printed no result: {out}\n{err}")
		results.append(json.loads(lines[-1]))
	return results


class TestConcurrentSubmits(FrappeTestCase):
	def test_only_one_of_two_concurrent_over_tolerance_submits_wins(self):
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], tolerance_percent=5)
		drafts = [make_notice(ATLANTIC, [(contract, 1, 60)], submit=False).name for _ in range(2)]
		frappe.db.commit()  # the workers see only committed rows

		results = submit_at_once(drafts)

		winners = [r for r in results if r["ok"]]
		losers = [r for r in results if not r["ok"]]
		self.assertEqual(len(winners), 1, results)
		self.assertIn("ValidationError", losers[0]["error"])  # refused by the rule, not a deadlock
		self.assertIn("past the most allowed 105", losers[0]["error"])

		row = frappe.db.get_value(
			"Export Contract Item",
			contract.items[0].name,
			["shipped_qty", "shipped_amount", "pending_qty", "delivery_status"],
			as_dict=True,
		)
		self.assertEqual((row.shipped_qty, row.shipped_amount, row.pending_qty), (60, 195, 40))
		self.assertEqual(row.delivery_status, "Partly Shipped")
		self.assertEqual(frappe.db.get_value("Shipment Notice", losers[0]["notice"], "docstatus"), 0)
		# the loser left nothing behind: no invoice for it
		self.assertFalse(frappe.db.exists("Sales Invoice", {"shipment_notice": losers[0]["notice"]}))

	def test_concurrent_submits_within_tolerance_both_count(self):
		contract = make_contract(ATLANTIC, [("FTC-TOWEL-BLUE", 100, 3.25)], tolerance_percent=5)
		drafts = [make_notice(ATLANTIC, [(contract, 1, 50)], submit=False).name for _ in range(2)]
		frappe.db.commit()

		results = submit_at_once(drafts)

		self.assertTrue(all(r["ok"] for r in results), results)
		row = frappe.db.get_value(
			"Export Contract Item", contract.items[0].name, ["shipped_qty", "delivery_status"], as_dict=True
		)
		self.assertEqual((row.shipped_qty, row.delivery_status), (100, "Fully Shipped"))
		self.assertEqual(frappe.db.get_value("Export Contract", contract.name, "status"), "Fully Shipped")
