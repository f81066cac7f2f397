app_name = "foreign_trade_crm"
app_title = "Foreign Trade CRM"
app_publisher = "Foreign Trade CRM contributors"
app_description = "Export contracts, shipments, receivables, claims, alerts and a buyer portal on ERPNext"
app_email = "dev@foreign-trade-crm.invalid"
app_license = "mit"

from foreign_trade_crm.constants import customers

# "org/name" needs no look-up on GitHub at install time (plain "erpnext" does)
required_apps = ["frappe/erpnext"]

# Install, migrate, uninstall
# ---------------------------
before_install = "foreign_trade_crm.install.before_install"
after_install = "foreign_trade_crm.install.after_install"
after_migrate = "foreign_trade_crm.install.after_migrate"
before_uninstall = "foreign_trade_crm.uninstall.before_uninstall"

# Tests: ERPNext's test world (company, fiscal year, chart of accounts), then the app's sample world
# (sample_world/world.py)
before_tests = "foreign_trade_crm.tests.factories.before_tests"

# ERPNext forms
# -------------
doctype_js = {
	"Quotation": "public/js/quotation.js",
	"Sales Invoice": "public/js/sales_invoice.js",
	"Customer": "public/js/customer.js",
	"Sales Person": "public/js/sales_person.js",
	"Payment Entry": "public/js/payment_entry.js",
}
doctype_list_js = {"Lead": "public/js/lead_list.js"}
app_include_js = [
	"/assets/foreign_trade_crm/js/collection.js",
	"/assets/foreign_trade_crm/js/excel.js",
	"/assets/foreign_trade_crm/js/letter_of_credit.js",
	# Select values in the activity log in the user's language
	"/assets/foreign_trade_crm/js/timeline.js",
]

# Customer → Connections lists the customer's export documents too
override_doctype_dashboards = {"Customer": "foreign_trade_crm.overrides.customer.dashboard"}

# What the app does on ERPNext's and Frappe's own documents (the app's doctypes have their events in
# their controllers)
doc_events = {
	# the Hand Over dialog's kinds of document, as the server moves them (services/handover.py)
	"Sales Person": {"onload": "foreign_trade_crm.services.handover.sales_person_onload"},
	"Customer": {
		"onload": "foreign_trade_crm.overrides.customer.onload",
		# its sales team decides who sees it (services/isolation.py)
		"on_update": "foreign_trade_crm.services.isolation.clear_cache",
	},
	"Quotation": {
		"validate": "foreign_trade_crm.overrides.quotation.set_reply_due_date",
		"before_update_after_submit": "foreign_trade_crm.overrides.quotation.set_reply_due_date",
		"on_submit": "foreign_trade_crm.services.order_requests.quotation_submitted",
		"on_cancel": "foreign_trade_crm.services.order_requests.quotation_cancelled",
	},
	"Payment Entry": {
		"validate": "foreign_trade_crm.overrides.payment_entry.validate",
		# a collection under a letter of credit shows on its presentation
		"on_submit": "foreign_trade_crm.services.letter_of_credit_presentation.on_payment_change",
		"on_cancel": "foreign_trade_crm.services.letter_of_credit_presentation.on_payment_change",
		# reconciled after it was submitted: what it settles, so its contracts' profit, changed
		"on_update_after_submit": "foreign_trade_crm.services.profit_ledger.settlement_changed",
	},
	"Journal Entry": {
		"on_update_after_submit": "foreign_trade_crm.services.profit_ledger.settlement_changed"
	},
	"Unreconcile Payment": {"on_submit": "foreign_trade_crm.services.profit_ledger.settlement_changed"},
	# every ledger row posted keeps its contracts' booked profit (services/profit_ledger.py)
	"GL Entry": {"after_insert": "foreign_trade_crm.services.profit_ledger.gl_entry_posted"},
	# every file uploaded to the app's documents is judged by its bytes first (services/files.py)
	"File": {"before_insert": "foreign_trade_crm.services.files.file_before_insert"},
	# what website users write through the REST API is plain text, linked to their own customers only
	# (services/text.py)
	"User": {"validate": "foreign_trade_crm.services.text.guard_user"},
	"Contact": {"validate": "foreign_trade_crm.services.text.guard_contact_or_address"},
	"Address": {"validate": "foreign_trade_crm.services.text.guard_contact_or_address"},
	# ordered / received qty and progress stage of the export contracts they buy for
	"Purchase Order": {
		"on_submit": "foreign_trade_crm.services.purchasing.on_purchase_change",
		"on_cancel": "foreign_trade_crm.services.purchasing.on_purchase_change",
	},
	# lines bought on a contract's purchase order, and returns' lines, carry their Export Contract
	# dimension (services/dimension.py)
	"Purchase Receipt": {
		"validate": "foreign_trade_crm.services.dimension.tag_lines",
		"on_submit": "foreign_trade_crm.services.purchasing.on_purchase_change",
		"on_cancel": "foreign_trade_crm.services.purchasing.on_purchase_change",
	},
	"Purchase Invoice": {"validate": "foreign_trade_crm.services.dimension.tag_lines"},
	"Sales Invoice": {"validate": "foreign_trade_crm.services.dimension.tag_lines"},
}

