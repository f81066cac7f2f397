"""Browser test of the buyers' portal in headless Chromium, against a real bench.

    python -m foreign_trade_crm.tests.browser.portal_flow --site demo.localhost --url http://demo.localhost:8001

(needs ``pip install playwright`` and Debian's chromium at /usr/bin/chromium; the site served at
--url, e.g. ``bench --site SITE serve --port 8001``; the bench at $FTCRM_BENCH or
~frappe/frappe-bench). It prepares a fresh contract to countersign and a fresh shipment for
the first test buyer (``bench execute ...prepare``), then, as that buyer: logs in,
finds the contract by search, countersigns it, downloads the shipping advice PDF, filters
receivables, lodges a claim with a photo, submits feedback and files an order request with
one line by its own item code and one in free text, checking each result on the page and saving a screenshot of
each step to --shots. Exit code 0 when every step passed.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

BUYER_PASSWORD = "Portal-Flow-2026!"
# a 1×1 PNG, the "photo" attached to the claim
PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def prepare():
	"""Run inside the site (bench execute): a contract to countersign, a shipment to claim on, a password."""
	import frappe
	from frappe.utils.password import update_password

	from foreign_trade_crm.tests.factories import CUSTOMERS, make_contract, make_notice, make_world

	make_world()
	customer, email = CUSTOMERS[0][0], CUSTOMERS[0][3]
	signed = make_contract(customer, [("FTC-ROBE-L", 200, 12.8)], buyer_contract_no="BROWSER-FLOW")
	order_no = f"BROWSER-{frappe.generate_hash(length=6).upper()}"
	unsigned = make_contract(
		customer, [("FTC-MAT-GREY", 500, 4.1)], countersign=False, buyer_contract_no=order_no
	)
	notice = make_notice(customer, [(signed, 1, 100)], bl_no="BROWSER-BL")
	update_password(email, BUYER_PASSWORD)
	frappe.db.commit()
	return {
		"buyer": email,
		"contract": unsigned.name,
		"order_no": order_no,
		"notice": notice.name,
		"invoice": notice.sales_invoice,
	}


def bench_execute(bench: Path, site: str, method: str, kwargs: dict | None = None) -> dict:
	"""``bench --site SITE execute METHOD [--kwargs]`` through the bench's own Python (no bench CLI needed on
	PATH), as the bench's owner; what METHOD returned."""
	owner = pwd.getpwuid(bench.stat().st_uid).pw_name
	python = str(bench / "env" / "bin" / "python")
	command = [python, "-m", "frappe.utils.bench_helper", "frappe", "--site", site, "execute", method]
	if kwargs is not None:
		command += ["--kwargs", json.dumps(kwargs)]
	if os.geteuid() == 0 and owner != "root":
		command = ["runuser", "-u", owner, "--", *command]
	out = subprocess.run(command, cwd=bench / "sites", capture_output=True, text=True, check=True).stdout
	return json.loads(out.strip().splitlines()[-1])


def arguments(description: str, shots: str) -> argparse.Namespace:
	"""The command line of a browser flow: the site, its URL, the bench, where the screenshots go."""
	parser = argparse.ArgumentParser(description=description)
	parser.add_argument("--site", required=True)
	parser.add_argument("--url", required=True)
	parser.add_argument(
		"--bench", default=os.environ.get("FTCRM_BENCH") or os.path.expanduser("~frappe/frappe-bench")
	)
	parser.add_argument("--shots", default=shots)
	parser.add_argument("--chromium", default="/usr/bin/chromium")
	parser.add_argument("--admin-password", default=os.environ.get("FTCRM_ADMIN_PASSWORD", "admin"))
	return parser.parse_args()


# Chromium as these machines run it: no sandbox as root, and none of its calls home (the network
# refuses them, many at a time)
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-sync",
	"--no-first-run",
]


def launch(playwright, chromium: str):
	"""The machine's Chromium, headless, through Playwright (which downloads no browser of its own)."""
	return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


class Steps(list):
	"""A flow's steps: each saves a screenshot, numbered, and prints ``ok NAME`` (CI counts those)."""

	def __init__(self, shots: str):
		super().__init__()
		self.shots = Path(shots)
		self.shots.mkdir(parents=True, exist_ok=True)

	def __call__(self, page, name: str) -> None:
		page.screenshot(path=str(self.shots / f"{len(self) + 1:02d}-{name}.png"), full_page=True)
		self.append(name)
		print(f"ok {name}")


