"""Browser test: a hostile buyer's words never run in a staff member's browser, against a real bench.

    python -m foreign_trade_crm.tests.browser.xss_flow --site SITE --url http://SITE:8000

(as the other flows: Playwright and Debian's chromium, the site served at --url). As a buyer, through the
portal's own methods and the REST API a website user may call, it puts a script payload into every field a
buyer can write: the countersign signatory, the quotation reply's comment, the claim's reference,
description and line notes, an attachment's file name, the feedback's subject (with a right-to-left
override) and description, the order request's item codes, names, descriptions, notes, named place,
request key, e-mail and phone, the buyer's own name, place and profile picture, and a Contact planted on
another customer. A refused payload is sent again in plain words, so that every document exists. Then, as a
sales manager and as the Administrator, it opens each document's form, its print view (Frappe's Standard
format and the app's), Customer, User and the notification bell, with a dialog listener and a DOM check for
any element or handler the payloads would make; and each document prints as a PDF. Exit code 0 when no
payload ran or was injected anywhere.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from foreign_trade_crm.tests.browser.portal_flow import (
	BUYER_PASSWORD,
	Steps,
	arguments,
	bench_execute,
	launch,
)

MANAGER, MANAGER_PASSWORD = "xss.flow.manager@example.com", "Xss-Flow-2026!"
MARK = "ftcxss"
IMG = f"<img src=x onerror=alert('{MARK}')>"
SVG = f"<svg onload=alert('{MARK}')>"
SCRIPT = f"<script>alert('{MARK}')</script>"
QUOTE = f"x\" onmouseover=\"alert('{MARK}')"
AVATAR = f"/files/x.png\");animation:blink 1s' onanimationstart='alert(\"{MARK}\")' x='"
RLO = "\u202e"
# a 1×1 PNG
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="

# anything a payload would leave in the page: a handler carrying the mark, its broken image, its script
INJECTED = """(mark) => {
	const found = [];
	for (const el of document.querySelectorAll("*")) {
		for (const a of el.attributes) {
			if (a.name.startsWith("on") && a.value.includes(mark)) found.push(`${el.tagName} ${a.name}`);
		}
		if (el.tagName === "SCRIPT" && el.textContent.includes(mark)) found.push("SCRIPT");
		if (el.tagName === "IMG" && el.getAttribute("src") === "x") found.push("IMG src=x");
	}
	return found;
}"""


def prepare():
	"""Run inside the site (bench execute): a contract to countersign, a quotation to answer, a shipment to
	claim on, the buyer's password and a sales manager who gets the buyer's feedback."""
	import frappe
	from frappe.utils import add_days, nowdate
	from frappe.utils.password import update_password

	from foreign_trade_crm.tests.factories import (
		CUSTOMERS,
		make_contract,
		make_desk_user,
		make_notice,
		make_quotation,
		make_world,
	)

	make_world()
	customer, email = CUSTOMERS[0][0], CUSTOMERS[0][3]
	unsigned = make_contract(customer, [("FTC-MAT-GREY", 500, 4.1)], countersign=False)
	signed = make_contract(customer, [("FTC-ROBE-L", 200, 12.8)])
	notice = make_notice(customer, [(signed, 1, 100)])
	quotation = make_quotation(
		customer, [("FTC-TOWEL-RED", 10, 3.25)], reply_due_date=add_days(nowdate(), 10)
	)
	update_password(email, BUYER_PASSWORD)
	make_desk_user(
		MANAGER, ["Export Sales Manager", "Sales Manager", "Sales User", "Accounts User", "System Manager"]
	)
	update_password(MANAGER, MANAGER_PASSWORD)
	frappe.db.commit()
	return {
		"buyer": email,
		"customer": customer,
		"other_customer": CUSTOMERS[1][0],
		"contract": unsigned.name,
		"quotation": quotation.name,
		"notice": notice.name,
		"notice_line": notice.items[0].name,
	}


def documents_of(out: dict) -> dict:
	"""Run inside the site: the documents the buyer made in this run (bench execute --kwargs)."""
	import frappe

	request = frappe.db.get_value("Order Request", out["request"], ["quotation", "opportunity"], as_dict=True)
	return {
		"Export Contract": out["contract"],
		"Quotation": out["quotation"],
		"Trade Claim": out["claim"],
		"Customer Feedback": out["feedback"],
		"Order Request": out["request"],
		"Requested Quotation": request.quotation,
		"Opportunity": request.opportunity,
	}


class Buyer:
	"""The buyer's calls, with the buyer's session, as a hostile client would make them."""

	def __init__(self, page, url):
		self.page, self.url = page, url
		self.csrf = page.evaluate("() => window.csrf_token || (window.frappe && frappe.csrf_token)")

	def call(self, method, **data):
		response = self.page.request.post(
			f"{self.url}/api/method/{method}",
			headers={"X-Frappe-CSRF-Token": self.csrf, "Content-Type": "application/json"},
			data=json.dumps(data),
		)
		return response.status, (response.json().get("message") if response.ok else None)

	def put(self, path, **data):
		response = self.page.request.put(
			f"{self.url}/api/resource/{path}",
			headers={"X-Frappe-CSRF-Token": self.csrf, "Content-Type": "application/json"},
			data=json.dumps(data),
		)
		return response.status

	def post(self, path, **data):
		response = self.page.request.post(
			f"{self.url}/api/resource/{path}",
			headers={"X-Frappe-CSRF-Token": self.csrf, "Content-Type": "application/json"},
			data=json.dumps(data),
		)
		return response.status


def hostile_writes(buyer: Buyer, data: dict) -> tuple[dict, list[str]]:
	"""Every field a buyer can write, with a payload; a refused one again in plain words. Returns the
	documents made and a line per field (refused or stored)."""
	portal = "foreign_trade_crm.services.portal"
	said = []

	def attempt(label, method, plain, **payload):
		status, message = buyer.call(f"{portal}.{method}", **payload)
		said.append(f"{label}: {'refused' if status != 200 else 'stored'}")
		if status != 200:
			status, message = buyer.call(f"{portal}.{method}", **plain)
			if status != 200:
				raise AssertionError(f"{method} failed in plain words too: {status}")
		return message

	attempt(
		"countersign signatory",
		"countersign",
		{"contract": data["contract"], "signatory": "Mary Jones"},
		contract=data["contract"],
		signatory=f"{IMG}{SVG}Mary",
	)
	attempt(
		"quotation reply comment",
		"reply_quotation",
		{"quotation": data["quotation"], "reply": "Counter-offer", "comment": "3.10 please"},
		quotation=data["quotation"],
		reply="Counter-offer",
		comment=f"{IMG}{SVG}{SCRIPT} 3.10 please",
	)
	line = {"shipment_notice_item": data["notice_line"], "qty": 1, "claimed_amount": 5}
	claim = attempt(
		"claim reference, description and notes",
		"lodge_claim",
		{
			"shipment_notice": data["notice"],
			"lines": [{**line, "notes": f"{IMG} torn"}],
			"description": f"{SCRIPT}{IMG} wet",
			"reference": "REF-1",
		},
		shipment_notice=data["notice"],
		lines=[{**line, "notes": f"{IMG} torn"}],
		description=f"{SCRIPT}{IMG} wet",
		reference=IMG,
	)
	attempt(
		"claim attachment file name",
		"attach_to_claim",
		{"claim": claim, "filename": "photo.png", "filedata": PNG},
		claim=claim,
		filename=f"{IMG}{QUOTE}.png",
		filedata=PNG,
	)
	feedback = attempt(
		"feedback subject and description",
		"submit_feedback",
		{"feedback_type": "Complaint", "subject": f"Late {RLO}gnp.exe", "description": f"{IMG} late"},
		feedback_type="Complaint",
		subject=f"{IMG}Late {RLO}gnp.exe",
		description=f"{IMG} late",
	)
	request = attempt(
		"order request lines and header",
		"request_order",
		{
			"lines": [
				{"customer_item_code": "ATL-TOWEL-RED", "qty": 10, "note": SCRIPT},
				{"item_name": "Bamboo towel", "description": IMG, "qty": 5},
			],
			"named_place": "Hamburg",
			"note": SVG,
		},
		lines=[
			{"customer_item_code": IMG, "qty": 10, "note": SCRIPT},
			{"item_name": SVG, "description": IMG, "qty": 5},
		],
		named_place=IMG,
		request_key=SVG,
		note=SVG,
		contact_email=f"javascript:alert('{MARK}')//@example.com",
		contact_phone=IMG,
	)
	for field, value in (
		("user_image", AVATAR),
		("first_name", IMG),
		("last_name", QUOTE),
		("location", SVG),
	):
		status = buyer.put(f"User/{data['buyer']}", **{field: value})
		said.append(f"own User {field}: {'refused' if status != 200 else 'stored'}")
	for customer, label in ((data["other_customer"], "another customer"), (data["customer"], "own customer")):
		status = buyer.post(
			"Contact",
			first_name="Eve",
			last_name=QUOTE,
			company_name=IMG,
			links=[{"link_doctype": "Customer", "link_name": customer}],
		)
		said.append(f"Contact on {label}: {'refused' if status != 200 else 'stored'}")
	return {**data, "claim": claim, "feedback": feedback, "request": request}, said


def main() -> int:
	args = arguments(__doc__.splitlines()[0], "xss-shots")
	from playwright.sync_api import sync_playwright

	bench = Path(args.bench)
	data = bench_execute(bench, args.site, "foreign_trade_crm.tests.browser.xss_flow.prepare")
	steps = Steps(args.shots)
	ran, injected = [], []

	with sync_playwright() as p:
		browser = launch(p, args.chromium)

		def watched_page(context):
			page = context.new_page()
			page.on("dialog", lambda dialog: (ran.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
			return page

		buyer_page = watched_page(browser.new_context(viewport={"width": 1280, "height": 900}))
		buyer_page.goto(f"{args.url}/login")
		buyer_page.fill("#login_email", data["buyer"])
		buyer_page.fill("#login_password", BUYER_PASSWORD)
		buyer_page.click(".btn-login")
		buyer_page.wait_for_url("**/trade")
		data, said = hostile_writes(Buyer(buyer_page, args.url), data)
		for line in said:
			print(f"   {line}")
		steps(buyer_page, "buyer-wrote-payloads")
		for route in (
			f"/trade/contracts/{data['contract']}",
			"/trade/quotations",
			f"/trade/claims/{data['claim']}",
			"/trade/feedback",
			f"/trade/order-requests/{data['request']}",
		):
			buyer_page.goto(args.url + route)
			injected += [f"{route}: {what}" for what in buyer_page.evaluate(INJECTED, MARK)]
		steps(buyer_page, "portal-pages")

		docs = bench_execute(
			bench, args.site, "foreign_trade_crm.tests.browser.xss_flow.documents_of", {"out": data}
		)
		for user, password in ((MANAGER, MANAGER_PASSWORD), ("Administrator", args.admin_password)):
			context = browser.new_context(viewport={"width": 1440, "height": 900})
			page = watched_page(context)
			page.goto(f"{args.url}/login")
			page.fill("#login_email", user)
			page.fill("#login_password", password)
			page.click(".btn-login")
			page.wait_for_url("**/app**")
			who = "manager" if user == MANAGER else "admin"
			routes = [
				f"/app/{doctype.lower().replace(' ', '-')}/{name}"
				for doctype, name in docs.items()
				if name and doctype != "Requested Quotation"
			]
			routes += [
				f"/app/quotation/{docs['Requested Quotation']}",
				f"/app/user/{data['buyer']}",
				f"/app/customer/{data['customer']}",
				f"/app/contact?last_name={QUOTE[:2]}",
				"/app/todo",
			]
			for doctype, name in docs.items():
				doctype = "Quotation" if doctype == "Requested Quotation" else doctype
				if not name:
					continue
				routes.append(f"/printview?doctype={doctype}&name={name}&format=Standard&trigger_print=0")
				if doctype == "Export Contract":
					routes.append(f"/printview?doctype={doctype}&name={name}&format=Export Contract")
				for print_format in (
					"Standard",
					*(["Export Contract"] if doctype == "Export Contract" else []),
				):
					pdf = page.request.get(
						f"{args.url}/api/method/frappe.utils.print_format.download_pdf",
						params={"doctype": doctype, "name": name, "format": print_format},
					)
					if pdf.status != 200 or not pdf.body().startswith(b"%PDF"):
						injected.append(f"{doctype} {name}: no PDF in {print_format} ({pdf.status})")
			for route in routes:
				page.goto(args.url + route)
				page.wait_for_load_state("networkidle")
				page.wait_for_timeout(300)  # handlers fire after the page settles
				injected += [f"{who} {route}: {what}" for what in page.evaluate(INJECTED, MARK)]
			# the notification bell: the buyer's feedback and request were assigned with a notification
			page.goto(f"{args.url}/app")
			page.locator(".dropdown-notifications .nav-link, .notifications-icon").first.click()
			page.wait_for_timeout(1500)
			injected += [f"{who} notification bell: {what}" for what in page.evaluate(INJECTED, MARK)]
			bell = page.locator(".notification-items-list, .dropdown-notifications").first.inner_text()
			if RLO in bell:
				injected.append(f"{who} notification bell: a right-to-left override is shown")
			steps(page, f"{who}-bell")
			context.close()
		browser.close()

	for line in ran:
		print(f"RAN: {line}")
	for line in injected:
		print(f"INJECTED: {line}")
	if ran or injected:
		print(f"xss flow: {len(ran)} payload(s) ran, {len(injected)} injected")
		return 1
	print("ok nothing-ran-nothing-injected")
	print(f"xss flow: {len(steps) + 1} steps passed; screenshots in {steps.shots}")
	return 0


if __name__ == "__main__":
	sys.exit(main())
