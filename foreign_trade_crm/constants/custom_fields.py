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
			"read_only": 1,
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
}
