"""Browser test of the buyers' portal in headless Chromium, against a real bench.

    python -m foreign_trade_crm.tests.browser.portal_flow --site demo.localhost --url http://demo.localhost:8001

(needs ``pip install playwright`` and Debian's chromium at /usr/bin/chromium; the site served at
--url, e.g. ``bench --site SITE serve --port 8001``; the bench at $FTCRM_BENCH or
~frappe/frappe-bench). It prepares a fresh contract to countersign and a fresh shipment for
the first test buyer (``bench execute ...prepare``), then, as that buyer: logs in,
finds the contract by search, countersigns it (its status shown once), downloads the shipping advice PDF,
filters receivables by a date typed in the site's date format, answers only the quotation still open
(the one contracted links to its contract, each number to its PDF), lodges a claim with a photo and a
file the server refuses (the claim's own page says which), submits feedback (confirmed), files an order
request with one line by its own item code and one in free text and a date picked in the site's format,
finds ERPNext's Issues and Addresses gone from the menu and their addresses leading on to the trade pages,
My Account without third-party apps and the footer without a newsletter sign-up; then on a phone: the
tables as cards and My Account in the menu; and the same pages in Simplified and Traditional Chinese.
It checks each result on the page and saves a screenshot of each step to --shots. Exit code 0 when every
step passed.
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
	from frappe.utils import add_days, get_user_date_format, nowdate
	from frappe.utils.password import update_password

	from foreign_trade_crm.overrides.quotation import make_export_contract
	from foreign_trade_crm.tests.factories import (
		CUSTOMERS,
		contract_terms,
		make_contract,
		make_notice,
		make_quotation,
		make_world,
	)

	make_world()
	customer, email = CUSTOMERS[0][0], CUSTOMERS[0][3]
	signed = make_contract(customer, [("FTC-ROBE-L", 200, 12.8)], buyer_contract_no="BROWSER-FLOW")
	order_no = f"BROWSER-{frappe.generate_hash(length=6).upper()}"
	unsigned = make_contract(
		customer, [("FTC-MAT-GREY", 500, 4.1)], countersign=False, buyer_contract_no=order_no
	)
	notice = make_notice(customer, [(signed, 1, 100)], bl_no="BROWSER-BL")
	# a quotation to answer, and one that became a contract
	line = [("FTC-TOWEL-RED", 100, 3.25)]
	open_quotation = make_quotation(customer, line, reply_due_date=add_days(nowdate(), 10))
	ordered = make_quotation(customer, line, reply_due_date=add_days(nowdate(), 10))
	contract = make_export_contract(ordered.name)
	contract.update(contract_terms())
	contract.insert()
	contract.submit()
	update_password(email, BUYER_PASSWORD)
	set_language(email, "en")
	frappe.db.commit()
	return {
		"buyer": email,
		"contract": unsigned.name,
		"order_no": order_no,
		"notice": notice.name,
		"invoice": notice.sales_invoice,
		"open_quotation": open_quotation.name,
		"ordered_quotation": ordered.name,
		"ordered_contract": contract.name,
		"date_format": get_user_date_format(),
		"today": nowdate(),
		"in_40_days": add_days(nowdate(), 40),
	}


def set_language(user: str, language: str) -> dict:
	"""Run inside the site (bench execute): the user's language, for the pages in Chinese."""
	import frappe

	frappe.db.set_value("User", user, "language", language)
	frappe.clear_cache(user=user)
	frappe.db.commit()
	return {"user": user, "language": language}


