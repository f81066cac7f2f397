"""Load on the buyers' portal: N concurrent buyers browsing their lists, p50/p95/p99 per page.

    python ftcrm_benchmarks/portal_load.py --url http://SITE:8002 --site SITE
    python ftcrm_benchmarks/portal_load.py --url http://SITE:8001 --url http://SITE:8002 --site SITE

With several ``--url`` (web server processes or hosts serving the same site), the buyers are shared out
among them, round robin, as a load balancer would; the figures are reported per server too.

The buyers are prepared inside the site first (``python -m ftcrm_benchmarks --call
ftcrm_benchmarks.portal_load.prepare``: ``buyers`` generated customers get a
portal user each, with contracts, shipments, claims and quotations of their own); the
script then logs each one in with its own session; each opens a list page (a full page) and
then searches, sorts and pages it through the list's JSON endpoint, as the page's script
does, now and then opening another list, with a think time between requests as a person
would, for ``--seconds``. Full pages and list requests are reported apart. Serve the
site as in production (gunicorn with a few workers) so that the figures mean something.
A script, never a test: it prints one JSON object.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import pwd
import random
import statistics
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "Portal-Load-2026!"


def prepare(buyers: int = 50, contracts: int = 10_000) -> dict:
	"""Run inside the site: ``contracts`` generated contracts at least, and ``buyers`` buyers with portal users."""
	import frappe
	from frappe.utils.password import update_password

	from ftcrm_benchmarks import generate

	generated = generate.contracts(contracts, 1)
	names = generate.buyers(max(buyers, 200))[:buyers]
	emails = []
	for i, customer in enumerate(names, 1):
		email = f"bench.buyer{i:03d}@example.com"
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{"doctype": "User", "email": email, "first_name": customer, "user_type": "Website User"}
			)
			user.append("roles", {"role": "Customer"})
			user.flags.no_welcome_mail = True
			user.insert(ignore_permissions=True)
			update_password(email, PASSWORD)
		if not frappe.db.exists("Portal User", {"parent": customer, "user": email}):
			doc = frappe.get_doc("Customer", customer)
			doc.append("portal_users", {"user": email})
			doc.save(ignore_permissions=True)
		emails.append(email)
	frappe.db.commit()
	return {
		"buyers": emails,
		"site_contracts": frappe.db.count("Export Contract"),
		"contracts_generated": generated,
		"contracts_of_first_buyer": frappe.db.count("Export Contract", {"customer": names[0]}),
	}


def bench_execute(bench: Path, site: str, method: str, kwargs: dict) -> dict:
	"""``method`` (a function of the benchmarks) run in the site, as the bench's owner (``ftcrm_benchmarks``'s
	``__main__``: bench execute runs installed apps' functions only)."""
	owner = pwd.getpwuid(bench.stat().st_uid).pw_name
	python = str(bench / "env" / "bin" / "python")
	command = [
		python,
		"-m",
		"ftcrm_benchmarks",
		"--site",
		site,
		"--call",
		method,
		"--kwargs",
		json.dumps(kwargs),
	]
	if os.geteuid() == 0 and owner != "root":
		command = ["runuser", "-u", owner, "--", *command]
	out = subprocess.run(command, cwd=bench / "sites", capture_output=True, text=True, check=True).stdout
	return json.loads(out.strip().splitlines()[-1])


LIVE_PAGES = ("contracts", "shipments", "claims")
SORTS = {
	"contracts": ("contract_date desc", "total_amount desc", "name asc"),
	"shipments": ("posting_date desc", "eta asc"),
	"claims": ("claim_date desc", "status asc"),
}


