// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Contract Profit"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Contract", label: __("Contract") },
				{ value: "Customer", label: __("Customer") },
				{ value: "Sales Person", label: __("Sales Person") },
				{ value: "Month", label: __("Month") },
			],
			default: "Contract",
			reqd: 1,
		},
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "sales_person",
			label: __("Sales Person"),
			fieldtype: "Link",
			options: "Sales Person",
		},
		{
			fieldname: "contract",
			label: __("Export Contract"),
			fieldtype: "Link",
			options: "Export Contract",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const signed = [
			"profit",
			"forecast_profit",
			"forecast_margin",
			"variance",
			"shipped_profit",
			"shipped_margin",
		];
		if (data && signed.includes(column.fieldname) && data[column.fieldname] < 0) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		} else if (data && column.fieldname === "variance" && data.variance > 0) {
			value = `<span style="color: var(--green-600)">${value}</span>`;
		}
		if (data && data.rest) value = `<i>${value}</i>`; // what the contracts' vouchers book for no contract
		return data && data.bold ? `<b>${value}</b>` : value;
	},
};
