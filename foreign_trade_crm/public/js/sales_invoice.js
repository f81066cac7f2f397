// Sales Invoice of a shipment: Record Collection.
frappe.ui.form.on("Sales Invoice", {
	refresh(frm) {
		if (
			frm.doc.docstatus === 1 &&
			frm.doc.shipment_notice &&
			flt(frm.doc.outstanding_amount) > 0
		) {
			frm.add_custom_button(__("Record Collection"), () =>
				foreign_trade_crm.record_collection(frm.doc.name)
			);
		}
	},
});
