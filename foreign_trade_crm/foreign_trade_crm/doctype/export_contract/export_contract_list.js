frappe.listview_settings["Export Contract"] = {
	onload(listview) {
		foreign_trade_crm.excel.add_list_export(listview, [
			"Export Contracts",
			"Export Contract Lines",
		]);
	},
	add_fields: ["status", "per_shipped", "is_countersigned"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			"To Countersign": "orange",
			"To Ship": "blue",
			"Partly Shipped": "yellow",
			"Fully Shipped": "green",
			Closed: "gray",
			Cancelled: "red",
		};
		return [__(doc.status), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
