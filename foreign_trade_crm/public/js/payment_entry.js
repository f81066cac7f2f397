// Payment Entry: a collection in a currency other than the bank account's. ERPNext keeps the received
// amount when the paid amount changes, so a collection prefilled for the whole invoice and cut down to a
// part would book the rest as an exchange gain. The received amount follows the paid amount at the rate;
// the user may still correct it to what the bank credited.
frappe.ui.form.on("Payment Entry", {
	paid_amount(frm) {
		foreign_trade_crm.received_follows_paid(frm);
	},
	source_exchange_rate(frm) {
		foreign_trade_crm.received_follows_paid(frm);
	},
});

frappe.provide("foreign_trade_crm");

foreign_trade_crm.received_follows_paid = function (frm) {
	const doc = frm.doc;
	if (doc.docstatus !== 0 || doc.payment_type !== "Receive") return;
	if (
		!doc.paid_from_account_currency ||
		doc.paid_from_account_currency === doc.paid_to_account_currency
	)
		return;
	if (!flt(doc.paid_amount) || !flt(doc.source_exchange_rate) || !flt(doc.target_exchange_rate))
		return;
	const received = flt(
		(flt(doc.paid_amount) * flt(doc.source_exchange_rate)) / flt(doc.target_exchange_rate),
		precision("received_amount")
	);
	if (flt(doc.received_amount) !== received) {
		frm.set_value("received_amount", received);
	}
};
