// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Alerts"] = {
	filters: [
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: [
				{ value: "Due Now", label: __("Due Now") },
				{ value: "Sent", label: __("Sent") },
			],
			default: "Due Now",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -7),
			depends_on: "eval:doc.view == 'Sent'",
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			depends_on: "eval:doc.view == 'Sent'",
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Sent", "Failed"],
			depends_on: "eval:doc.view == 'Sent'",
		},
	],
	onload(report) {
		report.page.add_inner_button(__("Run Now"), () =>
			frappe.confirm(__("Send every alert that is due now?"), () =>
				frappe.call("foreign_trade_crm.services.alerts.run_now").then(({ message }) => {
					frappe.show_alert({
						message: __("{0} alert(s) and {1} lead(s) queued", [
							message.alerts,
							message.leads,
						]),
						indicator: "green",
					});
					report.refresh();
				})
			)
		);
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data && data.status === "Failed") {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
