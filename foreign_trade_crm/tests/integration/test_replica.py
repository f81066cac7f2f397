"""Reads on the replica, writes on the primary, against a real MariaDB replica: run by
``python3 foreign_trade_crm/benchmarks/replica.py run`` (which starts one, points the site at it, runs this
module and takes it down). Without a replica in the site config every test here is skipped, saying so.

Where each statement went is read from the connection that ran it: the replica listens on its own port.
A report that stops honouring the replica (its ``@frappe.read_only()`` removed) fails here.
"""

import time
import unittest
from contextlib import contextmanager

import frappe
from frappe.database.database import Database
from frappe.tests.utils import FrappeTestCase
from frappe.utils import nowdate

from foreign_trade_crm.tests.factories import COMPANY, CUSTOMERS, make_claim, make_contract, make_notice

ATLANTIC, ATLANTIC_BUYER = CUSTOMERS[0][0], CUSTOMERS[0][3]


def replica_port() -> int | None:
	return frappe.conf.get("replica_db_port") if frappe.conf.get("read_from_replica") else None


@contextmanager
def statements():
	"""(port, statement) of every statement run inside the block; each read-only call switches afresh
	(Frappe keeps the replica connection on ``frappe.local`` for the rest of a request)."""
	seen = []
	original = Database.sql

	def spy(self, query, *args, **kwargs):
		seen.append((int(self.port or 3306), " ".join(str(query).split())[:90]))
		return original(self, query, *args, **kwargs)

	Database.sql = spy
	try:
		yield seen
	finally:
		Database.sql = original


def fresh_request():
	for attribute in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attribute):
			delattr(frappe.local, attribute)


@unittest.skipUnless(
	replica_port(), "no replica: run benchmarks/replica.py run to start one and test with it"
)
class TestReplica(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		fresh_request()

	def tearDown(self):
		frappe.set_user("Administrator")
		fresh_request()

	def reads(self, call):
		fresh_request()
		with statements() as seen:
			call()
		fresh_request()
		return seen

	def test_the_heavy_reads_go_to_the_replica(self):
		from foreign_trade_crm.foreign_trade_crm.report.alerts.alerts import execute as alerts
		from foreign_trade_crm.foreign_trade_crm.report.contract_delivery_status.contract_delivery_status import (
			execute as delivery,
		)
		from foreign_trade_crm.foreign_trade_crm.report.contract_profit.contract_profit import (
			execute as profit,
		)
		from foreign_trade_crm.foreign_trade_crm.report.export_receivables.export_receivables import (
			execute as receivables,
		)
		from foreign_trade_crm.foreign_trade_crm.report.trade_claim_analysis.trade_claim_analysis import (
			execute as claims,
		)
		from foreign_trade_crm.services import portal
		from foreign_trade_crm.services.customer_overview import overview

		port = replica_port()
		reads = {
			f"Export Receivables, {layout}": lambda layout=layout: receivables(
				{"company": COMPANY, "cutoff": nowdate(), "layout": layout}
			)
			for layout in ("Summary per Customer", "Per Invoice", "Per Invoice with Collections")
		}
		reads.update(
			{
				"Trade Claim Analysis": lambda: claims({"company": COMPANY, "group_by": "Customer"}),
				"Contract Delivery Status": lambda: delivery({"company": COMPANY}),
				"Alerts, Due Now": lambda: alerts({"view": "Due Now"}),
				"Contract Profit": lambda: profit({"company": COMPANY}),
				"Customer 360": lambda: overview(ATLANTIC),
			}
		)
		for name, call in reads.items():
			seen = self.reads(call)
			self.assertTrue(seen, name)
			self.assertEqual({p for p, _q in seen}, {port}, (name, [q for p, q in seen if p != port][:3]))
		frappe.set_user(ATLANTIC_BUYER)
		for name, call in (
			("portal contracts list", lambda: portal.list_rows("contracts")),
			("portal receivables", portal.receivables),
		):
			seen = self.reads(call)
			# the buyer's own customer is looked up first, on the primary: who you are is never stale
			self.assertIn(port, {p for p, _q in seen}, name)
			self.assertFalse(
				[
					q
					for p, q in seen
					if p != port
					and "tabPortal User" not in q
					and "tabContact" not in q
					and "tabDynamic Link" not in q
					and "tabHas Role" not in q
					and "tabUser" not in q
				],
				name,
			)

	def test_every_write_and_the_reads_it_makes_stay_on_the_primary(self):
		from foreign_trade_crm.services.contract import countersign

		port = replica_port()
		with statements() as seen:
			contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)], countersign=False)
			countersign(contract.name, countersigned_by="Replica Test")
			contract.reload()
			notice = make_notice(ATLANTIC, [(contract, 1, 40)])
			make_claim(notice, [(1, 2, 6.5)])
			notice.reload()
			notice.cancel()
		self.assertTrue(seen)
		self.assertEqual([q for p, q in seen if p == port], [])

	def test_a_notice_submitted_on_the_primary_reaches_the_replicas_reports(self):
		from foreign_trade_crm.foreign_trade_crm.report.contract_delivery_status.contract_delivery_status import (
			execute as delivery,
		)

		contract = make_contract(ATLANTIC, [("FTC-TOWEL-RED", 100, 3.25)])
		notice = make_notice(ATLANTIC, [(contract, 1, 40)])
		frappe.db.commit()  # replication carries committed transactions only
		committed = time.monotonic()
		lag = None
		while time.monotonic() - committed < 30:
			fresh_request()
			_columns, rows, *_ = delivery({"company": COMPANY, "export_contract": contract.name})
			if any(r.get("shipped_qty") == 40 for r in rows if isinstance(r, dict)):
				lag = time.monotonic() - committed
				break
			time.sleep(0.05)
		self.assertIsNotNone(lag, f"{notice.name} not on the replica after 30 s")
		print(f"replica lag: {notice.name} shipped 40 on the replica's report after {lag:.3f} s")
		self.assertLess(lag, 10)
