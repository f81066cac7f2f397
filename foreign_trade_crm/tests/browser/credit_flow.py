"""Browser test of a letter of credit from the bank's message to the buyer's portal, in headless Chromium.

    python -m foreign_trade_crm.tests.browser.credit_flow --site SITE --url http://SITE:8000 [--lang zh]

(as the other flows: Playwright and Debian's chromium, the site served at --url). As an export sales manager
(in the language asked for) it pastes an MT700 with its MT701 into Letter of Credit → From the Bank's
Message, sees the credit filled, names the contract it pays and submits it; sets the credit on a shipment
notice whose lines break it (a price above the credit's, goods it does not describe, shipped after its
latest shipment date), saves and sees each discrepancy with its UCP 600 article, and is refused the submit;
then sets it on a compliant notice, submits it, presents its documents (the checklist ticked where the
notice made them), records the bank's discrepancy with its fee and the applicant's acceptance, and opens
the collection with the fee deducted as a bank charge. Last, as the buyer, it opens the
credit on the portal. Screenshots per step; exit code 0 when every step passed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from foreign_trade_crm.tests.browser.portal_flow import (
	BUYER_PASSWORD,
	Steps,
	arguments,
	bench_execute,
	launch,
)

USER, PASSWORD = "credit.flow@example.com", "Credit-Flow-2026!"


def prepare(lang: str = "en"):
	"""Run inside the site (bench execute): the user in ``lang``, a contract the credit pays, an MT700, and
	two draft notices (one compliant, one discrepant) waiting for the credit."""
	import frappe
	from frappe.utils import add_days, nowdate
	from frappe.utils.password import update_password

	from foreign_trade_crm.tests import credit_factories as cf
	from foreign_trade_crm.tests.factories import (
		COMPANY,
		CUSTOMERS,
		make_contract,
		make_desk_user,
		make_exchange_rate,
		make_notice,
		make_world,
	)

	make_world()
	make_exchange_rate("USD", "CNY", 7.1, nowdate())
	make_desk_user(
		USER,
		[
			"Export Sales Manager",
			"Export Accounts User",
			"Sales Manager",
			"Sales User",
			"Accounts User",
			"Accounts Manager",
		],
	)
	update_password(USER, PASSWORD)
	frappe.db.set_value("User", USER, "language", lang)
	frappe.defaults.set_user_default("Company", COMPANY, user=USER)
	customer, buyer = CUSTOMERS[0][0], CUSTOMERS[0][3]
	update_password(buyer, BUYER_PASSWORD)
	frappe.db.set_value("User", buyer, "language", lang)
	frappe.db.set_single_value(
		"Foreign Trade Settings",
		{"lc_discrepancy_policy": "Block", "lc_bank_charges_account": bank_charges_account()},
	)

	number = cf.unique_number("LCFLOW")
	first, second = cf.mt700(number, latest_days=10)
	contract = cf.credit_contract(buyer_contract_no=f"{number}-PO")
	other = make_contract(customer, [("FTC-TOWEL-RED", 500, 3.40), ("FTC-ROBE-L", 40, 12.8)])
	discrepant = make_notice(
		customer,
		[(other, 1, 500), (other, 2, 40)],
		submit=False,
		bl_date=add_days(nowdate(), 14),
		port_of_destination="Los Angeles",
		bl_no=f"{number}-BL1",
	)
	compliant = make_notice(
		customer,
		[(contract, 1, 8000), (contract, 2, 6000)],
		submit=False,
		port_of_destination="Los Angeles",
		bl_no=f"{number}-BL2",
		commercial_invoice_no=f"{number}-CI",
	)
	frappe.db.commit()
	return {
		"customer": customer,
		"buyer": buyer,
		"number": number,
		"message": first + "\r\n" + second,
		"contract": contract.name,
		"discrepant": discrepant.name,
		"compliant": compliant.name,
	}


def bank_charges_account() -> str:
	"""The expense account the bank's charges under a credit are booked to (as the demo makes it)."""
	from foreign_trade_crm.demo import bank_charges_account as account

	return account()


def main() -> int:
	lang = "en"
	if "--lang" in sys.argv:  # the user's language: the flow's own option, beside the flows' common ones
		at = sys.argv.index("--lang")
		lang = sys.argv[at + 1]
		del sys.argv[at : at + 2]
	args = arguments(__doc__.splitlines()[0], "credit-shots")
	from playwright.sync_api import expect, sync_playwright

	data = bench_execute(
		Path(args.bench), args.site, "foreign_trade_crm.tests.browser.credit_flow.prepare", {"lang": lang}
	)
	steps = Steps(args.shots)

	with sync_playwright() as p:
		browser = launch(p, args.chromium)
		page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
		try:
			flow(page, browser, data, args, steps, expect)
		except Exception:
			page.screenshot(path=str(steps.shots / "failed.png"), full_page=True)
			raise
		browser.close()
	print(f"credit flow: {len(steps)} steps passed; screenshots in {steps.shots}")
	return 0


