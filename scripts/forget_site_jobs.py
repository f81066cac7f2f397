"""Remove a dropped site's background jobs from the bench's Redis queue.

Run with the bench's Python from the bench directory: ``env/bin/python .../scripts/forget_site_jobs.py SITE...``,
or with ``--missing`` for every site the jobs name that has no folder under ``sites/`` any more.

A job left in a registry for a site that no longer exists (the CI worker is stopped while a job of
the throwaway site still runs, and the site is then dropped) makes every later ``bench worker`` of
the bench quit on start: RQ's registry cleanup calls Frappe's failure callback, which reads the
dropped site's config and raises. ``scripts/setup`` forgets them (``--missing``) before it starts the bench
(the CI keeps its throwaway site's jobs on a Redis queue of its own, shut down with the site).
"""

import json
import os
import sys

from redis import Redis
from rq import Queue
from rq.job import Job


def main(args: list[str]) -> int:
	with open("sites/common_site_config.json") as f:
		url = json.load(f).get("redis_queue")
	if not url:
		return 0
	conn = Redis.from_url(url)
	missing = "--missing" in args
	named = {a for a in args if a != "--missing"}

	def forget(site) -> bool:
		if not site:
			return False
		return site in named or (missing and not os.path.isdir(os.path.join("sites", site)))

	forgotten = 0
	for queue in Queue.all(connection=conn):
		registries = (
			queue.started_job_registry,
			queue.failed_job_registry,
			queue.deferred_job_registry,
			queue.scheduled_job_registry,
			queue.finished_job_registry,
			queue.canceled_job_registry,
		)
		ids = set(queue.get_job_ids())
		for registry in registries:
			# straight from the sorted set: get_job_ids() cleans up first, which is what fails
			ids.update(j.decode() for j in conn.zrange(registry.key, 0, -1))
		for job_id in ids:
			job = Job(job_id, connection=conn)
			try:
				job.refresh()
				kwargs = job.kwargs or {}
			except Exception:
				kwargs = {}
			if not forget(kwargs.get("site")):
				continue
			queue.remove(job_id)
			for registry in registries:
				registry.remove(job_id, delete_job=False)
			try:
				job.delete(remove_from_queue=False)
			except Exception:
				pass
			forgotten += 1
	print(f"{forgotten} job(s) forgotten")
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
