frappe.query_reports["Contract Delivery Status"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "export_contract",
			label: __("Export Contract"),
			fieldtype: "Link",
			options: "Export Contract",
			get_query: () => {
				const customer = frappe.query_report.get_filter_value("customer");
				return { filters: Object.assign({ docstatus: 1 }, customer ? { customer } : {}) };
			},
		},
		{ fieldname: "item_code", label: __("Item"), fieldtype: "Link", options: "Item" },
		{ fieldname: "customer_item_code", label: __("Customer Item Code"), fieldtype: "Data" },
		{
			fieldname: "delivery_status",
			label: __("Delivery Status"),
			fieldtype: "Select",
			options: ["", "Not Shipped", "Partly Shipped", "Fully Shipped"],
		},
		{ fieldname: "from_date", label: __("Contract Date From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Contract Date To"), fieldtype: "Date" },
		{
			fieldname: "sales_person",
			label: __("Sales Person"),
			fieldtype: "Link",
			options: "Sales Person",
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["", "Contract", "Customer"],
		},
		{ fieldname: "include_closed", label: __("Include Closed Contracts"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (data.is_group || data.is_total_row) value = `<b>${value}</b>`;
		if (column.fieldname === "delivery_status" && data.delivery_status) {
			const color = {
				"Fully Shipped": "green",
				"Partly Shipped": "orange",
				"Not Shipped": "red",
			}[data.delivery_status];
			value = `<span class="indicator-pill ${color}">${__(data.delivery_status)}</span>`;
		}
		if (column.fieldname === "days_left" && data.days_left < 0) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
	tree: true,
	name_field: "export_contract",
	parent_field: "",
	initial_depth: 1,
};
