# Copyright (c) 2026, Foreign Trade CRM contributors and Contributors
# See license.txt

# import frappe
from frappe.tests.utils import FrappeTestCase


class TestLeadImport(FrappeTestCase):
	pass
