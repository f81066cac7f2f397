"""Browser test of a new Shipment Notice in the desk, in headless Chromium, against a real bench.

    python -m foreign_trade_crm.tests.browser.desk_flow --site SITE --url http://SITE:8000

(as the other flows: Playwright and Debian's chromium, the site served at --url). As a sales manager it
makes an Export Contract from scratch for a USD buyer (the currency, exchange rate, price list and payment
terms follow the buyer as it is typed, an item's line takes its price-list rate and unit), then a new
Shipment Notice, picks a USD buyer by typing its name (the currency and rate follow the
buyer), takes the lines of two of that buyer's contracts with Get Items From → Export
Contract (which offers only contracts a notice may take, with their status and what is still to ship,
and no button to make a contract), and checks the totals of the unsaved notice cover both contracts.
Screenshots per step; exit code 0 when every step passed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from foreign_trade_crm.tests.browser.portal_flow import Steps, arguments, bench_execute, launch

USER, PASSWORD = "desk.flow@example.com", "Desk-Flow-2026!"


def prepare():
	"""Run inside the site (bench execute): the user and two countersigned USD contracts of one buyer."""
	import frappe
	from frappe.utils.password import update_password

	from foreign_trade_crm.tests.factories import (
		COMPANY,
		CUSTOMERS,
		make_contract,
		make_desk_user,
		make_exchange_rate,
		make_payment_terms,
		make_world,
	)

	make_world()
	# today's selling rate, as an export company records it (a site may not use stale rates)
	make_exchange_rate("USD", "CNY", 7.1, frappe.utils.nowdate())
	make_desk_user(USER, ["Export Sales Manager", "Sales Manager", "Sales User", "Accounts User"])
	update_password(USER, PASSWORD)
	# the user's own company (a test site also has ERPNext's test companies, in other currencies)
	frappe.defaults.set_user_default("Company", COMPANY, user=USER)
	# the buyer's own payment terms, which a new contract takes, as ERPNext's Sales Order does
	terms = make_payment_terms()
	frappe.db.set_value("Customer", CUSTOMERS[0][0], "payment_terms", terms)
	tag = f"DESK-{frappe.generate_hash(length=6).upper()}"
	a = make_contract(CUSTOMERS[0][0], [("FTC-TOWEL-RED", 100, 3.25)], buyer_contract_no=f"{tag}-A")
	b = make_contract(
		CUSTOMERS[0][0], [("FTC-ROBE-L", 20, 12.8), ("FTC-MAT-GREY", 10, 4.1)], buyer_contract_no=f"{tag}-B"
	)
	# not countersigned: under the Block policy a notice may not take its lines, so it is not offered
	unsigned = make_contract(
		CUSTOMERS[0][0], [("FTC-TOWEL-RED", 50, 3.25)], buyer_contract_no=f"{tag}-C", countersign=False
	)
	frappe.db.set_single_value("Foreign Trade Settings", "countersign_policy", "Block")
	frappe.db.commit()
	return {
		"customer": CUSTOMERS[0][0],
		"terms": terms,
		"tag": tag,
		"contracts": [a.name, b.name],
		"unsigned": unsigned.name,
		"total_qty": 130,
		"total_amount": 100 * 3.25 + 20 * 12.8 + 10 * 4.1,
	}


def main() -> int:
	args = arguments(__doc__.splitlines()[0], "desk-shots")
	from playwright.sync_api import expect, sync_playwright

	data = bench_execute(Path(args.bench), args.site, "foreign_trade_crm.tests.browser.desk_flow.prepare")
	steps = Steps(args.shots)

	def step(name):
		steps(page, name)

	with sync_playwright() as p:
		browser = launch(p, args.chromium)
		page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
		page.goto(f"{args.url}/login")
		page.fill("#login_email", USER)
		page.fill("#login_password", PASSWORD)
		page.click(".btn-login")
		page.wait_for_url("**/app**")

		# a contract from scratch: the buyer typed, then an item
		page.goto(f"{args.url}/app/export-contract/new")
		customer = page.locator(".frappe-control[data-fieldname=customer] input")
		customer.click()
		customer.press_sequentially(data["customer"], delay=20)
		page.get_by_role("option").filter(has_text=data["customer"]).first.click()
		try:
			page.wait_for_function(
				"cur_frm.doc.currency === 'USD' && cur_frm.doc.conversion_rate > 1"
				" && !!cur_frm.doc.payment_terms_template && !!cur_frm.doc.selling_price_list",
				timeout=15_000,
			)
		except Exception:
			got = page.evaluate(
				"[cur_frm.doc.currency, cur_frm.doc.conversion_rate, cur_frm.doc.payment_terms_template,"
				" cur_frm.doc.selling_price_list]"
			)
			raise AssertionError(f"the contract did not follow the buyer: {got}")
		if page.evaluate("cur_frm.doc.payment_terms_template") != data["terms"]:
			raise AssertionError("the buyer's payment terms were not taken")
		# the item's line, as the grid's item field sets it (the form's own item_code event runs)
		page.evaluate(
			"""() => {
				const row = cur_frm.doc.items && cur_frm.doc.items.length
					? cur_frm.doc.items[0] : cur_frm.add_child("items");
				frappe.model.set_value(row.doctype, row.name, "qty", 1000);
				frappe.model.set_value(row.doctype, row.name, "item_code", "FTC-TOWEL-RED");
				cur_frm.refresh_field("items");
			}"""
		)
		try:
			page.wait_for_function(
				"cur_frm.doc.items[0].rate == 3.25 && cur_frm.doc.items[0].uom === 'Nos'"
				" && cur_frm.doc.items[0].customer_item_code === 'ATL-TOWEL-RED'",
				timeout=15_000,
			)
		except Exception:
			row = page.evaluate("JSON.stringify(cur_frm.doc.items[0])")
			raise AssertionError(f"the item's line was not filled: {row}")
		expect(page.locator(".frappe-control[data-fieldname=conversion_rate] input")).not_to_have_value("1")
		# what submitting needs is marked before anything is saved
		for field in ("incoterm", "named_place", "port_of_loading", "latest_shipment_date"):
			expect(page.locator(f".frappe-control[data-fieldname={field}] .control-label")).to_have_class(
				re.compile(r"\breqd\b")
			)
		step("contract-from-scratch-follows-buyer-and-item")

		page.goto(f"{args.url}/app/shipment-notice/new")
		customer = page.locator(".frappe-control[data-fieldname=customer] input")
		customer.click()
		customer.press_sequentially(data["customer"], delay=20)  # as typed: the link field searches
		page.get_by_role("option").filter(has_text=data["customer"]).first.click()
		# the currency may already read USD (Frappe remembers a user's last value): wait for the rate,
		# which only the buyer's lookup sets
		try:
			page.wait_for_function("cur_frm.doc.conversion_rate > 1", timeout=10_000)
		except Exception:
			rate = page.evaluate("cur_frm.doc.conversion_rate")
			raise AssertionError(f"the exchange rate did not follow the buyer: {rate}")
		expect(page.locator(".frappe-control[data-fieldname=currency] input")).to_have_value("USD")
		step("currency-follows-buyer")

		page.get_by_role("button", name="Get Items From").click()
		page.locator(".dropdown-menu.show .dropdown-item", has_text="Export Contract").click()
		dialog = page.locator(".modal-dialog:visible")
		dialog.locator("input[data-fieldname=search_term]").fill(data["tag"])
		for name in data["contracts"]:
			row = dialog.locator(".list-item-container", has_text=name)
			expect(row).to_be_visible(timeout=10_000)
			expect(row).to_contain_text("To Ship")
			expect(row).to_contain_text("$")  # what is still to ship, in the contract's currency
		# the search for this run's tag leaves its two countersigned contracts, not the unsigned third
		expect(dialog.locator(".list-item-container", has_text="DESK-")).to_have_count(2, timeout=10_000)
		expect(dialog.locator(".list-item-container", has_text=data["unsigned"])).to_have_count(0)
		expect(dialog.get_by_role("button", name="Make Export Contract")).to_be_hidden()
		step("get-items-offers-countersigned-contracts-with-status-and-pending")
		for name in data["contracts"]:
			dialog.locator(".list-item-container", has_text=name).locator("input.list-row-check").check()
		dialog.get_by_role("button", name="Get Items").click()
		expect(
			page.locator(".frappe-control[data-fieldname=items] .grid-body .rows > .grid-row")
		).to_have_count(3, timeout=15_000)
		got = page.evaluate("[cur_frm.doc.total_qty, cur_frm.doc.total_amount, cur_frm.is_dirty()]")
		if got[:2] != [data["total_qty"], data["total_amount"]]:
			raise AssertionError(
				f"unsaved totals {got[:2]}, expected {data['total_qty']}, {data['total_amount']}"
			)
		expect(page.locator(".frappe-control[data-fieldname=total_qty]")).to_contain_text("130")
		step("totals-of-two-contracts-before-saving")
		browser.close()
	print(f"desk flow: {len(steps)} steps passed; screenshots in {steps.shots}")
	return 0


if __name__ == "__main__":
	sys.exit(main())
