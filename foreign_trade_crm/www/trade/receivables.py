from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import formatdate, get_user_date_format

from foreign_trade_crm.rules.date_format import parse
from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import js_messages, money


def get_context(context):
	args = frappe.form_dict
	# the as-of date as the buyer typed it, in the site's date format (or yyyy-mm-dd, as links send it)
	try:
		cutoff = parse(args.get("cutoff"), get_user_date_format())
	except ValueError:
		frappe.throw(_("Enter the date as {0}").format(get_user_date_format()))
	data = portal.receivables(
		invoice=(args.get("invoice") or "").strip() or None,
		cutoff=str(cutoff) if cutoff else None,
		category=args.get("category"),
	)
	context.update(
		{
			"no_cache": 1,
			"money": money,
			"js_messages": js_messages(),
			"show_sidebar": True,
			"title": _("Receivables"),
			"rows": data["rows"],
			"cutoff": str(data["cutoff"]),
			"cutoff_shown": formatdate(data["cutoff"]),
			"date_format": get_user_date_format(),
			"category": args.get("category") or "All",
			"categories": [(c, _(c)) for c in data["categories"]],
			"invoice": args.get("invoice") or "",
			"excel_url": "/api/method/foreign_trade_crm.services.portal.download_receivables?"
			+ urlencode(
				{
					"invoice": args.get("invoice") or "",
					"cutoff": str(data["cutoff"]),
					"category": args.get("category") or "",
				}
			),
		}
	)
	return context