def buyer(url, email, seconds, think, navigate, results, errors, start_gate):
	"""One buyer: opens a list page (a full page), then searches, sorts and pages it (the list's JSON
	endpoint, as the page's script does), now and then opening another list."""
	jar = http.cookiejar.CookieJar()
	opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
	data = urllib.parse.urlencode({"usr": email, "pwd": PASSWORD}).encode()
	opener.open(f"{url}/api/method/login", data=data, timeout=60).read()
	start_gate.wait()
	rng = random.Random(email)
	end = time.monotonic() + seconds
	time.sleep(rng.uniform(0, think))  # people do not all click in the same millisecond
	current = None
	while time.monotonic() < end:
		if current is None or rng.random() < navigate:
			current = rng.choice((*LIVE_PAGES, "quotations", "feedback"))
			kind, target, marker = "page", f"{url}/trade/{current}", b"trade-portal"
		else:
			query = {
				"page": current,
				"sort": rng.choice(SORTS.get(current, ("",))),
				"start": rng.choice((0, 20)),
			}
			kind = "list"
			target = f"{url}/api/method/foreign_trade_crm.services.portal_pages.get_list?{urllib.parse.urlencode(query)}"
			marker = b'"rows"'
		started = time.perf_counter()
		try:
			with opener.open(target, timeout=60) as response:
				ok = response.status == 200 and marker in response.read()
		except Exception:
			ok = False
		elapsed = time.perf_counter() - started
		(results if ok else errors).append((kind, elapsed))
		if current not in LIVE_PAGES:
			current = None  # quotations and feedback reload as pages
		time.sleep(rng.uniform(think * 0.5, think * 1.5))


def percentile(values, p):
	values = sorted(values)
	return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else None


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--url", required=True, action="append", help="repeat for several web servers")
	parser.add_argument("--site", required=True)
	parser.add_argument(
		"--bench", default=os.environ.get("FTCRM_BENCH") or os.path.expanduser("~frappe/frappe-bench")
	)
	parser.add_argument("--buyers", type=int, default=50)
	parser.add_argument("--contracts", type=int, default=10_000)
	parser.add_argument("--seconds", type=int, default=60)
	parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a buyer's requests")
	parser.add_argument(
		"--navigate", type=float, default=0.25, help="share of requests that open another list page"
	)
	args = parser.parse_args()

	site = bench_execute(
		Path(args.bench),
		args.site,
		"ftcrm_benchmarks.portal_load.prepare",
		{"buyers": args.buyers, "contracts": args.contracts},
	)
	by_server: dict[str, list] = {}
	errors = []
	gate = threading.Barrier(len(site["buyers"]) + 1)
	threads = [
		threading.Thread(
			target=buyer,
			args=(
				args.url[n % len(args.url)],
				email,
				args.seconds,
				args.think,
				args.navigate,
				by_server.setdefault(args.url[n % len(args.url)], []),
				errors,
				gate,
			),
		)
		for n, email in enumerate(site["buyers"])
	]
	for t in threads:
		t.start()
	gate.wait()
	for t in threads:
		t.join()
	results = [r for rows in by_server.values() for r in rows]
	times = [e for _p, e in results]
	per_kind = {
		kind: {
			"requests": len(v),
			"p50_ms": round(percentile(v, 50) * 1000),
			"p95_ms": round(percentile(v, 95) * 1000),
			"p99_ms": round(percentile(v, 99) * 1000),
		}
		for kind in ("page", "list")
		if (v := [e for k, e in results if k == kind])
	}
	print(
		json.dumps(
			{
				"site_contracts": site["site_contracts"],
				"contracts_of_first_buyer": site["contracts_of_first_buyer"],
				"buyers": len(site["buyers"]),
				"seconds": args.seconds,
				"think_seconds": args.think,
				"requests": len(times),
				"errors": len(errors),
				"requests_per_second": round(len(times) / args.seconds, 1),
				"p50_ms": round(percentile(times, 50) * 1000) if times else None,
				"p95_ms": round(percentile(times, 95) * 1000) if times else None,
				"p99_ms": round(percentile(times, 99) * 1000) if times else None,
				"mean_ms": round(statistics.mean(times) * 1000) if times else None,
				"full pages (page) and list searches/sorts/pages (list)": per_kind,
				"per server": {
					url: {
						"requests": len(rows),
						"p50_ms": round(percentile([e for _k, e in rows], 50) * 1000) if rows else None,
						"p95_ms": round(percentile([e for _k, e in rows], 95) * 1000) if rows else None,
					}
					for url, rows in by_server.items()
				},
			},
			indent=1,
		)
	)


if __name__ == "__main__":
	main()
