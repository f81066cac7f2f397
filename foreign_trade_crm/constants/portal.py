"""What the buyers' portal (www/trade) shows from its browser scripts.

Frappe's website pages load no translations for scripts, so each trade page hands its scripts these
words in the buyer's language (templates/trade/messages.html): every ``__()`` of the portal's own
scripts, and the words of Frappe's message dialog and of ``frappe.call`` on a website page.
"""

JS_MESSAGES = (
	# www/trade, templates/trade
	"Why not? (optional)",
	"Your counter-offer",
	"Remove",
	"about {0} days",
	"The file could not be read",
	"The file could not be sent; check the connection and add it again",
	"These files were not attached:",
	# public/js/trade_portal.js
	"Enter the date as {0}",
	"Pick a date",
	# Frappe: frappe.msgprint and frappe.call on a website page
	"Message",
	"Close",
	"Not found",
	"Not permitted",
)

#: ERPNext's own pages that are not in a buyer's menu (install.py, ERPNEXT_HIDDEN_PAGES) but may be reached
#: by their address: where www/trade/moved sends a buyer (the trade page for the same thing) and anyone
#: else (the ERPNext page, by an address that is not redirected)
MOVED_PAGES = {
	"issues": ("/trade/feedback", "/issues/list"),
	"addresses": ("/me", "/list?doctype=Address"),
}
