"""Sales users see only their own customers' documents.

Isolation (Foreign Trade Settings → Sales Users See Only Their Own Customers): a user with
Export Sales User and none of Export Sales Manager, Export Accounts User or System Manager
sees only "their" customers, the customers

- whose Sales Team (Customer → Sales Team) has a Sales Person whose Employee is the user, or
- whose Account Manager is the user,

and only those customers' contracts, shipment notices, claims, feedback, order requests, quotations and
letters of credit (constants/customers.py, ISOLATED). Lists and reports go through ``query_conditions`` (hooks
``permission_query_conditions``), single documents through ``has_permission`` (hooks
``has_permission``), which only refuses: what the role permissions refuse stays refused.

A sales person's open work moves to another with ``services.handover``.
"""

from __future__ import annotations

import frappe
from frappe.utils import cint

from foreign_trade_crm.constants.customers import ISOLATED
from foreign_trade_crm.constants.roles import EXPORT_ACCOUNTS_USER, EXPORT_SALES_MANAGER, EXPORT_SALES_USER

SETTING = "restrict_sales_users_to_own_customers"
UNRESTRICTED_ROLES = frozenset({EXPORT_SALES_MANAGER, EXPORT_ACCOUNTS_USER, "System Manager"})

_CACHE_KEY = "ftc_own_customers"


# Isolation
# ---------


def is_restricted(user: str | None = None) -> bool:
	"""Whether the setting is on and the user is a sales user without a wider role."""
	user = user or frappe.session.user
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	if EXPORT_SALES_USER not in roles or roles & UNRESTRICTED_ROLES:
		return False
	return bool(cint(frappe.db.get_single_value("Foreign Trade Settings", SETTING)))


def own_customers(user: str | None = None) -> frozenset[str]:
	"""The user's customers (sales team through the Employee, or account manager): one query, cached for the request."""
	user = user or frappe.session.user
	cache = frappe.flags.setdefault(_CACHE_KEY, {})
	if user not in cache:
		rows = frappe.db.sql(
			"""
			select c.name from `tabCustomer` c where c.account_manager = %(user)s
			union
			select st.parent from `tabSales Team` st
				join `tabSales Person` sp on sp.name = st.sales_person
				join `tabEmployee` e on e.name = sp.employee
			where st.parenttype = 'Customer' and e.user_id = %(user)s
			""",
			{"user": user},
		)
		cache[user] = frozenset(r[0] for r in rows)
	return cache[user]


def clear_cache(doc=None, method=None) -> None:
	"""Forget the cached customers (a Customer's sales team changed, or a handover)."""
	frappe.flags.pop(_CACHE_KEY, None)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""SQL condition for lists and reports: "" when nothing is restricted."""
	field = ISOLATED.get(doctype)
	if not field or not is_restricted(user):
		return ""
	table = f"`tab{doctype}`"
	customers = sorted(own_customers(user))
	if customers:
		values = ", ".join(frappe.db.escape(c) for c in customers)
		condition = f"{table}.`{field}` in ({values})"
	else:
		condition = "1 = 0"
	if doctype == "Quotation":
		# quotations to leads name no customer
		return f"(ifnull({table}.`quotation_to`, '') != 'Customer' or {condition})"
	return f"({condition})"


def has_permission(doc, ptype: str | None = None, user: str | None = None):
	"""False for another sales person's customer's document; None leaves it to the role permissions."""
	field = ISOLATED.get(doc.doctype)
	if not field or not is_restricted(user):
		return None
	if doc.doctype == "Customer" and doc.is_new():
		return None
	if doc.doctype == "Quotation" and doc.get("quotation_to") != "Customer":
		return None
	customer = doc.get(field)
	if not customer:  # a new document without its customer yet
		return None
	return None if customer in own_customers(user) else False