def main() -> int:
	args = arguments(__doc__.splitlines()[0], "portal-shots")
	from playwright.sync_api import expect, sync_playwright

	data = bench_execute(Path(args.bench), args.site, "foreign_trade_crm.tests.browser.portal_flow.prepare")
	steps = Steps(args.shots)
	shots = steps.shots

	def step(name):
		steps(page, name)

	with sync_playwright() as p:
		browser = launch(p, args.chromium)
		page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()

		page.goto(f"{args.url}/login")
		page.fill("#login_email", data["buyer"])
		page.fill("#login_password", BUYER_PASSWORD)
		page.click(".btn-login")
		# a buyer lands on the trade overview, not on /me (issue 22.17)
		page.wait_for_url("**/trade")
		expect(page.get_by_text("Contracts to Countersign")).to_be_visible()
		step("logged-in")

		page.goto(f"{args.url}/trade/contracts")
		page.fill("input[name=q]", data["order_no"])
		page.press("input[name=q]", "Enter")
		# the rows are reloaded by the list's script: wait for the one contract to be all there is
		expect(page.locator(".trade-list tbody tr")).to_have_count(1, timeout=10_000)
		expect(page.locator(f"tr[data-name='{data['contract']}']")).to_be_visible()
		step("contracts-searched")

		page.goto(f"{args.url}/trade/contracts/{data['contract']}")
		page.fill("#signatory", "Mary Jones")
		page.click("#countersign-form button")
		expect(page.locator(".indicator-pill.green")).to_be_visible(timeout=10_000)
		step("countersigned")

		page.goto(f"{args.url}/trade/shipments/{data['notice']}")
		link = page.get_by_role("link", name="Shipping Advice (PDF)")
		response = page.request.get(args.url + link.get_attribute("href"))  # with the buyer's session
		pdf = shots / "shipping-advice.pdf"
		pdf.write_bytes(response.body())
		if response.status != 200 or not pdf.read_bytes().startswith(b"%PDF"):
			raise AssertionError(f"the shipping advice download failed: {response.status}")
		step("shipping-advice-downloaded")

		page.goto(f"{args.url}/trade/receivables")
		page.fill("input[name=invoice]", data["invoice"])
		page.select_option("select[name=category]", "Unpaid")
		page.click("form button[type=submit]")
		expect(page.locator(f"tr[data-name='{data['invoice']}']")).to_be_visible()
		if page.locator("tbody tr").count() != 1:
			raise AssertionError("the receivables filter did not narrow to the one invoice")
		step("receivables-filtered")

		page.goto(f"{args.url}/trade/claims")
		page.evaluate("document.querySelector('#claim-form').closest('details').open = true")
		page.select_option("#shipment_notice", data["notice"])
		page.wait_for_selector("#claim-lines tbody tr")
		page.fill("#claim-lines tbody tr:first-child .qty", "4")
		page.fill("#claim-lines tbody tr:first-child .amount", "51.20")
		page.fill("#description", "Four robes torn at the seams.")
		page.fill("#reference", data["order_no"])
		photo = shots / "torn-seam.png"
		photo.write_bytes(PNG)
		page.set_input_files("#attachments", str(photo))
		page.click("#claim-form button[type=submit]")
		# the new claim's own page: lodged, its line, and the photo to download again (issues 22.17, 18.4)
		page.wait_for_url("**/trade/claims/*lodged=1", timeout=15_000)
		expect(page.get_by_text("is lodged")).to_be_visible()
		expect(page.get_by_text(data["order_no"])).to_be_visible()
		photo_link = page.locator(".claim-files a", has_text="torn-seam")
		expect(photo_link).to_be_visible()
		response = page.request.get(args.url + photo_link.get_attribute("href"))
		if response.status != 200 or response.body() != PNG:
			raise AssertionError(f"the claim's photo did not download as uploaded: {response.status}")
		step("claim-lodged")

		page.goto(f"{args.url}/trade/feedback")
		page.evaluate("document.querySelector('#feedback-form').closest('details').open = true")
		page.select_option("#feedback_type", "Inquiry")
		page.fill("#subject", f"When is the next vessel? ({data['order_no']})")
		page.fill("#description", "Please tell us the next sailing date.")
		page.click("#feedback-form button[type=submit]")
		expect(page.get_by_text(f"When is the next vessel? ({data['order_no']})")).to_be_visible(
			timeout=10_000
		)
		step("feedback-submitted")

		page.goto(f"{args.url}/trade/order-requests")
		page.evaluate("document.querySelector('#request-form').closest('details').open = true")
		rows = page.locator("#request-lines tbody tr")
		rows.nth(0).locator(".code").fill("ATL-TOWEL-RED")
		rows.nth(0).locator(".code").dispatch_event("change")
		rows.nth(0).locator(".qty").fill("2000")
		expect(rows.nth(0).locator(".price")).to_contain_text(
			"USD 3.25", timeout=10_000
		)  # the indicative price
		rows.nth(1).locator(".text").fill(f"Bamboo bath towel 80x160 ({data['order_no']})")
		rows.nth(1).locator(".qty").fill("500")
		page.fill("#named_place", "Hamburg")
		page.click("#request-form button[type=submit]")
		page.wait_for_url("**/trade/order-requests/*", timeout=15_000)
		expect(page.get_by_role("cell", name="ATL-TOWEL-RED")).to_be_visible()
		expect(page.get_by_role("cell", name="Bamboo bath towel 80x160")).to_be_visible()
		step("order-requested")
		# reviewed at once (issue 19.1): the free-text line is for the buyer to settle
		expect(page.locator("#request-problems")).to_contain_text("matches none of our items")
		step("order-request-reviewed")
		page.goto(f"{args.url}/trade/order-requests")
		expect(page.locator(".trade-list tbody tr")).not_to_have_count(0)
		step("order-requests-listed")

		# a phone: tables stack into one card per row, nothing cut off (issue 22.18)
		phone = browser.new_context(
			viewport={"width": 390, "height": 844}, storage_state=page.context.storage_state()
		)
		page = phone.new_page()
		for route, label in (
			("/trade/receivables", "Unpaid"),  # always has a value; days overdue may not
			(f"/trade/contracts/{data['contract']}", "Pending Qty"),
		):
			page.goto(args.url + route)
			expect(page.locator(f"td[data-label='{label}']").first).to_be_visible()
			if page.evaluate("document.documentElement.scrollWidth") > 390:
				raise AssertionError(f"{route} is wider than the phone's screen")
		step("phone-width")
		browser.close()
	print(f"portal flow: {len(steps)} steps passed; screenshots in {shots}")
	return 0


if __name__ == "__main__":
	sys.exit(main())
