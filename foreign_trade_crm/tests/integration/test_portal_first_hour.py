"""A new buyer's first hour on the portal: which quotations they can still answer, feedback answered and
confirmed, a contract's status and signature, dates in the site's format, a menu of their own, all in
their language.

A customer of its own (Harbour), so that what the overview counts is exactly what these tests made.
"""

import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl

import frappe
from frappe.tests.utils import FrappeTestCase, change_settings
from frappe.utils import add_days, formatdate, nowdate, set_request
from frappe.website.serve import get_response

from foreign_trade_crm.overrides.quotation import make_export_contract
from foreign_trade_crm.services import portal, portal_pages
from foreign_trade_crm.tests.factories import (
	CUSTOMERS,
	contract_terms,
	make_claim,
	make_contract,
	make_customer,
	make_notice,
	make_portal_user,
	make_quotation,
	no_outgoing_mail,
)

HARBOUR, HARBOUR_BUYER = "FTC Buyer Harbour", "buyer.harbour@example.com"
RHEIN_BUYER = CUSTOMERS[1][3]


def render(path):
	"""The page as Frappe's website server answers it: (status, body, Location header)."""
	path, _sep, query = path.partition("?")
	set_request(method="GET", path=path, query_string=query)
	frappe.local.form_dict = frappe._dict(parse_qsl(query))  # as Frappe's request handler makes it
	frappe.local.user_date_format = None  # read again from System Settings, as each request does
	response = get_response()
	return response.status_code, response.get_data(as_text=True), response.headers.get("Location")


def row_html(html, name):
	"""The table row of a list page for the document ``name``."""
	found = re.search(rf'<tr data-name="{re.escape(name)}">(.*?)</tr>', html, re.S)
	return found.group(1) if found else None


def make_harbour():
	"""The customer and its portal user (once per site)."""
	make_customer(HARBOUR, "USD", "United States")
	make_portal_user(HARBOUR, HARBOUR_BUYER)
	return HARBOUR


