frappe.listview_settings["Trade Claim"] = {
	onload(listview) {
		foreign_trade_crm.excel.add_list_export(listview, ["Trade Claims"]);
	},
	add_fields: ["status", "claimed_amount", "agreed_amount", "currency"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colour =
			{
				Open: "red",
				"Under Review": "orange",
				Agreed: "blue",
				Settled: "green",
				Rejected: "gray",
				Cancelled: "red",
			}[doc.status] || "gray";
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
