// Trade Excel Template: the Source of each column is picked from the fields the export has (or
// the import fills), linked documents' fields included (item_code.item_name).
frappe.ui.form.on("Trade Excel Template", {
	refresh: (frm) => set_source_options(frm),
	applies_to: (frm) => set_source_options(frm),
	purpose: (frm) => set_source_options(frm),
});

function set_source_options(frm) {
	if (!frm.doc.applies_to) return;
	frappe
		.call("foreign_trade_crm.services.excel.sources.get_template_sources", {
			applies_to: frm.doc.applies_to,
			purpose: frm.doc.purpose,
		})
		.then(({ message }) => {
			frm.fields_dict.columns.grid.update_docfield_property(
				"source",
				"options",
				message || []
			);
		});
}
