from urllib.parse import urlencode

import frappe
from frappe import _

from foreign_trade_crm.services import portal
from foreign_trade_crm.services.portal_pages import money


def get_context(context):
	args = frappe.form_dict
	data = portal.receivables(
		invoice=(args.get("invoice") or "").strip() or None,
		cutoff=args.get("cutoff"),
		category=args.get("category"),
	)
	context.update(
		{
			"no_cache": 1,
			"money": money,
			"show_sidebar": True,
			"title": _("Receivables"),
			"rows": data["rows"],
			"cutoff": str(data["cutoff"]),
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
