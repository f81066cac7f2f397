"""Install and migrate: roles first (doctype permissions name them), custom fields after."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from foreign_trade_crm.constants.custom_fields import CUSTOM_FIELDS
from foreign_trade_crm.constants.roles import ROLES


def before_install():
	create_roles()


def after_install():
	create_custom_fields(CUSTOM_FIELDS, update=True)


def after_migrate():
	create_roles()
	create_custom_fields(CUSTOM_FIELDS, update=True)


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role["role_name"]):
			frappe.get_doc({"doctype": "Role", **role}).insert(ignore_permissions=True)
