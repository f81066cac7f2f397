"""ERPNext's pages that are not in a buyer's menu, reached by their address (Website Settings → Route
Redirects, install.py tidy_buyers_website): a buyer goes on to the trade page for the same thing, anyone
else to ERPNext's page (constants/portal.py, MOVED_PAGES)."""

import frappe

from foreign_trade_crm.constants.portal import MOVED_PAGES
from foreign_trade_crm.services import portal

no_cache = 1


def get_context(context):
	buyer_page, other_page = MOVED_PAGES.get(frappe.form_dict.get("from"), ("/trade", "/me"))
	frappe.local.flags.redirect_location = buyer_page if portal.customers_of() else other_page
	raise frappe.Redirect(302)
