"""Roles the app creates on install and removes on uninstall.

Portal buyers use ERPNext's own "Customer" role; it is not ours to create.
"""

EXPORT_SALES_USER = "Export Sales User"
EXPORT_SALES_MANAGER = "Export Sales Manager"
EXPORT_ACCOUNTS_USER = "Export Accounts User"

ROLES = (
	{"role_name": EXPORT_SALES_USER, "desk_access": 1},
	{"role_name": EXPORT_SALES_MANAGER, "desk_access": 1},
	{"role_name": EXPORT_ACCOUNTS_USER, "desk_access": 1},
)
