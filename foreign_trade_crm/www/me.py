"""My Account (Frappe's /me, whose page this replaces): the same, except that "Manage third party apps" is
offered only on a site with an OAuth client, the only way a user can have authorised a third-party app."""

import frappe
from frappe.www.me import get_context as frappe_context

no_cache = 1


def get_context(context):
	frappe_context(context)
	context.show_third_party_apps = bool(frappe.db.count("OAuth Client"))
	return context
