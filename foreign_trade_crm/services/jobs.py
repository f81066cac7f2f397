"""Background jobs whose worker died: found, run again, the user told.

A Lead Import writes all its leads or none, in one transaction; a chunk of daily alerts sends each alert
in a transaction of its own, and an Alert Log key stops a second sending of what was sent before. A
worker killed in the middle of one (its host lost, an out-of-memory kill) leaves nothing half-done, but RQ
still lists the job as started, the Lead Import still reads "Importing", and nothing would run it again.

``recover_stalled_jobs`` (every five minutes, scheduler) finds such jobs: started, and the worker that
took them is gone (no longer registered, or a dead process on this host). It runs each again on any live
worker, up to ``MAX_ATTEMPTS`` times, and says so: the import's user gets a notification, the alerts an
Error Log entry for the admins.
"""

from __future__ import annotations

import frappe
from frappe import _

from foreign_trade_crm.services.workers import attempt_of, worker_is_gone

MAX_ATTEMPTS = 3


def recover_stalled_jobs() -> dict:
	"""Run again what dead workers left: Lead Imports and today's alert chunks."""
	return {"lead_imports": _recover_lead_imports(), "alert_chunks": _recover_alert_chunks()}


def _recover_lead_imports() -> list[str]:
	from frappe.utils.background_jobs import get_job

	from foreign_trade_crm.services import lead_import

	restarted = []
	for name, owner in frappe.get_all(
		"Lead Import",
		filters={"status": ("in", ("Queued", "Importing"))},
		fields=["name", "owner"],
		as_list=True,
	):
		job = get_job(lead_import.job_id(name))
		if job is not None and not worker_is_gone(job):
			continue
		if not lead_import.holds(name):
			continue  # a run holds it: alive, whatever its worker's registration says
		if job is None and frappe.db.get_value("Lead Import", name, "status") == "Queued":
			continue  # enqueued once its transaction commits: not lost
		user = ((job.kwargs or {}).get("kwargs") or {}).get("user") if job else None
		user = user or owner
		if job is not None:
			job.delete()  # frees its id for the run again
		attempt = attempt_of(f"lead-import::{name}")
		doc = frappe.get_doc("Lead Import", name)
		if attempt > MAX_ATTEMPTS:
			doc.db_set("status", "Failed")
			doc.db_set("error", _("The worker running it stopped {0} times").format(MAX_ATTEMPTS))
			lead_import.notify(
				doc,
				user,
				_("Lead import {0} failed: its worker stopped {1} times").format(name, MAX_ATTEMPTS),
			)
			continue
		lead_import.enqueue_run(doc, user)
		lead_import.notify(
			doc,
			user,
			_(
				"Lead import {0}: the worker running it stopped; it runs again (attempt {1} of {2}), nothing of the stopped run was kept"
			).format(name, attempt + 1, MAX_ATTEMPTS + 1),
		)
		restarted.append(name)
	return restarted


def _recover_alert_chunks() -> list[str]:
	from frappe.utils import nowdate
	from frappe.utils.background_jobs import get_job

	from foreign_trade_crm.services.alerts import chunk_job_ids

	restarted = []
	for job_id in chunk_job_ids(nowdate()):
		job = get_job(job_id)
		if job is None or not worker_is_gone(job):
			continue
		items = ((job.kwargs or {}).get("kwargs") or {}).get("items")
		job.delete()
		attempt = attempt_of(job_id)
		if not items or attempt > MAX_ATTEMPTS:
			continue
		frappe.enqueue(
			"foreign_trade_crm.services.alerts.send_chunk", queue="long", job_id=job_id, items=items
		)
		frappe.log_error(
			title=_("Alerts: a chunk of {0} alerts runs again, its worker stopped").format(len(items)),
			message=_(
				"Job {0}, attempt {1}: nothing of the stopped run was kept; an alert already sent is not sent again"
			).format(job_id, attempt + 1),
		)
		restarted.append(job_id)
	return restarted