def flow(page, browser, data, args, steps, expect) -> None:
	def step(name):
		# the "Saved" and "Submitted" toasts would cover the form in the screenshot
		page.evaluate("() => document.querySelectorAll('#alert-container .alert').forEach((a) => a.remove())")
		steps(page, name)

	def wait_saved():
		page.wait_for_function("cur_frm && !cur_frm.is_dirty() && !cur_frm.doc.__unsaved", timeout=20_000)

	def close_messages():
		page.wait_for_timeout(400)
		for _ in range(3):
			dialog = page.locator(".modal.show .btn-modal-close")
			if dialog.count():
				dialog.first.click()
				page.wait_for_timeout(300)

	def set_link(fieldname: str, value: str):
		field = page.locator(f".frappe-control[data-fieldname={fieldname}] input")
		field.click()
		field.fill("")
		field.press_sequentially(value, delay=20)
		page.get_by_role("option").filter(has_text=value).first.click()

	page.goto(f"{args.url}/login")
	page.fill("#login_email", USER)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url("**/app**")

	# 1. the bank's MT700 + MT701, pasted
	page.goto(f"{args.url}/app/letter-of-credit")
	page.wait_for_function("cur_list && cur_list.page")
	page.evaluate("foreign_trade_crm.credit.from_swift()")
	dialog = page.locator(".modal-dialog:visible")
	expect(dialog).to_be_visible()
	page.wait_for_function("window.cur_dialog && cur_dialog.fields_dict.message")
	page.evaluate(
		"([customer, message]) => { cur_dialog.set_value('customer', customer); cur_dialog.set_value('message', message); }",
		[data["customer"], data["message"]],
	)
	page.wait_for_timeout(500)
	dialog.locator(".modal-title").click()  # the customer's suggestions close
	page.wait_for_timeout(300)
	step("mt700-pasted")
	dialog.locator(".btn-primary").click()
	page.wait_for_url("**/app/letter-of-credit/LC-*", timeout=20_000)
	page.wait_for_function(f"cur_frm && cur_frm.doc.lc_number === '{data['number']}'", timeout=20_000)
	got = page.evaluate(
		"[cur_frm.doc.amount, cur_frm.doc.currency, cur_frm.doc.documents.length, cur_frm.doc.incoterm]"
	)
	if got != [121250, "USD", 4, "FOB"]:
		raise AssertionError(f"the credit was not filled from the message: {got}")
	credit = page.evaluate("cur_frm.doc.name")
	expect(page.locator(".frappe-control[data-fieldname=goods_html] table")).to_have_count(1)
	step("credit-filled-from-mt700")

	# the contract it pays, then submit
	page.evaluate(
		"(c) => { cur_frm.clear_table('contracts'); cur_frm.add_child('contracts', {export_contract: c}); cur_frm.refresh_field('contracts'); }",
		data["contract"],
	)
	page.keyboard.press("Control+s")
	wait_saved()
	page.evaluate("() => { cur_frm.savesubmit(); }")
	page.locator(".modal.show .btn-primary").last.click()
	page.wait_for_function("cur_frm.doc.docstatus === 1", timeout=20_000)
	page.wait_for_function("cur_frm.doc.status === 'Advised'", timeout=20_000)
	page.evaluate("window.scrollTo(0, 0)")
	step("credit-submitted")

	# 2. a notice that breaks the credit: each discrepancy named with its article, submit refused
	page.goto(f"{args.url}/app/shipment-notice/{data['discrepant']}")
	page.wait_for_function(f"cur_frm && cur_frm.doc.name === '{data['discrepant']}'")
	set_link("letter_of_credit", credit)
	page.keyboard.press("Control+s")
	page.wait_for_function("cur_frm.doc.lc_check_status === 'Discrepant'", timeout=20_000)
	close_messages()
	articles = page.evaluate("cur_frm.doc.lc_findings.filter(f => f.blocking).map(f => f.article)")
	for article in ("14(a)", "18(c)"):
		if article not in articles:
			raise AssertionError(f"no finding of art. {article}: {articles}")
	page.locator(".frappe-control[data-fieldname=lc_findings]").scroll_into_view_if_needed()
	step("notice-discrepancies-found")
	page.evaluate("() => { cur_frm.savesubmit(); }")
	page.locator(".modal.show .btn-primary").last.click()
	expect(page.locator(".modal.show .msgprint")).to_contain_text("14(a)", timeout=20_000)
	step("notice-submit-refused")
	close_messages()

	# 3. a compliant notice: submitted, its documents presented, the bank's answer, the collection
	page.goto(f"{args.url}/app/shipment-notice/{data['compliant']}")
	page.wait_for_function(f"cur_frm && cur_frm.doc.name === '{data['compliant']}'")
	set_link("letter_of_credit", credit)
	page.keyboard.press("Control+s")
	page.wait_for_function("cur_frm.doc.lc_check_status === 'Complies'", timeout=20_000)
	page.evaluate("() => { cur_frm.savesubmit(); }")
	page.locator(".modal.show .btn-primary").last.click()
	page.wait_for_function("cur_frm.doc.docstatus === 1", timeout=30_000)
	close_messages()
	step("notice-complies-submitted")
	page.evaluate(
		"""() => { frappe.call('foreign_trade_crm.services.letter_of_credit_presentation.make_presentation',
			{shipment_notice: cur_frm.doc.name}).then(r => frappe.set_route('Form', 'Letter of Credit Presentation', r.message)); }"""
	)
	page.wait_for_url("**/app/letter-of-credit-presentation/LCP-*", timeout=20_000)
	page.wait_for_function("cur_frm && cur_frm.doc.documents && cur_frm.doc.documents.length === 4")
	ticked = page.evaluate("cur_frm.doc.documents.filter(d => d.from_notice).map(d => d.document_type)")
	if ticked != ["Commercial Invoice", "Packing List"]:
		raise AssertionError(f"the checklist did not tick what the notice makes: {ticked}")
	page.evaluate("cur_frm.set_value('bank_reference', 'BOC-NEG-FLOW')")
	page.keyboard.press("Control+s")
	wait_saved()
	step("presentation-checklist")
	page.evaluate("() => { cur_frm.savesubmit(); }")
	page.locator(".modal.show .btn-primary").last.click()
	page.wait_for_function("cur_frm.doc.status === 'Presented'", timeout=20_000)
	page.evaluate(
		"""() => { frappe.call('foreign_trade_crm.services.letter_of_credit_presentation.record_answer',
			{presentation: cur_frm.doc.name, answer: 'Discrepant', discrepancies: [
				{discrepancy: 'Packing list does not show the credit number (47A)', article: '14(d)',
					document_type: 'Packing List', fee: 80}]}).then(() => cur_frm.reload_doc()); }"""
	)
	page.wait_for_function("cur_frm.doc.status === 'Discrepant'", timeout=20_000)
	page.evaluate(
		"""() => { frappe.call('foreign_trade_crm.services.letter_of_credit_presentation.record_decision',
			{presentation: cur_frm.doc.name, decision: 'Accepted', note: 'Applicant waived'})
			.then(() => cur_frm.reload_doc()); }"""
	)
	page.wait_for_function("cur_frm.doc.status === 'Discrepancies Accepted'", timeout=20_000)
	page.evaluate("() => { cur_frm.scroll_to_field('discrepancies'); }")
	page.wait_for_timeout(500)
	step("presentation-discrepant-accepted")
	page.evaluate(
		"""() => { frappe.call('foreign_trade_crm.services.letter_of_credit_presentation.make_collection',
			{presentation: cur_frm.doc.name}).then(({message}) => {
				const doclist = frappe.model.sync(message);
				frappe.set_route('Form', doclist[0].doctype, doclist[0].name);
			}); }"""
	)
	page.wait_for_url("**/app/payment-entry/**", timeout=20_000)
	page.wait_for_function("cur_frm && cur_frm.doc.reference_no === 'BOC-NEG-FLOW'", timeout=20_000)
	deducted = page.evaluate("(cur_frm.doc.deductions || []).map((d) => d.account)")
	if not any(a.startswith("Bank Charges") for a in deducted):
		raise AssertionError(f"the discrepancy fee is not deducted as a bank charge: {deducted}")
	step("collection-opened")

	# 4. the buyer's portal: their credit, the shipment drawn on it
	context = browser.new_context(viewport={"width": 1280, "height": 1100})
	page = context.new_page()
	page.goto(f"{args.url}/login")
	page.fill("#login_email", data["buyer"])
	page.fill("#login_password", BUYER_PASSWORD)
	page.click(".btn-login")
	page.wait_for_url("**/trade")
	page.goto(f"{args.url}/trade/credits")
	expect(page.locator(f"tr[data-name='{credit}']")).to_be_visible()
	page.goto(f"{args.url}/trade/credits/{credit}")
	expect(page.locator(".trade-credit-shipments")).to_contain_text(data["compliant"])
	expect(page.locator(".trade-credit-shipments")).to_contain_text("14(d)")
	step("portal-credit")


if __name__ == "__main__":
	sys.exit(main())
