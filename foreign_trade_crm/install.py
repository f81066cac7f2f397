"""Install and migrate: roles first (doctype permissions name them), custom fields after."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from foreign_trade_crm.constants.custom_fields import CUSTOM_FIELDS
from foreign_trade_crm.constants.permissions import ERPNEXT_READ, ERPNEXT_REPORT
from foreign_trade_crm.constants.roles import ROLES
from foreign_trade_crm.services.receivables import add_ledger_index  # Export Receivables reads by it


def before_install():
	create_roles()


def after_install():
	create_custom_fields(CUSTOM_FIELDS, update=True)
	grant_erpnext_read()
	store_settings_defaults()
	create_claim_reasons()
	create_email_templates()
	add_ledger_index()
	ensure_dimension()
	store_cost_defaults()
	compile_translations()
	hide_erpnext_portal_pages()
	tidy_buyers_website()


def after_migrate():
	create_roles()
	create_custom_fields(CUSTOM_FIELDS, update=True)
	grant_erpnext_read()
	store_settings_defaults()
	create_claim_reasons()
	create_email_templates()
	add_ledger_index()
	ensure_dimension()
	store_cost_defaults()
	compile_translations()


def ensure_dimension():
	"""Export Contract as an accounting dimension, so any ledger line can carry its contract (profit)."""
	from foreign_trade_crm.services.dimension import ensure_dimension as ensure

	ensure()


def store_cost_defaults():
	"""The estimate's freight, insurance and other costs per Incoterm, until an admin sets any."""
	from foreign_trade_crm.constants.profit import COST_DEFAULTS

	if frappe.db.count("Contract Cost Default"):
		return
	settings = frappe.get_single("Foreign Trade Settings")
	for incoterm, freight, insurance, other in COST_DEFAULTS:
		if frappe.db.exists("Incoterm", incoterm):
			settings.append(
				"profit_cost_defaults",
				{
					"incoterm": incoterm,
					"freight_percent": freight,
					"insurance_percent": insurance,
					"other_percent": other,
				},
			)
	settings.flags.ignore_permissions = True
	settings.flags.ignore_mandatory = True
	settings.save()


def compile_translations():
	"""locale/*.po → .mo, which Frappe v15 reads (otherwise only `bench build` compiles them)."""
	from frappe.gettext.translate import compile_translations as compile_app

	compile_app("foreign_trade_crm")


def grant_erpnext_read():
	"""Read on the ERPNext doctypes each role works with, unless an admin already set a rule."""
	from frappe.permissions import add_permission, update_permission_property

	for role, doctypes in ERPNEXT_READ.items():
		for doctype in doctypes:
			if not frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0}):
				add_permission(doctype, role, 0, "read")
				if doctype in ERPNEXT_REPORT.get(role, ()):
					update_permission_property(doctype, role, 0, "report", 1)
	# sites installed before the roles could run the reports: the app's own read rows get "report"
	for role, doctypes in ERPNEXT_REPORT.items():
		for name in frappe.get_all(
			"Custom DocPerm",
			filters={"parent": ("in", doctypes), "role": role, "permlevel": 0, "read": 1, "report": 0},
			pluck="parent",
		):
			update_permission_property(name, role, 0, "report", 1)


def store_settings_defaults():
	"""Write the defaults of Foreign Trade Settings fields never saved yet (a Single keeps none until saved)."""
	doctype = "Foreign Trade Settings"
	stored = frappe.db.get_singles_dict(doctype)
	missing = {
		df.fieldname: df.default
		for df in frappe.get_meta(doctype).fields
		if df.default is not None and df.fieldname not in stored
	}
	if missing:
		frappe.db.set_single_value(doctype, missing)


def create_claim_reasons():
	"""The standard claim reasons (seed 000 §6.6), unless they exist; admins may add, rename or disable."""
	from foreign_trade_crm.rules.claims import REASONS

	for name, description in REASONS:
		if not frappe.db.exists("Claim Reason", name):
			frappe.get_doc(
				{"doctype": "Claim Reason", "reason_name": name, "description": description}
			).insert(ignore_permissions=True)


def create_email_templates():
	"""The buyer reminder templates, unless they exist, and the settings pointing at them when unset."""
	from foreign_trade_crm.constants.email_templates import EMAIL_TEMPLATES, SETTINGS_DEFAULTS

	for name, (subject, html) in EMAIL_TEMPLATES.items():
		if not frappe.db.exists("Email Template", name):
			frappe.get_doc(
				{
					"doctype": "Email Template",
					"name": name,
					"subject": subject,
					"use_html": 1,
					"response_html": html,
				}
			).insert(ignore_permissions=True)
	stored = frappe.db.get_singles_dict("Foreign Trade Settings")
	missing = {field: name for field, name in SETTINGS_DEFAULTS.items() if not stored.get(field)}
	if missing:
		frappe.db.set_single_value("Foreign Trade Settings", missing)


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role["role_name"]):
			frappe.get_doc({"doctype": "Role", **role}).insert(ignore_permissions=True)


