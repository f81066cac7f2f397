"""Browser test of the desk's Excel features in headless Chromium, against a real bench.

    python -m foreign_trade_crm.tests.browser.excel_flow --site demo.localhost --url http://demo.localhost:8001

(needs ``pip install playwright`` and Debian's chromium at /usr/bin/chromium; the site served at
--url with a worker for the long queue, e.g. ``bench start``; the bench at $FTCRM_BENCH or
~frappe/frappe-bench). It prepares a sales manager with a known password, a fair list of leads
attached to a new Lead Import and a draft quotation (``bench execute ...prepare``), then, as that
user: checks the lead list, imports it and waits for the background job; imports quotation lines
from the buyer's sheet; downloads the contract list in the customer's format. Each result is
checked on the page or in the file, and each step saved as a screenshot to --shots. Exit code 0
when every step passed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from foreign_trade_crm.rules.xlsx import plain_xlsx
from foreign_trade_crm.tests.browser.portal_flow import arguments, bench_execute

USER, PASSWORD = "excel.flow@example.com", "Excel-Flow-2026!"


def prepare():
	"""Run inside the site (bench execute): the user, a Lead Import with a fresh list, a draft quotation."""
	import frappe
	from frappe.utils.password import update_password

	from foreign_trade_crm.services.lead_import import new_import
	from foreign_trade_crm.tests.factories import CUSTOMERS, make_desk_user, make_quotation, make_world

	make_world()
	make_desk_user(USER, ["Export Sales Manager", "Sales Manager", "Sales User"])
	update_password(USER, PASSWORD)
	tag = frappe.generate_hash(length=6).upper()
	phone = f"{int(tag, 16) % 10**7:07d}"  # a number of this run only, so that the flow can be run again
	rows = [
		("Company", "Contact", "E-mail", "Tel", "Country"),
		(f"Flow Buyer {tag} Ltd", "Ann", f"ann@{tag.lower()}.example", f"+44 20 {phone}", "United Kingdom"),
		(f"FLOW BUYER {tag}", None, None, f"0044 20 {phone}", None),  # the row above again
		(CUSTOMERS[0][0], None, None, None, None),  # a customer
	]
	doc = new_import(plain_xlsx(rows), f"fair-{tag}.xlsx", default_country="United Kingdom")
	doc.db_set("owner", USER)
	quotation = make_quotation(CUSTOMERS[0][0], [("FTC-MAT-GREY", 1, 4.1)], submit=False)
	frappe.db.commit()
	return {"lead_import": doc.name, "company": f"Flow Buyer {tag} Ltd", "quotation": quotation.name}


def main() -> int:
	args = arguments(__doc__.splitlines()[0], "excel-shots")
	from openpyxl import load_workbook
	from playwright.sync_api import expect, sync_playwright

	data = bench_execute(Path(args.bench), args.site, "foreign_trade_crm.tests.browser.excel_flow.prepare")
	shots = Path(args.shots)
	shots.mkdir(parents=True, exist_ok=True)
	results = []

	def step(name, fn):
		try:
			fn()
			results.append((name, "passed"))
		except Exception as error:  # a failed step is reported, the next ones still run
			results.append((name, f"FAILED: {str(error).splitlines()[0][:200]}"))
		page.screenshot(path=str(shots / f"{len(results):02d}-{name}.png"), full_page=True)

	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
		context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
		page = context.new_page()
		page.set_default_timeout(20_000)

		def log_in():
			page.goto(f"{args.url}/login")
			page.fill("#login_email", USER)
			page.fill("#login_password", PASSWORD)
			page.click(".btn-login")
			page.wait_for_url("**/app**")

		def check_leads():
			page.goto(f"{args.url}/app/lead-import/{data['lead_import']}")
			page.get_by_role("button", name="Check File").click()
			expect(page.locator(".indicator-pill", has_text="Checked")).to_be_visible()
			grid = page.locator(".frappe-control[data-fieldname=results]")
			expect(grid).to_contain_text("same lead as row 2")
			expect(grid).to_contain_text("already a customer")

		def import_leads():
			page.get_by_role("button", name="Start Import").click()
			for _ in range(60):  # the form reloads itself when the job is done; reload if realtime is off
				page.wait_for_timeout(2000)
				if page.locator(".indicator-pill", has_text="Done").count():
					break
				page.reload()
			expect(page.locator(".indicator-pill", has_text="Done")).to_be_visible()
			page.goto(f"{args.url}/app/lead?company_name={data['company'].replace(' ', '%20')}")
			expect(page.locator(".list-row-container")).to_have_count(1)

		def import_quotation_lines():
			page.goto(f"{args.url}/app/quotation/{data['quotation']}")
			page.get_by_role("button", name="Import Lines from Excel").click()
			sheet = Path(tempfile.mkdtemp()) / "order.xlsx"
			sheet.write_bytes(
				plain_xlsx(
					[("Buyer Code", "Qty", "Price"), ("ATL-TOWEL-RED", 300, 3.1), ("ATL-ROBE-L", 20, 12.5)]
				)
			)
			page.locator(".modal-dialog:visible input[type=file]").set_input_files(str(sheet))
			page.locator(".modal-dialog:visible").get_by_role("button", name="Import").click()
			expect(page.locator(".frappe-control[data-fieldname=items]")).to_contain_text("FTC-ROBE-L")

		def download_contracts():
			page.goto(f"{args.url}/app/export-contract")
			page.locator(".menu-btn-group button").first.click()
			page.get_by_text("Download in Customer's Format").first.click()
			dialog = page.locator(".modal-dialog:visible")
			dialog.locator("select[data-fieldname=applies_to]").select_option("Export Contract Lines")
			with page.expect_download() as download:
				dialog.get_by_role("button", name="Download").click()
			copy = Path(tempfile.mkdtemp()) / "contracts.xlsx"
			shutil.copy(download.value.path(), copy)
			rows = list(load_workbook(copy).active.iter_rows(values_only=True))
			assert rows[0][0] == "Contract No" and len(rows) > 1, rows[:2]

		step("log-in", log_in)
		step("check-leads", check_leads)
		step("import-leads", import_leads)
		step("import-quotation-lines", import_quotation_lines)
		step("download-contracts", download_contracts)
		browser.close()

	for name, outcome in results:
		print(f"{name}: {outcome}")
	return 0 if all(outcome == "passed" for _n, outcome in results) else 1


if __name__ == "__main__":
	sys.exit(main())
