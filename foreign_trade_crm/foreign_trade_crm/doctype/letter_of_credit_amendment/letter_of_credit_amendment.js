// Copyright (c) 2026, Foreign Trade CRM contributors
// For license information, please see license.txt

frappe.ui.form.on("Letter of Credit Amendment", {
	refresh(frm) {
		if (frm.doc.status === "Rejected") {
			frm.set_intro(
				__("Rejected: {0}", [frappe.utils.escape_html(frm.doc.rejection_reason || "")]),
				"red"
			);
			frm.disable_save();
			return;
		}
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.set_intro(
				__(
					"Submitting accepts the amendment: Letter of Credit {0} changes as listed below.",
					[frm.doc.letter_of_credit]
				),
				"blue"
			);
			frm.add_custom_button(__("Reject"), () =>
				frappe.prompt(
					[
						{
							fieldname: "reason",
							fieldtype: "Small Text",
							label: __("Reason for Rejecting"),
							reqd: 1,
						},
					],
					({ reason }) =>
						frappe
							.call("foreign_trade_crm.services.letter_of_credit.reject_amendment", {
								amendment: frm.doc.name,
								reason,
							})
							.then(() => frm.reload_doc()),
					__("Reject the Amendment"),
					__("Reject")
				)
			);
		}
		if (frm.doc.docstatus === 1) {
			frm.set_intro(__("Accepted: the credit was changed as listed below."), "green");
		}
	},
});
