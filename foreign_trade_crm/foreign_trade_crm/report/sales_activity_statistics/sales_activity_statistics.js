// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Sales Activity Statistics"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Sales Person", label: __("Sales Person") },
				{ value: "Sales Person and Month", label: __("Sales Person and Month") },
				{ value: "Month", label: __("Month") },
			],
			default: "Sales Person",
			reqd: 1,
		},
		{
			fieldname: "sales_person",
			label: __("Sales Person"),
			fieldtype: "Link",
			options: "Sales Person",
		},
	],
};
