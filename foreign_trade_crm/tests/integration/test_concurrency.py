"""Two processes act on the same contract at once: exactly what one of them may do is done.

Notices submitted for the same contract line at once; a countersign from the portal while the desk
cancels the contract or records the same countersign.
"""

import json
import os
import subprocess
import sys
import time

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.tests.factories import CUSTOMERS, make_contract, make_notice

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]


def results_of(procs) -> list[dict]:
	results = []
	for p in procs:
		out, err = p.communicate(timeout=120)
		lines = [line for line in out.splitlines() if line.startswith("{")]
		if not lines:
			raise AssertionError(f"worker printed no result: {out}\n{err}")
		results.append(json.loads(lines[-1]))
	return results


def race(first: tuple[str, str], second: tuple[str, str], contract: str) -> list[dict]:
	"""(action, user) pairs: the first starts and holds its transaction 3 s; the second starts 1 s in."""
	start_at = time.time() + 3
	procs = [
		subprocess.Popen(
			[
				sys.executable,
				"-m",
				"foreign_trade_crm.tests.integration.contract_worker",
				frappe.local.site,
				action,
				contract,
				str(start_at + delay),
				str(hold),
				user,
			],
			stdout=subprocess.PIPE,
			stderr=subprocess.PIPE,
			text=True,
			cwd=os.getcwd(),
		)
		for (action, user), delay, hold in ((first, 0, 3), (second, 1, 0))
	]
	return results_of(procs)


def post(doctype: str, name: str, start_at: float, hold: float = 0) -> subprocess.Popen:
	"""A process submitting the draft ``name`` at ``start_at`` and committing ``hold`` seconds later
	(``post_worker``)."""
	return subprocess.Popen(
		[
			sys.executable,
			"-m",
			"foreign_trade_crm.tests.integration.post_worker",
			frappe.local.site,
			doctype,
			name,
			str(start_at),
			str(hold),
		],
		stdout=subprocess.PIPE,
		stderr=subprocess.PIPE,
		text=True,
		cwd=os.getcwd(),
	)


def submit_at_once(notices: list[str]) -> list[dict]:
	start_at = time.time() + 3  # both processes are connected and waiting by then
	return results_of([post("Shipment Notice", name, start_at) for name in notices])


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
		self.assertEqual(frappe.db.get_value("Shipment Notice", losers[0]["name"], "docstatus"), 0)
		# the loser left nothing behind: no invoice for it
		self.assertFalse(frappe.db.exists("Sales Invoice", {"shipment_notice": losers[0]["name"]}))

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


class TestConcurrentCountersign(FrappeTestCase):
	"""The desk and the portal countersign through one function, under the contract's lock."""

	def setUp(self):
		frappe.set_user("Administrator")
		self.contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False).name
		frappe.db.commit()

	def state(self):
		return frappe.db.get_value(
			"Export Contract",
			self.contract,
			["docstatus", "status", "is_countersigned", "countersigned_by"],
			as_dict=True,
		)

	def countersign_notes(self):
		return frappe.get_all(
			"Comment",
			filters={
				"reference_name": self.contract,
				"comment_type": "Info",
				"content": ("like", "Countersigned%"),
			},
			pluck="content",
		)

	def test_a_countersign_never_lands_on_a_contract_cancelled_a_moment_before(self):
		cancel, portal = race(
			("cancel", "Administrator"), ("portal_countersign", ATLANTIC_BUYER), self.contract
		)

		self.assertTrue(cancel["ok"], cancel)
		self.assertFalse(portal["ok"], portal)
		self.assertIn("cannot be countersigned", portal["error"])
		state = self.state()
		self.assertEqual((state.docstatus, state.status, state.is_countersigned), (2, "Cancelled", 0))
		self.assertEqual(self.countersign_notes(), [])

	def test_the_desk_and_the_portal_countersigning_at_once_record_one_countersign(self):
		desk, portal = race(
			("desk_countersign", "Administrator"), ("portal_countersign", ATLANTIC_BUYER), self.contract
		)

		self.assertTrue(desk["ok"], desk)
		self.assertTrue(portal["ok"], portal)
		self.assertTrue(portal["result"]["already"])  # the buyer is told it is done, nothing written
		state = self.state()
		self.assertEqual((state.status, state.is_countersigned), ("To Ship", 1))
		self.assertEqual(state.countersigned_by, "Desk Signatory")
		self.assertEqual(len(self.countersign_notes()), 1)

	def test_the_desk_recording_a_countersign_the_buyer_just_gave_is_told_so(self):
		portal, desk = race(
			("portal_countersign", ATLANTIC_BUYER), ("desk_countersign", "Administrator"), self.contract
		)

		self.assertTrue(portal["ok"], portal)
		self.assertFalse(desk["ok"], desk)
		self.assertIn("was countersigned on", desk["error"])
		state = self.state()
		self.assertEqual((state.status, state.countersigned_by), ("To Ship", "Portal Signatory"))
		self.assertEqual(len(self.countersign_notes()), 1)
