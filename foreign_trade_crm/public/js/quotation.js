// Quotation: Create → Export Contract, once the quotation is submitted and made out to a customer and
// until export contracts hold all of it (status Ordered, as ERPNext marks it for Sales Orders);
// lines imported from the buyer's spreadsheet while it is a draft.
frappe.ui.form.on("Quotation", {
	refresh(frm) {
		foreign_trade_crm.excel.add_import_button(frm);
		if (
			frm.doc.docstatus === 1 &&
			frm.doc.quotation_to === "Customer" &&
			!["Lost", "Ordered"].includes(frm.doc.status)
		) {
			frm.add_custom_button(
				__("Export Contract"),
				() =>
					frappe.model.open_mapped_doc({
						method: "foreign_trade_crm.overrides.quotation.make_export_contract",
						frm,
					}),
				__("Create")
			);
		}
	},
});
