// Sales Person: Hand Over, for managers: this sales person's open customers, contracts,
// quotations, sales orders, leads and assignments go to another sales person
// (services/handover.py; the kinds of document it moves come with the form: one list, the server's).

frappe.ui.form.on("Sales Person", {
	refresh(frm) {
		const may =
			frappe.user.has_role("Export Sales Manager") || frappe.user.has_role("System Manager");
		if (frm.is_new() || frm.doc.is_group || !may) return;
		frm.add_custom_button(__("Hand Over"), () => ftc_hand_over(frm));
	},
});

function ftc_hand_over(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Hand Over {0}", [frm.doc.name]),
		fields: [
			{
				fieldname: "to_sales_person",
				fieldtype: "Link",
				options: "Sales Person",
				label: __("To Sales Person"),
				reqd: 1,
				get_query: () => ({ filters: { is_group: 0, name: ["!=", frm.doc.name] } }),
			},
			{
				fieldname: "change_owner",
				fieldtype: "Check",
				label: __("Make Them the Owner"),
				description: __(
					"Also make the new sales person's user the owner of the documents handed over."
				),
			},
			{
				fieldname: "doctypes",
				fieldtype: "MultiCheck",
				label: __("Hand Over"),
				columns: 2,
				options: ((frm.doc.__onload && frm.doc.__onload.handover_doctypes) || []).map(
					(dt) => ({
						label: __(dt),
						value: dt,
						checked: 1,
					})
				),
			},
		],
		primary_action_label: __("Hand Over"),
		primary_action(values) {
			if (!values.doctypes || !values.doctypes.length) {
				frappe.msgprint(__("Choose at least one kind of document to hand over."));
				return;
			}
			frappe.call({
				method: "foreign_trade_crm.services.handover.handover",
				args: {
					from_sales_person: frm.doc.name,
					to_sales_person: values.to_sales_person,
					doctypes: values.doctypes,
					change_owner: values.change_owner ? 1 : 0,
				},
				freeze: true,
				freeze_message: __("Handing over..."),
				callback(r) {
					dialog.hide();
					const summary = r.message || {};
					const lines = Object.keys(summary).map(
						(dt) => `<li>${__(dt)}: ${summary[dt]}</li>`
					);
					frappe.msgprint({
						title: __("Handed Over"),
						indicator: "green",
						message: lines.length
							? `<ul>${lines.join("")}</ul>`
							: __("Nothing open to hand over."),
					});
					frm.reload_doc();
				},
			});
		},
	});
	dialog.show();
}
