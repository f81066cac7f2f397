"""Long jobs over several RQ workers, one of them killed in the middle.

Run as root with the bench's Redis up and no other worker serving the bench (``scripts/setup --stop``;
the harness starts the two Redis servers itself when they are down):

	python3 ftcrm_benchmarks/workers.py --site dev.localhost [--rows 4000] [--workers 3]

It starts ``--workers`` workers on the long queue, each in a process group of its own; files a Lead Import
of ``--rows`` new buyers and starts it; as soon as it is importing, kills the worker running it with its
work horse (SIGKILL to the group: as a host lost); runs the watchdog (``services.jobs.recover_stalled_jobs``,
every five minutes in production) at once; waits for the import to finish on another worker; and says
whether every row became exactly one lead and what the user was told. Then it runs the daily alerts over
the same workers and checks that no alert was logged twice. It prints one JSON object and stops its workers.

The site-side steps are the functions below, called with ``python -m ftcrm_benchmarks --call``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path("/home/frappe/frappe-bench")
TAG = "Worker Harness"


# ---------------------------------------------------------------------- in the site (--call)


def prepare(rows: int = 4000) -> dict:
	"""A checked Lead Import of ``rows`` buyers no site has yet."""
	import frappe

	from foreign_trade_crm.rules.xlsx import plain_xlsx
	from foreign_trade_crm.services import lead_import

	run = frappe.generate_hash(length=6)
	base = (
		int(run, 16) % 9_000_000 + 1_000_000
	)  # phone numbers of this run's own: none matches an earlier run
	header = ("公司名称", "Contact", "E-mail", "Tel", "Country", "备注")
	lines = [header] + [
		(
			f"{TAG} {run} Buyer {i:05d} GmbH",
			f"Buyer {i}",
			f"buyer{i}.{run}@harness.example",
			f"+49 {base + i}",
			"Germany",
			"Harness",
		)
		for i in range(rows)
	]
	doc = lead_import.new_import(plain_xlsx(lines), f"harness-{run}.xlsx", default_country="Germany")
	plan = lead_import.check(doc.name)
	frappe.db.commit()
	return {"import": doc.name, "run": run, "plan": plan}


def start(name: str) -> dict:
	import frappe

	from foreign_trade_crm.services import lead_import

	lead_import.start(name)
	frappe.db.commit()
	return {"started": name}


def job_worker(name: str) -> dict:
	"""The status of the import's job and the pid of the worker that took it."""
	from frappe.utils.background_jobs import get_job
	from rq.worker import Worker

	from foreign_trade_crm.services import lead_import

	job = get_job(lead_import.job_id(name))
	if job is None:
		return {}
	worker = (
		Worker.find_by_key(Worker.redis_worker_namespace_prefix + job.worker_name, connection=job.connection)
		if job.worker_name
		else None
	)
	return {"status": str(job.get_status()), "worker": job.worker_name, "pid": worker.pid if worker else None}


def recover() -> dict:
	import frappe

	from foreign_trade_crm.services.jobs import recover_stalled_jobs

	found = recover_stalled_jobs()
	frappe.db.commit()
	return found


def outcome(name: str, run: str) -> dict:
	import frappe

	doc = frappe.get_doc("Lead Import", name)
	leads = frappe.db.sql(
		"select count(*), count(distinct company_name) from `tabLead` where company_name like %s",
		f"{TAG} {run} %",
	)[0]
	return {
		"status": doc.status,
		"created": doc.created,
		"leads": leads[0],
		"distinct_buyers": leads[1],
		"told": frappe.get_all(
			"Notification Log",
			filters={"document_type": "Lead Import", "document_name": name},
			pluck="subject",
			order_by="creation asc",
		),
	}


