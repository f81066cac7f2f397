// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Customer Feedback", {
	setup(frm) {
		frm.set_query("reference_doctype", () => ({
			filters: {
				name: ["in", ["Export Contract", "Shipment Notice", "Trade Claim", "Quotation"]],
			},
		}));
		frm.set_query("reference_name", () => {
			const field = frm.doc.reference_doctype === "Quotation" ? "party_name" : "customer";
			return frm.doc.customer ? { filters: { [field]: frm.doc.customer } } : {};
		});
	},

	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status !== "Closed") {
			frm.add_custom_button(__("Send Reply"), () => {
				if (!frm.doc.reply) {
					frappe.msgprint(__("Write the reply first"));
					frm.scroll_to_field("reply");
					return;
				}
				frm.call("send_reply", { reply: frm.doc.reply }).then(({ message: sent }) => {
					// not e-mailed: the server said why (no outgoing e-mail account) and whether the buyer reads it on
					// the portal (the reply is given) or it is kept as a draft
					if (sent) {
						frappe.show_alert({
							message: __("Reply sent to {0}", [frm.doc.contact_email]),
							indicator: "green",
						});
					}
					frm.reload_doc();
				});
			}).addClass("btn-primary");
			frm.add_custom_button(__("Close"), () =>
				frm.call("close").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.feedback_type === "Complaint" && !frm.doc.trade_claim) {
			frm.add_custom_button(
				__("Trade Claim"),
				() =>
					frappe.model.open_mapped_doc({
						method: "foreign_trade_crm.foreign_trade_crm.doctype.customer_feedback.customer_feedback.make_trade_claim",
						frm,
					}),
				__("Create")
			);
		}
	},
});
