// Customer: overdue receivables and the risk customer flag (Foreign Trade Settings threshold),
// computed when the form loads (overrides/customer.py) and shown at the top of the form.
frappe.ui.form.on("Customer", {
	refresh(frm) {
		const risk = frm.doc.__onload && frm.doc.__onload.foreign_trade_risk;
		if (!risk || !risk.overdue) return;
		const amount = format_currency(risk.overdue, risk.currency);
		if (risk.is_risk) {
			frm.set_intro(__("Risk customer: {0} overdue", [amount]), "red");
		} else {
			frm.set_intro(__("{0} overdue, up to {1} days", [amount, risk.max_days_overdue]), "orange");
		}
	},
});
