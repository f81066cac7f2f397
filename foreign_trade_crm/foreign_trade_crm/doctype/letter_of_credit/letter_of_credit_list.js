// Copyright (c) 2026, Foreign Trade CRM contributors
// For license information, please see license.txt

frappe.listview_settings["Letter of Credit"] = {
	add_fields: ["status", "available_amount", "currency"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			Advised: "blue",
			"In Use": "orange",
			"Fully Drawn": "green",
			Expired: "gray",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
	onload(listview) {
		listview.page.add_inner_button(__("From the Bank's Message (MT700)"), () =>
			foreign_trade_crm.credit.from_swift()
		);
	},
};
