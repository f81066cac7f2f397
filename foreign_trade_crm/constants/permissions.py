"""Read access the app's roles need on ERPNext's own doctypes.

Links, mappers and reports check read permission on the documents they name (a report
with a Customer column refuses a user who cannot read Customer). Granted on install and
migrate as Custom DocPerm rows, which admins may change in Role Permission Manager;
removed on uninstall with the roles.
"""

from foreign_trade_crm.constants.roles import EXPORT_ACCOUNTS_USER, EXPORT_SALES_MANAGER, EXPORT_SALES_USER

MASTERS = (
	"Customer",
	"Item",
	"Company",
	"Currency",
	"Sales Person",
	"Incoterm",
	"Payment Terms Template",
	"UOM",
	"Contact",
)

ERPNEXT_READ = {
	EXPORT_SALES_USER: (*MASTERS, "Quotation", "Sales Invoice"),
	EXPORT_SALES_MANAGER: (*MASTERS, "Quotation", "Sales Invoice"),
	EXPORT_ACCOUNTS_USER: (*MASTERS, "Sales Invoice"),
}

#: the doctypes whose reports each role runs (Frappe asks for "report" on a report's ref_doctype):
#: Export Receivables and the workspace's Receivables Ageing chart are reports on Sales Invoice
ERPNEXT_REPORT = {
	EXPORT_SALES_USER: ("Sales Invoice",),
	EXPORT_SALES_MANAGER: ("Sales Invoice",),
	EXPORT_ACCOUNTS_USER: ("Sales Invoice",),
}
