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