def alerts(documents: int = 0) -> dict:
	"""``documents`` generated quotations, contracts and invoices of each kind, half of them due; today's
	alerts selected (how many Alert Log rows they must make) and enqueued over the workers, in chunks."""
	import frappe

	from foreign_trade_crm.services.alerts import CHUNK, run_daily, select_due
	from ftcrm_benchmarks import generate

	if documents:
		generate.alert_documents(documents, due_share=0.5)
	before = frappe.db.count("Alert Log")
	deadlocks = _deadlocks()
	due = select_due()
	expected = sum(len(item["recipients"]) for item in due["alerts"])
	queued = run_daily()
	frappe.db.commit()
	return {
		"queued": queued,
		"expected_logs": expected,
		"chunks": -(-len(due["alerts"]) // CHUNK),
		"alert_log_before": before,
		"deadlocks_before": deadlocks,
	}


def _deadlocks() -> int:
	"""The database's count of deadlocks since it started (each one rolled a transaction back)."""
	import frappe

	return int(frappe.db.sql("show global status like 'Innodb_deadlocks'")[0][1])


def alert_jobs() -> dict:
	"""Today's alert chunk jobs: status and worker pid of each."""
	from frappe.utils import nowdate
	from frappe.utils.background_jobs import get_job
	from rq.worker import Worker

	from foreign_trade_crm.services.alerts import chunk_job_ids

	out = {}
	for job_id in chunk_job_ids(nowdate()):
		job = get_job(job_id)
		if job is None:
			continue
		worker = (
			Worker.find_by_key(
				Worker.redis_worker_namespace_prefix + job.worker_name, connection=job.connection
			)
			if job.worker_name
			else None
		)
		out[job_id] = {"status": str(job.get_status()), "pid": worker.pid if worker else None}
	return out


def alert_log_counts(before: int, deadlocks_before: int = 0) -> dict:
	import frappe

	total, keyed, distinct = frappe.db.sql(
		"select count(*), count(dedupe_key), count(distinct dedupe_key) from `tabAlert Log`"
	)[0]
	return {
		"alert_log": total,
		"new": total - before,
		"sent_with_key": keyed,
		"distinct_keys": distinct,
		"deadlocks": _deadlocks() - deadlocks_before,
	}


# ---------------------------------------------------------------------- the harness (root)


def log(text: str) -> None:
	print(f"workers: {text}", file=sys.stderr, flush=True)


def execute(site: str, method: str, **kwargs) -> dict:
	out = subprocess.run(
		[
			"runuser",
			"-u",
			"frappe",
			"--",
			"bash",
			"-c",
			f"cd sites && ../env/bin/python -m ftcrm_benchmarks --site {site} "
			f"--call ftcrm_benchmarks.workers.{method} --kwargs '{json.dumps(kwargs)}'",
		],
		cwd=BENCH,
		capture_output=True,
		text=True,
	)
	if out.returncode:
		sys.exit(f"workers: {method} failed: {out.stderr[-1500:]}")
	return json.loads(out.stdout.strip().splitlines()[-1])


def start_worker() -> subprocess.Popen:
	return subprocess.Popen(
		[
			"runuser",
			"-u",
			"frappe",
			"--",
			"bash",
			"-c",
			"cd sites && exec ../env/bin/python -m frappe.utils.bench_helper frappe worker --queue long",
		],
		cwd=BENCH,
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)


def group_of(pid: int, workers: list[subprocess.Popen]) -> subprocess.Popen | None:
	"""Which of our workers has ``pid`` in its process group (the worker or its work horse)."""
	try:
		pgid = os.getpgid(pid)
	except ProcessLookupError:
		return None
	return next((w for w in workers if w.pid == pgid), None)


def kill_worker(pid: int, workers: list[subprocess.Popen]) -> list[str]:
	"""The worker of ``pid`` and its work horse (RQ puts the horse in a session of its own): as a host lost."""
	victim = group_of(pid, workers)
	horses = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
	if victim is not None:
		os.killpg(victim.pid, signal.SIGKILL)
	for horse in horses:
		try:
			os.kill(int(horse), signal.SIGKILL)
		except ProcessLookupError:
			pass
	return horses


def alerts_with_a_kill(args, workers: list[subprocess.Popen]) -> dict:
	"""Today's alerts over the workers, the worker of one started chunk killed, the watchdog run."""
	before = execute(args.site, "alerts", documents=args.alert_documents)
	log(f"alerts: {before}")
	killed = None
	if not before["chunks"]:  # generated documents are topped up to --alert-documents: raise it
		return {**before, "skipped": "no alert is due"}
	for _ in range(300):
		started = {
			k: v for k, v in execute(args.site, "alert_jobs").items() if v["status"] == "started" and v["pid"]
		}
		if started:
			job_id, job = next(iter(started.items()))
			time.sleep(1)
			killed = {"job": job_id, "horses": kill_worker(int(job["pid"]), workers)}
			log(f"alerts: killed the worker of {job_id}")
			break
		time.sleep(0.3)
	recovered = []
	for _ in range(12):
		found = execute(args.site, "recover")
		if found["alert_chunks"]:
			recovered += found["alert_chunks"]
			break
		time.sleep(10)
	# a chunk of 500 alerts takes minutes on a small machine: wait up to an hour for all to end
	for _ in range(720):
		jobs = execute(args.site, "alert_jobs")
		if not any(j["status"] in ("queued", "started", "deferred", "scheduled") for j in jobs.values()):
			break
		time.sleep(5)
	counts = execute(
		args.site,
		"alert_log_counts",
		before=before["alert_log_before"],
		deadlocks_before=before["deadlocks_before"],
	)
	return {
		**before,
		"chunk_status": sorted(j["status"] for j in jobs.values()),
		"killed": killed,
		"recovered": recovered,
		**counts,
		"every_alert_once": counts["new"] == before["expected_logs"]
		and counts["sent_with_key"] == counts["distinct_keys"],
	}


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", default="dev.localhost")
	parser.add_argument("--rows", type=int, default=4000)
	parser.add_argument("--workers", type=int, default=3)
	parser.add_argument(
		"--alert-documents",
		type=int,
		default=2000,
		help="generated documents of each alert kind (topped up to it), half due",
	)
	args = parser.parse_args()
	started = time.monotonic()
	report: dict = {"workers": args.workers, "rows": args.rows}
	workers = [start_worker() for _ in range(args.workers)]
	try:
		time.sleep(6)
		made = execute(args.site, "prepare", rows=args.rows)
		name, run = made["import"], made["run"]
		log(f"{name} checked: {made['plan']}")
		execute(args.site, "start", name=name)
		victim, job = None, {}
		for _ in range(600):
			job = execute(args.site, "job_worker", name=name)
			if job.get("status") == "started" and job.get("pid"):
				victim = group_of(int(job["pid"]), workers)
				break
			time.sleep(0.2)
		if victim is None:
			sys.exit(f"workers: the import never started on one of our workers: {job}")
		time.sleep(1.5)  # well into the import
		# the worker and its work horse (RQ puts the horse in a session of its own): as a host lost
		horses = subprocess.run(
			["pgrep", "-P", str(job["pid"])], capture_output=True, text=True
		).stdout.split()
		os.killpg(victim.pid, signal.SIGKILL)
		for horse in horses:
			try:
				os.kill(int(horse), signal.SIGKILL)
			except ProcessLookupError:
				pass
		killed_at = time.monotonic()
		log(f"killed worker {job['worker']} (pid {job['pid']}) and its horse {horses}")
		report["killed"] = {"worker": job["worker"], "after_seconds": round(killed_at - started, 1)}
		report["mid_import"] = execute(args.site, "outcome", name=name, run=run)
		# the watchdog, as the scheduler runs it (every five minutes there, every ten seconds here): the
		# killed run's transaction is rolled back by MariaDB once it sees the connection gone, and until
		# then the import's row is held and the watchdog leaves it be
		report["watchdog_runs"] = []
		for _ in range(12):
			found = execute(args.site, "recover")
			report["watchdog_runs"].append(round(time.monotonic() - killed_at, 1))
			log(f"watchdog: {found}")
			if name in found["lead_imports"]:
				break
			time.sleep(10)
		for _ in range(600):
			state = execute(args.site, "outcome", name=name, run=run)
			if state["status"] in ("Done", "Failed"):
				break
			time.sleep(1)
		report["import"] = {**state, "finished_seconds_after_kill": round(time.monotonic() - killed_at, 1)}
		log(f"import: {state['status']}")
		report["every_row_once"] = state["leads"] == state["distinct_buyers"] == args.rows
		report["alerts"] = alerts_with_a_kill(args, workers)
	finally:
		for w in workers:
			try:
				os.killpg(w.pid, signal.SIGTERM)
			except ProcessLookupError:
				pass
	report["seconds"] = round(time.monotonic() - started, 1)
	print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
	main()
