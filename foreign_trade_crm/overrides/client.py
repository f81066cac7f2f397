"""Frappe's own whitelisted methods, where Frappe v15 checks no permission.

``frappe.client.get_count`` counts any doctype with any filters for any logged-in user: a buyer could ask
"is there a contract of customer X for amount Y" and read 1 or 0. Here it counts only what the user may
list: a desk user through Frappe's permission-checked list query (the app's sales isolation included), a
buyer only their own customers' documents of the doctypes the portal shows, and nothing else.
"""

import frappe
from frappe import _
from frappe.client import get_safe_filters
from frappe.utils.data import make_filter_tuple

from foreign_trade_crm.constants.customers import PORTAL
from foreign_trade_crm.services import portal


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	filters = get_safe_filters(filters) or {}
	if isinstance(filters, dict):
		filters = [make_filter_tuple(doctype, key, value) for key, value in filters.items()]
	if frappe.get_cached_value("User", frappe.session.user, "user_type") == "Website User":
		field = PORTAL.get(doctype)
		if not field:
			raise frappe.PermissionError(_("Not permitted to count {0}").format(_(doctype)))
		filters = [*filters, [doctype, field, "in", portal.customers_of() or [""]]]
		rows = frappe.get_all(doctype, filters=filters, fields=["count(*) as total"])
	else:
		# permission-checked, as the desk's list view counts (frappe.desk.reportview.get_count)
		rows = frappe.get_list(doctype, filters=filters, fields=["count(*) as total"])
	return rows[0].total if rows else 0
