"""Uninstall: remove exactly what install added to ERPNext doctypes, and our roles."""

import frappe

from foreign_trade_crm.constants.custom_fields import CUSTOM_FIELDS
from foreign_trade_crm.constants.roles import ROLES
from foreign_trade_crm.services.receivables import drop_ledger_index


def before_uninstall():
	from foreign_trade_crm.install import show_erpnext_portal_pages, untidy_buyers_website

	show_erpnext_portal_pages()
	untidy_buyers_website()
	remove_dimension()
	delete_custom_fields()
	drop_ledger_index()
	delete_email_templates()
	delete_roles()


def remove_dimension():
	from foreign_trade_crm.services.dimension import remove_dimension as remove

	remove()


def delete_email_templates():
	from foreign_trade_crm.constants.email_templates import EMAIL_TEMPLATES

	for name in EMAIL_TEMPLATES:
		frappe.delete_doc("Email Template", name, ignore_missing=True, ignore_permissions=True, force=True)


def delete_custom_fields():
	for doctype, fields in CUSTOM_FIELDS.items():
		names = [f"{doctype}-{field['fieldname']}" for field in fields]
		for name in names:
			frappe.delete_doc("Custom Field", name, ignore_missing=True, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)


def delete_roles():
	roles = [role["role_name"] for role in ROLES]
	frappe.db.delete("Has Role", {"role": ("in", roles)})
	frappe.db.delete("Custom DocPerm", {"role": ("in", roles)})
	for role in roles:
		frappe.delete_doc("Role", role, ignore_missing=True, ignore_permissions=True, force=True)
