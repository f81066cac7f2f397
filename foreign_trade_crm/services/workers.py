"""Whether a background job's worker is still there: what the Lead Import (``services.lead_import``) and
the watchdog (``services.jobs``) both ask, kept apart from either so that neither imports the other."""

from __future__ import annotations

import os
import socket

import frappe
from frappe.utils import cint


def worker_is_gone(job) -> bool:
	"""Whether the RQ job was started by a worker that is no longer there."""
	from rq.job import JobStatus
	from rq.worker import Worker

	if job.get_status() != JobStatus.STARTED:
		return False
	if not job.worker_name:
		return True
	worker = Worker.find_by_key(
		Worker.redis_worker_namespace_prefix + job.worker_name, connection=job.connection
	)
	if worker is None:
		return True
	if worker.hostname == socket.gethostname() and worker.pid:
		return not process_alive(int(worker.pid))
	return False


def process_alive(pid: int) -> bool:
	"""A process of this host that runs (a zombie, killed and not yet reaped, does not)."""
	try:
		os.kill(pid, 0)
	except ProcessLookupError:
		return False
	except PermissionError:
		return True
	try:
		with open(f"/proc/{pid}/stat") as stat:
			return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
	except OSError:
		return True


def attempt_of(key: str) -> int:
	"""The number of this run of a job (1 for the first restart), kept a day."""
	cache_key = frappe.cache.make_key(f"ftcrm:job-attempts:{key}")
	attempts = cint(frappe.cache.incrby(cache_key, 1))
	frappe.cache.expire(cache_key, 24 * 3600)
	return attempts
