// Customer: overdue receivables and the risk customer flag (Foreign Trade Settings threshold).
frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		frappe
			.xcall("foreign_trade_crm.services.receivables.customer_risk", { customer: frm.doc.name })
			.then((risk) => {
				if (!risk || !risk.overdue) return;
				const amount = format_currency(risk.overdue, risk.currency);
				if (risk.is_risk) {
					frm.dashboard.add_indicator(__("Risk customer: {0} overdue", [amount]), "red");
				} else {
					frm.dashboard.add_indicator(__("{0} overdue, up to {1} days", [amount, risk.max_days_overdue]), "orange");
				}
			});
	},
});
