# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

from frappe.model.document import Document


class LeadImport(Document):
	"""A list of leads imported with de-duplication; the work is in services/lead_import.py."""

	def validate(self):
		# another file (or other settings) after a check: the plan shown no longer holds
		if self.status == "Checked" and (
			self.has_value_changed("import_file") or self.has_value_changed("default_country")
		):
			self.status = "Not Started"
			self.set("results", [])
			self.created = self.merged = self.skipped = self.set_aside = 0
