// Record Collection: ERPNext's own Payment Entry, prefilled for the shipment's invoice.
frappe.provide("foreign_trade_crm");

foreign_trade_crm.record_collection = function (sales_invoice) {
	frappe.call({
		method: "erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry",
		args: { dt: "Sales Invoice", dn: sales_invoice },
		callback(r) {
			const doclist = frappe.model.sync(r.message);
			frappe.set_route("Form", doclist[0].doctype, doclist[0].name);
		},
	});
};
