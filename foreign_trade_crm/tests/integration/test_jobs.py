"""Jobs whose worker died: what counts as a dead worker here, and an import stalled by one is run
again and its user told. The kill itself, over three real workers, is benchmarks/workers.py's."""

import os
import time

import frappe
from frappe.tests.utils import FrappeTestCase

from foreign_trade_crm.services import jobs, lead_import, workers


class TestStalledJobs(FrappeTestCase):
	def test_a_killed_process_not_yet_reaped_is_not_alive(self):
		self.assertTrue(workers.process_alive(os.getpid()))
		child = os.fork()
		if child == 0:
			os._exit(0)
		time.sleep(0.2)  # exited, not reaped: a zombie, as a killed worker whose parent died too
		try:
			self.assertFalse(workers.process_alive(child))
		finally:
			os.waitpid(child, 0)
		self.assertFalse(workers.process_alive(child))

	def test_an_import_left_importing_with_no_job_runs_again_and_its_user_is_told(self):
		from foreign_trade_crm.rules.xlsx import plain_xlsx

		suffix = frappe.generate_hash(length=6)
		doc = lead_import.new_import(
			plain_xlsx(
				[("Company", "E-mail"), (f"Stalled Buyer {suffix} Ltd", f"stalled.{suffix}@example.com")]
			),
			f"stalled-{suffix}.xlsx",
			default_country="Germany",
		)
		lead_import.check(doc.name)
		doc.db_set("status", "Importing")  # its worker died: no job left in the queue
		found = jobs.recover_stalled_jobs()
		self.assertIn(doc.name, found["lead_imports"])
		self.assertEqual(frappe.db.get_value("Lead Import", doc.name, "status"), "Queued")
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"document_name": doc.name, "subject": ("like", "%stopped; it runs again%")},
			)
		)
		# and the run again imports it once
		lead_import.run(doc.name)
		self.assertEqual(frappe.db.count("Lead", {"company_name": f"Stalled Buyer {suffix} Ltd"}), 1)
