# Copyright (c) 2026, Foreign Trade CRM contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ShipmentNoticeItem(Document):
	def get_invalid_links(self, is_submittable=False):
		"""Links of notice lines are checked set-wise by the notice (services.shipment.check_notice):
		contracts must exist and be submitted, items and units must exist. Frappe's own check
		would run one query per line and link."""
		return [], []
