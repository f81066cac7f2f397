# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class LetterofCreditFinding(Document):
	pass
