"""Every field the app adds to ERPNext doctypes, in one place.

Created in ``after_install`` / ``after_migrate`` with Frappe's
``create_custom_fields`` and removed, exactly these, in ``before_uninstall``.
"""

CUSTOM_FIELDS = {
	"Sales Invoice": [
		{
			"fieldname": "foreign_trade_section",
			"label": "Foreign Trade",
			"fieldtype": "Section Break",
			"insert_after": "amended_from",
			"collapsible": 1,
		},
		{
			"fieldname": "shipment_notice",
			"label": "Shipment Notice",
			"fieldtype": "Link",
			"options": "Shipment Notice",
			"insert_after": "foreign_trade_section",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"in_standard_filter": 1,
		},
		{
			"fieldname": "bl_date",
			"label": "B/L Date",
			"fieldtype": "Date",
			"insert_after": "shipment_notice",
			"no_copy": 1,
			"description": "Bill of lading date of the shipment this invoice bills.",
		},
		{
			"fieldname": "foreign_trade_column",
			"fieldtype": "Column Break",
			"insert_after": "bl_date",
		},
		{
			"fieldname": "expected_collection_date",
			"label": "Expected Collection Date",
			"fieldtype": "Date",
			"insert_after": "foreign_trade_column",
			"no_copy": 1,
			"search_index": 1,
			"description": "When the buyer's payment is expected: B/L date plus the credit days of the payment terms.",
		},
		{
			"fieldname": "trade_claim",
			"label": "Trade Claim",
			"fieldtype": "Link",
			"options": "Trade Claim",
			"insert_after": "expected_collection_date",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"description": "The trade claim this credit note settles.",
		},
	],
	"Sales Invoice Item": [
		{
			"fieldname": "export_contract",
			"label": "Export Contract",
			"fieldtype": "Link",
			"options": "Export Contract",
			"insert_after": "sales_order",
			# a shipment's line keeps its notice's contract; a line typed by hand (a credit note's) may change
			"read_only_depends_on": "eval:doc.shipment_notice_item",
			"no_copy": 1,
		},
		{
			"fieldname": "export_contract_item",
			"label": "Export Contract Item",
			"fieldtype": "Data",
			"insert_after": "export_contract",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
		},
		{
			"fieldname": "shipment_notice_item",
			"label": "Shipment Notice Item",
			"fieldtype": "Data",
			"insert_after": "export_contract_item",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
		},
	],
	"Purchase Invoice Item": [
		{
			"fieldname": "export_rebate_rate",
			"label": "Export VAT Rebate Rate",
			"fieldtype": "Percent",
			"insert_after": "item_tax_rate",
			"read_only": 1,
			"no_copy": 1,
			"description": "The item's export VAT rebate rate when this invoice was submitted; the contract's "
			"profit counts the rebate at this rate.",
		},
	],
	"Purchase Order Item": [
		{
			"fieldname": "export_contract",
			"label": "Export Contract",
			"fieldtype": "Link",
			"options": "Export Contract",
			"insert_after": "sales_order_item",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
		},
		{
			"fieldname": "export_contract_item",
			"label": "Export Contract Item",
			"fieldtype": "Data",
			"insert_after": "export_contract",
			"read_only": 1,
			"hidden": 1,
			"no_copy": 1,
			"search_index": 1,
		},
	],
	"Item": [
		{
			"fieldname": "export_rebate_rate",
			"label": "Export VAT Rebate Rate",
			"fieldtype": "Percent",
			"insert_after": "customs_tariff_number",
			"description": "The share of the net purchase price refunded as VAT when the item is exported "
			"(出口退税率); a contract's profit counts it.",
		},
	],
	"Journal Entry": [
		{
			"fieldname": "trade_claim",
			"label": "Trade Claim",
			"fieldtype": "Link",
			"options": "Trade Claim",
			"insert_after": "cheque_date",
			"read_only": 1,
			"no_copy": 1,
			"search_index": 1,
			"description": "The trade claim this entry settles.",
		},
	],
	"Quotation": [
		{
			"fieldname": "reply_due_date",
			"label": "Reply Due Date",
			"fieldtype": "Date",
			"insert_after": "valid_till",
			"allow_on_submit": 1,
			"search_index": 1,
			"no_copy": 1,
			"description": "When the buyer's answer is due; by default the quotation date plus the reply days in "
			"Foreign Trade Settings. Unanswered after it, the sales person is reminded.",
		},
		{
			"fieldname": "buyer_reply_section",
			"label": "Buyer's Reply",
			"fieldtype": "Section Break",
			"insert_after": "amended_from",
			"collapsible": 1,
		},
		{
			"fieldname": "buyer_reply",
			"label": "Buyer's Reply",
			"fieldtype": "Select",
			"options": "\nAccepted\nDeclined\nCounter-offer",
			"insert_after": "buyer_reply_section",
			"allow_on_submit": 1,
			"no_copy": 1,
			"in_standard_filter": 1,
		},
		{
			"fieldname": "buyer_reply_date",
			"label": "Reply Date",
			"fieldtype": "Date",
			"insert_after": "buyer_reply",
			"allow_on_submit": 1,
			"no_copy": 1,
			"mandatory_depends_on": "eval:doc.buyer_reply",
		},
		{
			"fieldname": "buyer_reply_column",
			"fieldtype": "Column Break",
			"insert_after": "buyer_reply_date",
		},
		{
			"fieldname": "buyer_reply_comment",
			"label": "Buyer's Comment",
			"fieldtype": "Small Text",
			"insert_after": "buyer_reply_column",
			"allow_on_submit": 1,
			"no_copy": 1,
		},
	],
	"Customer": [
		{
			"fieldname": "send_buyer_reminders",
			"label": "E-mail Reminders to the Buyer",
			"fieldtype": "Check",
			"insert_after": "email_id",
			"description": "Send this buyer's contact (the e-mail above) reminders of quotations to answer, "
			"contracts to countersign and payments overdue, in the customer's language.",
		},
		{
			"fieldname": "send_contact_greetings",
			"label": "Send Greetings to Contacts",
			"fieldtype": "Check",
			"insert_after": "send_buyer_reminders",
			"description": "E-mail this customer's contacts a greeting on their birthdays and other dates "
			"(Contact → Dates), in the customer's language (Foreign Trade Settings → Contact Care).",
		},
	],
	"Contact": [
		{
			"fieldname": "contact_dates_section",
			"label": "Dates",
			"fieldtype": "Section Break",
			"insert_after": "links",
			"description": "Birthdays and anniversaries: the customer's sales person is reminded ahead of "
			"each (Foreign Trade Settings → Contact Care).",
		},
		{
			"fieldname": "contact_dates",
			"label": "Dates",
			"fieldtype": "Table",
			"options": "Contact Date",
			"insert_after": "contact_dates_section",
		},
	],
}