class PortalTestCase(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.response = frappe._dict()
		frappe.local.lang = "en"


class TestQuotationsToAnswer(PortalTestCase):
	"""One rule for a quotation the buyer can still answer (rules/quotation_reply.py): the page's buttons,
	the overview's count and the reply itself."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_harbour()
		# what other runs of these tests left: not Harbour's to answer any more
		frappe.db.set_value(
			"Quotation",
			{"party_name": HARBOUR, "docstatus": 1, "status": ("in", ("Open", "Replied"))},
			"status",
			"Lost",
		)
		line = [("FTC-TOWEL-RED", 100, 3.25)]
		cls.open = make_quotation(HARBOUR, line, reply_due_date=add_days(nowdate(), 10)).name
		cls.late = make_quotation(HARBOUR, line, reply_due_date=add_days(nowdate(), -1)).name
		cls.to_reply = make_quotation(HARBOUR, line, reply_due_date=add_days(nowdate(), 10)).name
		cls.answered = make_quotation(HARBOUR, line, reply_due_date=add_days(nowdate(), 10)).name
		frappe.db.set_value(
			"Quotation", cls.answered, {"buyer_reply": "Declined", "buyer_reply_date": nowdate()}
		)
		cls.contracted = make_quotation(HARBOUR, line, reply_due_date=add_days(nowdate(), 10)).name
		contract = make_export_contract(cls.contracted)
		contract.update(contract_terms())
		contract.insert()
		contract.submit()
		cls.contract = contract.name
		frappe.db.commit()

	def quotations_page(self):
		frappe.set_user(HARBOUR_BUYER)
		status, html, _location = render("/trade/quotations")
		self.assertEqual(status, 200)
		return html

	def test_an_ordered_quotation_offers_no_reply_but_the_contract_it_became(self):
		self.assertEqual(frappe.db.get_value("Quotation", self.contracted, "status"), "Ordered")
		row = row_html(self.quotations_page(), self.contracted)
		self.assertNotIn("quotation-reply", row)
		self.assertIn(f'href="/trade/contracts/{self.contract}"', row)

	def test_the_page_offers_a_reply_only_where_the_buyer_can_still_answer(self):
		html = self.quotations_page()
		offered = {
			name
			for name in (self.open, self.late, self.answered, self.contracted)
			if "quotation-reply" in row_html(html, name)
		}
		self.assertEqual(offered, {self.open})
		self.assertIn("The reply date has passed", row_html(html, self.late))

	def test_the_overview_counts_what_the_page_offers_to_answer(self):
		html = self.quotations_page()
		listed = re.findall(r'<tr data-name="([^"]+)">', html)
		offered = {name for name in listed if "quotation-reply" in row_html(html, name)}
		self.assertIn(self.open, offered)
		self.assertLessEqual(offered, {self.open, self.to_reply})  # to_reply: until another test answers it
		frappe.set_user(HARBOUR_BUYER)
		cards = {card["title"]: card["count"] for card in portal_pages.overview()}
		self.assertEqual(cards["Quotations to Answer"], len(offered))

	def test_a_reply_is_refused_where_the_page_offers_none(self):
		frappe.set_user(HARBOUR_BUYER)
		with self.assertRaisesRegex(frappe.ValidationError, "can no longer be answered"):
			portal.reply_quotation(self.contracted, "Accepted")
		with self.assertRaisesRegex(frappe.ValidationError, "reply date"):
			portal.reply_quotation(self.late, "Accepted")
		with self.assertRaisesRegex(frappe.ValidationError, "already answered"):
			portal.reply_quotation(self.answered, "Accepted")
		self.assertEqual(
			portal.reply_quotation(self.to_reply, "Accepted"), {"reply": "Accepted", "already": False}
		)
		self.assertEqual(
			portal.reply_quotation(self.to_reply, "Accepted"), {"reply": "Accepted", "already": True}
		)

	def test_a_quotation_number_opens_its_pdf_for_its_buyer_only(self):
		from frappe.www.printview import validate_print_permission

		link = re.search(
			r'<a href="([^"]+)">' + re.escape(self.open), row_html(self.quotations_page(), self.open)
		)
		self.assertIsNotNone(link, "the quotation's number is a link")
		url = link.group(1).replace("&amp;", "&")
		self.assertTrue(url.startswith("/api/method/frappe.utils.print_format.download_pdf?"), url)
		self.assertEqual(dict(parse_qsl(url.partition("?")[2])), {"doctype": "Quotation", "name": self.open})
		doc = frappe.get_doc("Quotation", self.open)
		frappe.set_user(HARBOUR_BUYER)
		validate_print_permission(doc)  # Frappe's own check of the PDF: the buyer's website permission
		frappe.set_user(RHEIN_BUYER)
		with self.assertRaises(frappe.PermissionError):
			validate_print_permission(doc)


def make_feedback(customer=HARBOUR, **kw):
	"""Feedback of the customer, as the desk opens it after it was routed."""
	name = (
		frappe.get_doc(
			{
				"doctype": "Customer Feedback",
				"customer": customer,
				"feedback_type": "Inquiry",
				"subject": f"Next sailing? {frappe.generate_hash(length=6)}",
				"description": "Please tell us the next sailing date.",
				"contact_email": HARBOUR_BUYER,
				**kw,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	return frappe.get_doc("Customer Feedback", name)


class TestFeedbackAnswered(PortalTestCase):
	"""A reply staff give is a reply on the portal too: Replied, with its date, whether or not e-mail can
	carry it; what staff are still writing is theirs; the buyer's own feedback is confirmed."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_harbour()
		frappe.db.commit()

	def feedback_page(self, query=""):
		frappe.set_user(HARBOUR_BUYER)
		status, html, _location = render(f"/trade/feedback{query}")
		self.assertEqual(status, 200)
		frappe.set_user("Administrator")
		return html

	def test_a_reply_without_an_outgoing_account_is_given_on_the_portal(self):
		doc = make_feedback()
		with no_outgoing_mail():
			self.assertFalse(doc.send_reply("<p>The next sailing is on Friday.</p>"))
		doc.reload()
		self.assertEqual(doc.status, "Replied")
		self.assertIsNotNone(doc.replied_on)
		row = row_html(self.feedback_page(f"?q={doc.name}"), doc.name)
		self.assertIn(">Replied<", row)
		self.assertIn(formatdate(doc.replied_on), row)  # Replied On
		self.assertIn("The next sailing is on Friday.", self.feedback_page(f"?q={doc.name}"))

	def test_a_reply_staff_are_still_writing_is_not_shown_to_the_buyer(self):
		doc = make_feedback()
		doc.reply = "<p>Draft: ask the forwarder first</p>"
		doc.save()
		html = self.feedback_page(f"?q={doc.name}")
		self.assertIsNotNone(row_html(html, doc.name))
		self.assertNotIn("ask the forwarder", html)

	def test_replies_the_portal_already_showed_are_recorded_as_given(self):
		from foreign_trade_crm.services.feedback import give_replies_shown_on_portal

		shown = make_feedback()
		shown.db_set("reply", "<p>Yes, two weeks earlier.</p>")
		saved = frappe.db.get_value("Customer Feedback", shown.name, ["modified", "modified_by"])
		unread = make_feedback(customer=self.customer_without_portal())
		unread.db_set("reply", "<p>Nobody reads this on a portal.</p>")
		given = give_replies_shown_on_portal()
		self.assertIn(shown.name, given)
		self.assertNotIn(unread.name, given)
		shown.reload()
		self.assertEqual(shown.status, "Replied")
		self.assertEqual((shown.replied_on, shown.replied_by), saved)
		self.assertEqual(give_replies_shown_on_portal(), [])  # once

	def customer_without_portal(self):
		name = "FTC Buyer Without Portal"
		make_customer(name, "USD", "United States")
		return name

	def test_sent_feedback_is_confirmed_to_its_buyer_only(self):
		frappe.set_user(HARBOUR_BUYER)
		name = portal.submit_feedback("Inquiry", "Can we visit the factory?", "In March, if possible.")
		html = self.feedback_page(f"?sent={name}")
		self.assertIn("we have received your", html)
		self.assertIn(name, html)
		frappe.set_user(RHEIN_BUYER)
		_status, html, _location = render(f"/trade/feedback?sent={name}")
		self.assertNotIn("we have received your", html)
		self.assertNotIn(name, html)


class TestContractAndDates(PortalTestCase):
	"""A contract's status once, no date to sign by once signed, a printed contract that stops asking for a
	signature; a shipment's missing dates left out; dates typed and shown in the site's format."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_harbour()
		cls.signed = make_contract(HARBOUR, [("FTC-TOWEL-RED", 1000, 3.1)]).name
		cls.unsigned = make_contract(HARBOUR, [("FTC-TOWEL-BLUE", 500, 3.1)], countersign=False).name
		cls.notice = make_notice(HARBOUR, [(cls.signed, 1, 200)]).name
		frappe.db.commit()

	def page(self, path):
		frappe.set_user(HARBOUR_BUYER)
		status, html, _location = render(path)
		self.assertEqual(status, 200, path)
		return html

	def test_a_contract_shows_its_status_once(self):
		def head(html):  # what the page says above the contract's details
			return html[html.index('<div class="trade-portal">') : html.index('<dl class="row small">')]

		html = self.page(f"/trade/contracts/{self.unsigned}")
		self.assertEqual(head(html).count("To Countersign"), 1)
		self.assertIn("Countersign By", html)
		html = self.page(f"/trade/contracts/{self.signed}")
		status = frappe.db.get_value("Export Contract", self.signed, "status")
		self.assertEqual(head(html).count(status), 1, status)
		self.assertEqual(head(html).count("indicator-pill"), 1)
		self.assertNotIn("Countersign By", html)

	def test_a_countersigned_contract_has_no_date_to_countersign_by_in_the_list(self):
		due = {}
		for name in (self.signed, self.unsigned):
			frappe.set_user(HARBOUR_BUYER)
			[row] = portal_pages.list_data("contracts", name, None, 0)["rows"]
			labels = [str(label) for _field, label, _type in portal.LISTS["contracts"].columns]
			due[name] = row["cells"][labels.index("Countersign By")]
		self.assertEqual(due[self.signed], "")
		self.assertEqual(
			due[self.unsigned],
			formatdate(frappe.db.get_value("Export Contract", self.unsigned, "countersign_due_date")),
		)

	def test_the_printed_contract_asks_for_a_signature_until_it_is_signed(self):
		set_request(method="GET", path="/printview")  # what Frappe's print view reads its route from
		unsigned = frappe.get_print("Export Contract", self.unsigned, "Export Contract")
		self.assertIn("Please sign and return one copy by", unsigned)
		signed = frappe.get_print("Export Contract", self.signed, "Export Contract")
		self.assertNotIn("Please sign and return", signed)
		self.assertIn("Countersigned by Buyer Signatory on", signed)

	def test_a_shipment_leaves_out_the_dates_it_does_not_have(self):
		html = self.page(f"/trade/shipments/{self.notice}")
		details = re.search(r'<dl class="row small shipment-details">(.*?)</dl>', html, re.S).group(1)
		self.assertNotIn("ETD", details)
		self.assertNotIn("ETA", details)
		self.assertNotRegex(details, r"<dd[^>]*>\s*/\s*</dd>")
		frappe.set_user("Administrator")
		frappe.db.set_value("Shipment Notice", self.notice, "etd", add_days(nowdate(), 3))
		details = re.search(
			r'<dl class="row small shipment-details">(.*?)</dl>',
			self.page(f"/trade/shipments/{self.notice}"),
			re.S,
		).group(1)
		self.assertIn(formatdate(add_days(nowdate(), 3)), details)
		self.assertNotIn("ETA", details)

	@change_settings("System Settings", {"date_format": "dd-mm-yyyy"})
	def test_dates_are_typed_and_shown_in_the_sites_date_format(self):
		# 5 December typed as the site writes it: the page reads it so, shows it so, and its Excel link
		# carries the date itself
		html = self.page("/trade/receivables?cutoff=05-12-2026")
		self.assertIn('value="05-12-2026"', html)
		self.assertIn('data-date-format="dd-mm-yyyy"', html)  # the field's script reads it in that format
		self.assertIn("cutoff=2026-12-05", html)
		# a link may send the date as yyyy-mm-dd
		self.assertIn('value="05-12-2026"', self.page("/trade/receivables?cutoff=2026-12-05"))
		# no browser date field, which shows the browser's format (mm/dd/yyyy in a US English browser)
		for path in ("/trade/receivables", "/trade/order-requests"):
			self.assertNotIn('type="date"', self.page(path), path)
			self.assertIn("trade-date", self.page(path), path)


class TestBuyersMenu(PortalTestCase):
	"""The buyer's menu: the trade pages and My Account (on a phone too), none of ERPNext's pages the trade
	pages do the work of, which when reached by their address lead on to the trade pages."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_harbour()
		frappe.db.commit()

	def test_the_menu_has_the_trade_pages_and_my_account_and_not_issues_or_addresses(self):
		from frappe.website.utils import get_portal_sidebar_items

		frappe.set_user(HARBOUR_BUYER)
		frappe.cache.hdel("portal_menu_items", HARBOUR_BUYER)
		routes = [item.get("route") for item in get_portal_sidebar_items()]
		for route in ("/trade", "/trade/feedback", "/trade/claims", "/me"):
			self.assertIn(route, routes)
		for route in ("/issues", "/addresses"):
			self.assertNotIn(route, routes)
		status, html, _location = render("/trade")
		self.assertEqual(status, 200)
		# the phone's menu is the navbar's copy of the sidebar items: My Account among them
		self.assertTrue(
			re.search(r'<a class="nav-link[^"]*" href="/me">', html), "My Account in the phone's menu"
		)

	def test_a_buyer_reaching_issues_or_addresses_goes_on_to_the_trade_pages(self):
		for user, page, target in (
			(HARBOUR_BUYER, "issues", "/trade/feedback"),
			(HARBOUR_BUYER, "addresses", "/me"),
			("Administrator", "issues", "/issues/list"),
			("Administrator", "addresses", "/list?doctype=Address"),
		):
			frappe.set_user(user)
			status, _html, location = render(f"/{page}")
			self.assertEqual((status, location), (302, f"/trade/moved?from={page}"))
			status, _html, location = render(location)
			self.assertEqual((status, location), (302, target), (user, page))

	def test_my_account_offers_no_third_party_apps_on_a_site_without_any(self):
		self.assertFalse(frappe.db.count("OAuth Client"))
		frappe.set_user(HARBOUR_BUYER)
		status, html, _location = render("/me")
		self.assertEqual(status, 200)
		self.assertIn("Reset Password", html)
		self.assertNotIn("third party apps", html)

	def test_the_footer_has_no_newsletter_sign_up(self):
		frappe.set_user(HARBOUR_BUYER)
		_status, html, _location = render("/trade")
		self.assertNotIn("footer-subscribe", html)

	def test_uninstall_undoes_exactly_what_install_did_to_the_website(self):
		from foreign_trade_crm import install

		def state():
			settings = frappe.get_single("Website Settings")
			return settings.hide_footer_signup, sorted(
				(row.source, row.target) for row in settings.route_redirects
			)

		saved = {key: frappe.db.get_global(key) for key in (install.FOOTER_KEY, install.REDIRECTS_KEY)}
		try:
			install.untidy_buyers_website()
			settings = frappe.get_single(
				"Website Settings"
			)  # as before the app came, with a redirect of the admin's
			settings.hide_footer_signup = 0
			settings.append("route_redirects", {"source": "old-catalogue", "target": "/catalogue"})
			settings.save()
			before = state()
			install.tidy_buyers_website()
			self.assertEqual(state()[0], 1)
			self.assertEqual(
				state()[1],
				sorted(
					[
						*before[1],
						("issues", "/trade/moved?from=issues"),
						("addresses", "/trade/moved?from=addresses"),
					]
				),
			)
			install.tidy_buyers_website()  # again: nothing more
			self.assertEqual(len(state()[1]), len(before[1]) + 2)
			install.untidy_buyers_website()
			self.assertEqual(state(), before)
		finally:
			settings = frappe.get_single("Website Settings")
			settings.route_redirects = [
				row for row in settings.route_redirects if row.source != "old-catalogue"
			]
			settings.save()
			install.tidy_buyers_website()
			for key, value in saved.items():
				frappe.db.set_global(key, value)


class TestPortalInChinese(PortalTestCase):
	"""Every word the portal shows a buyer is in their language, Simplified (zh) or Traditional (zh-TW):
	each string a portal page translates while it is made has a translation of its own in that language
	(a zh-TW one, not the Simplified that Frappe falls back to), and a zh-TW page holds no character that
	exists in Simplified Chinese only."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		make_harbour()
		signed = make_contract(HARBOUR, [("FTC-TOWEL-RED", 1000, 3.1)])
		unsigned = make_contract(HARBOUR, [("FTC-TOWEL-BLUE", 500, 3.1)], countersign=False)
		notice = make_notice(HARBOUR, [(signed, 1, 200)])
		claim = make_claim(notice, [(1, 5, 15.5)])
		make_quotation(HARBOUR, [("FTC-TOWEL-RED", 100, 3.25)], reply_due_date=add_days(nowdate(), 10))
		feedback = make_feedback()
		with no_outgoing_mail():
			feedback.send_reply("<p>Thank you.</p>")
		frappe.set_user(HARBOUR_BUYER)
		request = portal.request_order(
			[{"item_code": "FTC-TOWEL-RED", "qty": 100}, {"description": "Bamboo towel", "qty": 50}],
			request_key=frappe.generate_hash(),
			wanted_shipment_date=add_days(nowdate(), 40),
		)
		frappe.set_user("Administrator")
		cls.pages = [
			"/trade",
			"/trade/contracts",
			f"/trade/contracts/{signed.name}",
			f"/trade/contracts/{unsigned.name}",
			"/trade/shipments",
			f"/trade/shipments/{notice.name}",
			"/trade/receivables",
			"/trade/claims",
			f"/trade/claims/{claim.name}?lodged=1",
			"/trade/feedback",
			f"/trade/feedback?sent={feedback.name}",
			"/trade/quotations",
			"/trade/order-requests",
			f"/trade/order-requests/{request}",
			"/me",
		]
		frappe.db.commit()

	def render_in(self, lang):
		"""Each page in ``lang``: the strings it translated, each with its translation in that language
		(None where there is none), and the pages' HTML."""
		from frappe import translate

		asked = set()

		class Recorder(dict):
			def get(self, key, default=None):
				asked.add(key)
				return super().get(key, default)

		get_all = translate.get_all_translations
		translate.get_all_translations = lambda language: Recorder(get_all(language))
		pages = {}
		try:
			frappe.set_user(HARBOUR_BUYER)
			for path in self.pages:
				frappe.local.lang = lang
				status, html, _location = render(path)
				self.assertEqual(status, 200, path)
				pages[path] = html
		finally:
			translate.get_all_translations = get_all
			frappe.local.lang = "en"
		translations = get_all(lang)
		# words a page shows (not what Frappe translates for itself while making it), and not what is
		# already in Chinese (a page's title passes through Frappe's translation again)
		shown = {
			key
			for key in asked
			if re.search("[A-Za-z]", key)
			and not re.search("[\u4e00-\u9fff]", key)
			and appears(translations.get(key) or key, pages.values())
		}
		return {key: translations.get(key) for key in shown}, pages

	def test_every_string_of_the_portal_is_in_simplified_chinese(self):
		translated, _pages = self.render_in("zh")
		self.assertEqual(sorted(key for key, value in translated.items() if not value), [])

	def test_every_string_of_the_portal_is_in_traditional_chinese(self):
		translated, pages = self.render_in("zh-TW")
		simplified = simplified_only_characters()
		untranslated = sorted(key for key, value in translated.items() if not value)
		# Frappe shows a zh-TW user the Simplified translation where there is no Traditional one
		in_simplified = {key: value for key, value in translated.items() if value and set(value) & simplified}
		on_pages = {}
		for path, html in pages.items():
			for text in re.findall(r">([^<]*[\u4e00-\u9fff][^<]*)<", html):
				if set(text) & simplified:
					on_pages.setdefault(text.strip(), path)
		self.assertEqual((untranslated, in_simplified, on_pages), ([], {}, {}))


def appears(text: str, pages) -> bool:
	"""Whether a page holds the text (its longest part between placeholders), as HTML or inside a script's
	JSON."""
	part = max(re.split(r"\{\d+\}", text), key=len).strip()
	forms = {part, frappe.utils.escape_html(part), json.dumps(part)[1:-1]}
	return any(form in html for html in pages for form in forms)


def simplified_only_characters() -> set[str]:
	"""The characters of Simplified Chinese only, as the translation test of the pure tests knows them
	(tests/unit/test_translations.py, SIMPLIFIED_ONLY)."""
	path = Path(frappe.get_app_path("foreign_trade_crm")).parent / "tests" / "unit" / "test_translations.py"
	spec = importlib.util.spec_from_file_location("ftcrm_unit_translations", path)
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return module.SIMPLIFIED_ONLY