# Foreign Trade Settings → Sales Users See Only Their Own Customers (services/isolation.py):
# lists and reports (query conditions) and single documents (has_permission, which only refuses)
permission_query_conditions = {
	doctype: "foreign_trade_crm.services.isolation.query_conditions" for doctype in customers.ISOLATED
}
has_permission = {
	doctype: "foreign_trade_crm.services.isolation.has_permission" for doctype in customers.ISOLATED
}

# every kind of daily alert runs in one job (services/alerts.py), beside two other daily jobs
scheduler_events = {
	"daily": [
		"foreign_trade_crm.services.alerts.run_daily",
		# open order requests ranked again: the customers' records change every day
		"foreign_trade_crm.services.order_review.rank_open_requests",
		# credits past their expiry read Expired
		"foreign_trade_crm.services.letter_of_credit.expire_credits",
		# the contracts' kept profit read from the ledger again, put right where it differs
		"foreign_trade_crm.services.profit_ledger.daily_check",
	],
	# long jobs whose worker died run again, the user told (services/jobs.py)
	"cron": {"*/5 * * * *": ["foreign_trade_crm.services.jobs.recover_stalled_jobs"]},
}

# Frappe's own whitelisted methods that check no permission (overrides/client.py)
override_whitelisted_methods = {"frappe.client.get_count": "foreign_trade_crm.overrides.client.get_count"}

# a buyer lands on the trade overview (www/trade/index), not on /me
get_website_user_home_page = "foreign_trade_crm.services.portal_pages.home_page"

# the buyers' portal (www/trade): its tables stack into cards on a phone
web_include_css = ["/assets/foreign_trade_crm/css/trade_portal.css"]
web_include_js = ["/assets/foreign_trade_crm/js/trade_portal.js"]

# the buyers' portal (www/trade): menu entries for website users with ERPNext's Customer role
portal_menu_items = [
	{"title": "Overview", "route": "/trade", "role": "Customer"},
	{"title": "Request an Order", "route": "/trade/order-requests", "role": "Customer"},
	{"title": "Contracts", "route": "/trade/contracts", "role": "Customer"},
	{"title": "Quotation Replies", "route": "/trade/quotations", "role": "Customer"},
	{"title": "Shipment Notices", "route": "/trade/shipments", "role": "Customer"},
	{"title": "Receivables", "route": "/trade/receivables", "role": "Customer"},
	{"title": "Claims", "route": "/trade/claims", "role": "Customer"},
	{"title": "Letters of Credit", "route": "/trade/credits", "role": "Customer"},
	{"title": "Feedback", "route": "/trade/feedback", "role": "Customer"},
	# also in a phone's menu, which shows these entries only (the wide sidebar's own is hidden by the CSS)
	{"title": "My Account", "route": "/me", "role": "Customer"},
]
website_route_rules = [
	{"from_route": "/trade/contracts/<name>", "to_route": "trade/contract"},
	{"from_route": "/trade/shipments/<name>", "to_route": "trade/shipment"},
	{"from_route": "/trade/claims/<name>", "to_route": "trade/claim"},
	{"from_route": "/trade/order-requests", "to_route": "trade/order_requests"},
	{"from_route": "/trade/order-requests/<name>", "to_route": "trade/order_request"},
	{"from_route": "/trade/credits/<name>", "to_route": "trade/credit"},
]
has_website_permission = {
	"Export Contract": "foreign_trade_crm.services.portal.has_website_permission",
	"Shipment Notice": "foreign_trade_crm.services.portal.has_website_permission",
	"Trade Claim": "foreign_trade_crm.services.portal.has_website_permission",
	"Customer Feedback": "foreign_trade_crm.services.portal.has_website_permission",
	"Order Request": "foreign_trade_crm.services.portal.has_website_permission",
	"Letter of Credit": "foreign_trade_crm.services.portal.has_website_permission",
}