def in_format(iso: str, date_format: str) -> str:
	"""A yyyy-mm-dd date as the site writes it."""
	year, month, day = iso.split("-")
	return date_format.replace("yyyy", year).replace("mm", month).replace("dd", day)


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

	bench = Path(args.bench)
	data = bench_execute(bench, args.site, "foreign_trade_crm.tests.browser.portal_flow.prepare")
	steps = Steps(args.shots)
	shots = steps.shots
	date_format = data["date_format"]

	def step(name):
		steps(page, name)

	with sync_playwright() as p:
		browser = launch(p, args.chromium)
		page = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True).new_page()

		page.goto(f"{args.url}/login")
		page.fill("#login_email", data["buyer"])
		page.fill("#login_password", BUYER_PASSWORD)
		page.click(".btn-login")
		# a buyer lands on the trade overview, not on /me
		page.wait_for_url("**/trade")
		expect(page.get_by_text("Contracts to Countersign")).to_be_visible()
		# the menu: the trade pages and My Account once, none of ERPNext's pages the trade pages replace,
		# and no newsletter sign-up in the footer
		sidebar = page.locator(".web-sidebar")
		for route in ("/issues", "/addresses"):
			expect(sidebar.locator(f"a[href='{route}']")).to_have_count(0)
		expect(sidebar.locator("a[href='/me']:visible")).to_have_count(1)
		expect(page.locator("#footer-subscribe-email")).to_have_count(0)
		step("logged-in")

		page.goto(f"{args.url}/trade/contracts")
		page.fill("input[name=q]", data["order_no"])
		page.press("input[name=q]", "Enter")
		# the rows are reloaded by the list's script: wait for the one contract to be all there is
		expect(page.locator(".trade-list tbody tr")).to_have_count(1, timeout=10_000)
		expect(page.locator(f"tr[data-name='{data['contract']}']")).to_be_visible()
		step("contracts-searched")

		page.goto(f"{args.url}/trade/contracts/{data['contract']}")
		expect(page.locator(".contract-status")).to_have_text("To Countersign")
		page.fill("#signatory", "Mary Jones")
		page.click("#countersign-form button")
		# its status once, and no date to countersign by any more
		expect(page.locator(".contract-status")).to_have_text("To Ship", timeout=10_000)
		expect(page.locator(".indicator-pill")).to_have_count(1)
		expect(page.get_by_text("Countersign By")).to_have_count(0)
		expect(page.locator("dl")).to_contain_text("Mary Jones")
		step("countersigned")

		page.goto(f"{args.url}/trade/shipments/{data['notice']}")
		link = page.get_by_role("link", name="Shipping Advice (PDF)")
		response = page.request.get(args.url + link.get_attribute("href"))  # with the buyer's session
		pdf = shots / "shipping-advice.pdf"
		pdf.write_bytes(response.body())
		if response.status != 200 or not pdf.read_bytes().startswith(b"%PDF"):
			raise AssertionError(f"the shipping advice download failed: {response.status}")
		# a date the notice does not have is left out, not shown as a bare "/"
		expect(page.locator(".shipment-details")).not_to_contain_text("ETD")
		step("shipping-advice-downloaded")

		page.goto(f"{args.url}/trade/receivables")
		# the as-of date in the site's date format, as every date on the portal, not the browser's own
		cutoff = page.locator("input[name=cutoff]")
		expect(cutoff).to_have_attribute("type", "text")
		expect(cutoff).to_have_value(in_format(data["today"], date_format))
		expect(cutoff).to_have_attribute("placeholder", date_format)
		cutoff.fill(in_format(data["in_40_days"], date_format))
		page.fill("input[name=invoice]", data["invoice"])
		page.select_option("select[name=category]", "Unpaid")
		page.click("form button[type=submit]")
		expect(page.locator(f"tr[data-name='{data['invoice']}']")).to_be_visible()
		expect(page.locator("input[name=cutoff]")).to_have_value(in_format(data["in_40_days"], date_format))
		if page.locator("tbody tr").count() != 1:
			raise AssertionError("the receivables filter did not narrow to the one invoice")
		step("receivables-filtered")

		page.goto(f"{args.url}/trade/quotations")
		ordered = page.locator(f"tr[data-name='{data['ordered_quotation']}']")
		open_row = page.locator(f"tr[data-name='{data['open_quotation']}']")
		# a quotation that became a contract offers no reply, but its contract
		expect(ordered.locator(".quotation-reply")).to_have_count(0)
		expect(ordered.locator(f"a[href='/trade/contracts/{data['ordered_contract']}']")).to_be_visible()
		expect(open_row.locator(".quotation-reply")).to_have_count(3)
		# its number opens its PDF, with the buyer's permission
		response = page.request.get(args.url + open_row.locator("a").first.get_attribute("href"))
		if response.status != 200 or not response.body().startswith(b"%PDF"):
			raise AssertionError(f"the quotation's PDF did not open: {response.status}")
		step("quotations")
		open_row.locator(".quotation-reply[data-reply='Accepted']").click()
		expect(page.locator(f"tr[data-name='{data['open_quotation']}'] .quotation-reply")).to_have_count(
			0, timeout=10_000
		)
		step("quotation-accepted")

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
		not_a_photo = shots / "survey.jpg"  # what a phone may send: its name says photo, its bytes do not
		not_a_photo.write_bytes(b"not a photo at all")
		page.set_input_files("#attachments", [str(photo), str(not_a_photo)])
		page.click("#claim-form button[type=submit]")
		# the new claim's own page, also when a file is refused: lodged, its line, the photo to download
		# again, and which file was not attached and why
		page.wait_for_url("**/trade/claims/*lodged=1", timeout=15_000)
		expect(page.get_by_text("is lodged")).to_be_visible()
		expect(page.get_by_text(data["order_no"])).to_be_visible()
		expect(page.locator(".trade-refused")).to_contain_text("survey.jpg")
		photo_link = page.locator(".claim-files a", has_text="torn-seam")
		expect(photo_link).to_be_visible()
		response = page.request.get(args.url + photo_link.get_attribute("href"))
		if response.status != 200 or response.body() != PNG:
			raise AssertionError(f"the claim's photo did not download as uploaded: {response.status}")
		step("claim-lodged")
		# a reload keeps the claim: its address is the claim's own
		page.reload()
		expect(page.get_by_text(data["order_no"])).to_be_visible()
		expect(page.locator(".trade-refused")).to_have_count(0)

		page.goto(f"{args.url}/trade/feedback")
		page.evaluate("document.querySelector('#feedback-form').closest('details').open = true")
		page.select_option("#feedback_type", "Inquiry")
		page.fill("#subject", f"When is the next vessel? ({data['order_no']})")
		page.fill("#description", "Please tell us the next sailing date.")
		page.click("#feedback-form button[type=submit]")
		page.wait_for_url("**/trade/feedback?sent=*", timeout=10_000)
		expect(page.locator(".feedback-sent")).to_contain_text("we have received your")
		expect(page.get_by_text(f"When is the next vessel? ({data['order_no']})")).to_be_visible()
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
		# the wanted date picked in the browser's calendar shows in the site's date format
		wanted = page.locator("#wanted_shipment_date")
		expect(wanted).to_have_attribute("placeholder", date_format)
		page.locator("#request-form .trade-date-picker").fill(data["in_40_days"])
		expect(wanted).to_have_value(in_format(data["in_40_days"], date_format))
		page.fill("#named_place", "Hamburg")
		page.click("#request-form button[type=submit]")
		page.wait_for_url("**/trade/order-requests/*", timeout=15_000)
		expect(page.get_by_role("cell", name="ATL-TOWEL-RED")).to_be_visible()
		expect(page.get_by_role("cell", name="Bamboo bath towel 80x160")).to_be_visible()
		expect(page.locator("dl")).to_contain_text(in_format(data["in_40_days"], date_format))
		step("order-requested")
		# reviewed at once: the free-text line is for the buyer to settle
		expect(page.locator("#request-problems")).to_contain_text("matches none of our items")
		step("order-request-reviewed")
		page.goto(f"{args.url}/trade/order-requests")
		expect(page.locator(".trade-list tbody tr")).not_to_have_count(0)
		step("order-requests-listed")

		# ERPNext's pages that left the menu lead a buyer who knows their address on to the trade pages
		for route, lands in (("/issues", "/trade/feedback"), ("/addresses", "/me")):
			page.goto(args.url + route)
			page.wait_for_url(f"**{lands}")
		expect(page.get_by_text("Reset Password").first).to_be_visible()
		expect(page.get_by_text("Manage third party apps")).to_have_count(0)
		step("my-account")

		# a phone: tables stack into one card per row, nothing cut off, and the menu has
		# My Account
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
		page.click(".navbar-toggler")
		page.wait_for_selector("#navbarSupportedContent.show")  # opened, not still unfolding
		expect(page.locator("#navbarSupportedContent a.nav-link[href='/me']")).to_be_in_viewport()
		step("phone-menu")

		# the same buyer in Simplified and Traditional Chinese, on a phone and a wide screen
		try:
			for language in ("zh", "zh-TW"):
				bench_execute(
					bench,
					args.site,
					"foreign_trade_crm.tests.browser.portal_flow.set_language",
					{"user": data["buyer"], "language": language},
				)
				for context in (
					phone,
					browser.new_context(
						viewport={"width": 1440, "height": 900}, storage_state=phone.storage_state()
					),
				):
					page = context.new_page()
					width = page.viewport_size["width"]
					for route in ("/trade", "/trade/quotations", f"/trade/contracts/{data['contract']}"):
						page.goto(args.url + route)
						expect(page.locator("html")).to_have_attribute("lang", language)
						expect(page.locator(".web-sidebar a[href='/trade/contracts']").first).to_contain_text(
							"合同"
						)
						name = route.strip("/").replace("/", "-").replace(data["contract"], "contract")
						steps(page, f"{language}-{width}-{name}")
		finally:
			bench_execute(
				bench,
				args.site,
				"foreign_trade_crm.tests.browser.portal_flow.set_language",
				{"user": data["buyer"], "language": "en"},
			)
		browser.close()
	print(f"portal flow: {len(steps)} steps passed; screenshots in {shots}")
	return 0


if __name__ == "__main__":
	sys.exit(main())
