// Frappe's activity log shows a field's old and new values as they are stored: a Select field's options in
// English ("Draft to To Countersign") whatever the user's language. For the app's doctypes, the values that
// are options of one of their Select fields are shown translated, as the form shows them.
frappe.provide("foreign_trade_crm.timeline");

foreign_trade_crm.timeline.translate_values = function (frm) {
	if (!frm.timeline || !frm.timeline.timeline_wrapper || (frappe.boot.lang || "en") === "en")
		return;
	const options = new Set();
	for (const df of frappe.get_meta(frm.doctype).fields) {
		if (df.fieldtype === "Select" && df.fieldname !== "naming_series") {
			(df.options || "").split("\n").forEach((o) => o && options.add(o));
		}
	}
	frm.timeline.timeline_wrapper.find(".timeline-content b").each(function () {
		const text = $(this).text();
		if (options.has(text)) $(this).text(__(text));
	});
};

for (const doctype of [
	"Export Contract",
	"Shipment Notice",
	"Trade Claim",
	"Customer Feedback",
	"Order Request",
]) {
	frappe.ui.form.on(doctype, { timeline_refresh: foreign_trade_crm.timeline.translate_values });
}
