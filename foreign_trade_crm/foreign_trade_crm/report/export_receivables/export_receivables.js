frappe.query_reports["Export Receivables"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "layout",
			label: __("Layout"),
			fieldtype: "Select",
			options: [
				{ value: "Summary per Customer", label: __("Summary per Customer") },
				{ value: "Per Invoice", label: __("Per Invoice") },
				{
					value: "Per Invoice with Collections",
					label: __("Per Invoice with Collections"),
				},
			],
			default: "Per Invoice",
			reqd: 1,
		},
		{
			fieldname: "cutoff",
			label: __("As of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "invoice",
			label: __("Invoice No"),
			fieldtype: "Link",
			options: "Sales Invoice",
			get_query: () => ({ filters: { docstatus: 1 } }),
		},
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Select",
			options: [
				{ value: "All", label: __("All") },
				{ value: "Overdue Unpaid", label: __("Overdue Unpaid") },
				{ value: "Unpaid", label: __("Unpaid") },
				{ value: "Partly Collected", label: __("Partly Collected") },
				{ value: "Fully Collected", label: __("Fully Collected") },
			],
			default: "All",
		},
		{
			fieldname: "sales_person",
			label: __("Sales Person"),
			fieldtype: "Link",
			options: "Sales Person",
		},
		{
			fieldname: "ageing_ranges",
			label: __("Ageing Ranges (days)"),
			fieldtype: "Data",
			default: "30, 60, 90, 120",
			description: __("Upper bounds of the ageing buckets, separated by commas"),
		},
	],
	onload(report) {
		// the per-invoice rows as .xlsx in the customer's own format (Trade Excel Template), if it has one
		report.page.add_inner_button(__("Excel in Customer's Format"), () => {
			const filters = report.get_values();
			if (!filters) return;
			foreign_trade_crm.excel.export("Export Receivables", filters, filters.customer);
		});
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (data.is_total_row) return `<b>${value}</b>`;
		if (data.is_collection) {
			// a collection has its voucher, date and amounts; the invoice's other columns stay blank
			if (
				["voucher_no", "posting_date", "collected", "collected_base"].includes(
					column.fieldname
				)
			) {
				return `<span class="text-muted">${value}</span>`;
			}
			if (column.fieldtype === "Currency") return "";
		}
		if (column.fieldname === "days_overdue" && data.days_overdue > 0) {
			return `<span style="color: var(--red-600)">${value}</span>`;
		}
		if (column.fieldname === "risk_note" && data.at_risk) {
			return `<span class="indicator-pill orange">${value}</span>`;
		}
		if (column.fieldname === "risk" && data.risk) {
			return `<span class="indicator-pill red">${value}</span>`;
		}
		return value;
	},
};