#: ERPNext's own portal pages for what the app's trade pages do for an export buyer, one entry per thing
#: a buyer does (quotations: Quotation Replies; orders: Contracts; invoices: Receivables; shipments:
#: Shipment Notices; issues: Feedback and Claims), and those no export buyer uses (projects, timesheets,
#: material requests, newsletters, addresses: the buyer's customer keeps its addresses with us). Hidden on
#: install; uninstall shows again exactly those it hid (kept in a global default); an admin may show any
#: of them again in Portal Settings.
ERPNEXT_HIDDEN_PAGES = (
	"/quotations",
	"/orders",
	"/invoices",
	"/shipments",
	"/issues",
	"/project",
	"/timesheets",
	"/material-requests",
	"/newsletters",
	"/addresses",
)
HIDDEN_KEY = "foreign_trade_crm_hidden_portal_pages"


def hide_erpnext_portal_pages(routes: tuple[str, ...] = ERPNEXT_HIDDEN_PAGES) -> list[str]:
	"""Hide those of ``routes`` (ERPNEXT_HIDDEN_PAGES) that are shown; remember which, for uninstall."""
	settings = frappe.get_single("Portal Settings")
	settings.sync_menu()
	hidden = [item.route for item in settings.menu if item.route in routes and item.enabled]
	for item in settings.menu:
		if item.route in hidden:
			item.enabled = 0
	if hidden:
		settings.save(ignore_permissions=True)
	before = set(frappe.parse_json(frappe.db.get_global(HIDDEN_KEY) or "[]"))
	frappe.db.set_global(HIDDEN_KEY, frappe.as_json(sorted(before | set(hidden))))
	return hidden


def show_erpnext_portal_pages() -> None:
	"""Uninstall: show again the pages install hid, and only those."""
	hidden = set(frappe.parse_json(frappe.db.get_global(HIDDEN_KEY) or "[]"))
	settings = frappe.get_single("Portal Settings")
	for item in settings.menu:
		if item.route in hidden:
			item.enabled = 1
	if hidden:
		settings.save(ignore_permissions=True)
	frappe.db.set_global(HIDDEN_KEY, None)


FOOTER_KEY = "foreign_trade_crm_hid_footer_signup"
REDIRECTS_KEY = "foreign_trade_crm_route_redirects"


def tidy_buyers_website() -> None:
	"""What the website shows a buyer around the trade pages: no newsletter sign-up in the footer (the
	company writes to its buyers itself), and ERPNext's pages no longer in the menu (constants/portal.py,
	MOVED_PAGES), when reached by their address, sent through www/trade/moved (Website Settings → Route
	Redirects), which takes a buyer to the trade page for the same thing and anyone else on to ERPNext's.
	Uninstall undoes exactly what this did (kept in global defaults)."""
	from foreign_trade_crm.constants.portal import MOVED_PAGES

	settings = frappe.get_single("Website Settings")
	changed = False
	if not settings.hide_footer_signup:
		settings.hide_footer_signup = 1
		frappe.db.set_global(FOOTER_KEY, "1")
		changed = True
	sources = {(row.source or "").strip("/ ") for row in settings.route_redirects}
	added = [page for page in MOVED_PAGES if page not in sources]
	for page in added:
		settings.append(
			"route_redirects",
			{"source": page, "target": f"/trade/moved?from={page}", "redirect_http_status": "302"},
		)
	if added:
		before = set(frappe.parse_json(frappe.db.get_global(REDIRECTS_KEY) or "[]"))
		frappe.db.set_global(REDIRECTS_KEY, frappe.as_json(sorted(before | set(added))))
		changed = True
	if changed:
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)
		frappe.cache.delete_value("website_redirects")


def untidy_buyers_website() -> None:
	"""Uninstall: the footer sign-up and the route redirects as they were before tidy_buyers_website."""
	settings = frappe.get_single("Website Settings")
	changed = False
	if frappe.db.get_global(FOOTER_KEY):
		settings.hide_footer_signup = 0
		changed = True
	added = set(frappe.parse_json(frappe.db.get_global(REDIRECTS_KEY) or "[]"))
	ours = [
		row
		for row in settings.route_redirects
		if (row.source or "").strip("/ ") in added and (row.target or "").startswith("/trade/moved")
	]
	for row in ours:
		settings.remove(row)
	if ours:
		changed = True
	if changed:
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)
		frappe.cache.delete_value("website_redirects")
	frappe.db.set_global(FOOTER_KEY, None)
	frappe.db.set_global(REDIRECTS_KEY, None)
