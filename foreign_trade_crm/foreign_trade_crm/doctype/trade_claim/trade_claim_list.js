frappe.listview_settings["Trade Claim"] = {
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
