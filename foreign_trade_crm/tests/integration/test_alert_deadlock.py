"""An alert whose transaction the database ends as a deadlock victim starts again and is sent once.

The workers harness found it: chunks on several workers notify the same users, and Frappe updates each
user's Notification Settings row on every notification, so two workers can wait on each other. Here a
real deadlock is made on the real database: a second connection holds the user's Notification Settings
row, waits until the chunk is blocked on it, then asks for the Alert Log row the chunk has just written.
The second connection has written far more, so MariaDB picks the chunk's transaction as the victim.
"""

import threading
import time
import uuid

import frappe
import pymysql
from frappe.desk.doctype.notification_settings.notification_settings import create_notification_settings
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from foreign_trade_crm.constants.roles import EXPORT_SALES_USER
from foreign_trade_crm.rules import alerts as rules
from foreign_trade_crm.services import alerts as engine
from foreign_trade_crm.services.alert_items import NOTIFICATION
from foreign_trade_crm.tests.factories import make_customer, make_desk_user, make_quotation

SALES = "deadlock.sales@example.com"
BUYER = "FTC Buyer Deadlock"
HEAVY_ROWS = 300  # the other transaction's writes: more than the chunk's, so the chunk is the victim


def deadlocks() -> int:
	return int(frappe.db.sql("show global status like 'Innodb_deadlocks'")[0][1])


class OtherTransaction(threading.Thread):
	"""Holds `user`'s Notification Settings row; once the chunk waits on it, locks the chunk's Alert Log row."""

	def __init__(self, settings: dict, user: str, key: str):
		super().__init__(daemon=True)
		self.connection = pymysql.connect(**settings)
		self.user, self.key = user, key
		self.stamp = now_datetime()  # Frappe's context is not this thread's
		self.holding = threading.Event()
		self.outcome: dict = {}

	def run(self):
		cursor = self.connection.cursor()
		try:
			cursor.execute("set session innodb_lock_wait_timeout = 30")
			cursor.execute("start transaction")
			batch = uuid.uuid4().hex
			cursor.executemany(
				"insert into `tabAlert Log` (name, dedupe_key, creation, modified) values (%s, %s, %s, %s)",
				[
					(f"deadlock-{batch}-{i}", f"deadlock-{batch}-{i}", self.stamp, self.stamp)
					for i in range(HEAVY_ROWS)
				],
			)
			cursor.execute(
				"select name from `tabNotification Settings` where name = %s for update", (self.user,)
			)
			self.holding.set()
			self.outcome["chunk_waited"] = self._wait_for_the_chunk(cursor)
			cursor.execute("select name from `tabAlert Log` where dedupe_key = %s for update", (self.key,))
			self.outcome["rows_seen"] = len(cursor.fetchall())
		except Exception as error:
			self.outcome["error"] = repr(error)
		finally:
			self.holding.set()
			self.connection.rollback()
			self.connection.close()

	def _wait_for_the_chunk(self, cursor) -> bool:
		"""True once another connection of this site's user waits to update the Notification Settings."""
		for _ in range(300):
			cursor.execute(
				"""select count(*) from information_schema.processlist
				where id <> connection_id() and info like %s""",
				("%update `tabNotification Settings`%",),
			)
			if cursor.fetchone()[0]:
				return True
			time.sleep(0.1)
		return False


class TestAlertChunkDeadlock(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_desk_user(SALES, [EXPORT_SALES_USER])
		create_notification_settings(SALES)  # the row Frappe updates on each notification
		make_customer(BUYER, "USD")
		cls.quotation = make_quotation(BUYER, [("FTC-TOWEL-RED", 100, 3.25)]).name
		frappe.db.commit()  # the chunk's rollback must not take the fixtures with it

	def tearDown(self):
		for doctype, field in (
			("Alert Log", "reference_name"),
			("Notification Log", "document_name"),
			("ToDo", "reference_name"),
		):
			frappe.db.delete(doctype, {field: self.quotation})
		frappe.db.commit()

	def test_an_alert_chosen_as_deadlock_victim_starts_again_and_is_sent_once(self):
		item = {
			"kind": rules.QUOTATION,
			"doctype": "Quotation",
			"name": self.quotation,
			"customer": BUYER,
			"stage": "due",
			"recipients": [(NOTIFICATION, SALES)],
			"language": None,
			"context": {"name": self.quotation, "customer": BUYER, "customer_name": BUYER, "days_late": 3},
		}
		key = rules.dedupe_key(rules.QUOTATION, "Quotation", self.quotation, "due", SALES)
		other = OtherTransaction(frappe.db.get_connection_settings(), SALES, key)
		before = deadlocks()

		other.start()
		self.assertTrue(other.holding.wait(30))
		self.assertNotIn("error", other.outcome)
		engine.send_chunk([item])
		frappe.db.commit()
		other.join(60)

		# the other transaction was not the victim, and it did deadlock with the chunk: the chunk was
		self.assertEqual(other.outcome, {"chunk_waited": True, "rows_seen": 0})
		self.assertGreater(deadlocks(), before)
		# and the alert, started again, was sent once and logged once, as sent
		self.assertEqual(
			frappe.get_all(
				"Alert Log", filters={"reference_name": self.quotation}, fields=["dedupe_key", "status"]
			),
			[{"dedupe_key": key, "status": "Sent"}],
		)
		self.assertEqual(
			frappe.db.count(
				"Notification Log", {"document_name": self.quotation, "for_user": SALES, "type": "Alert"}
			),
			1,
		)
		self.assertFalse(frappe.db.exists("Alert Log", {"dedupe_key": ("like", "deadlock-%")}))
