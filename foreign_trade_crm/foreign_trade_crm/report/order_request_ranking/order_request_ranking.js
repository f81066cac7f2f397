// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

frappe.query_reports["Order Request Ranking"] = {
	filters: [],
	onload(report) {
		report.page.add_inner_button(__("Rank Again"), () =>
			frappe
				.call("foreign_trade_crm.services.order_review.rank_now")
				.then(() => report.refresh())
		);
	},
};
