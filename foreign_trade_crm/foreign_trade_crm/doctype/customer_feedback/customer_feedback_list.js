frappe.listview_settings["Customer Feedback"] = {
	add_fields: ["status", "feedback_type"],
	get_indicator(doc) {
		const colour = { Open: "red", Replied: "blue", Closed: "green" }[doc.status] || "gray";
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
