// Lead Import: attach a buyer list, Check File shows what each row will become (create, merge,
// skip, set aside) without writing; Start Import runs it in the background with a progress bar.
const LEAD_IMPORT = "foreign_trade_crm.services.lead_import";

frappe.ui.form.on("Lead Import", {
	setup(frm) {
		frm.set_query("lead_owner", () => ({ filters: { user_type: "System User", enabled: 1 } }));
	},

	refresh(frm) {
		frappe.realtime.off("lead_import_done");
		frappe.realtime.on("lead_import_done", ({ name }) => {
			if (name === frm.doc.name) frm.reload_doc();
		});
		if (frm.is_new()) return;
		if (["Queued", "Importing"].includes(frm.doc.status)) {
			frappe.call(`${LEAD_IMPORT}.is_running`, { name: frm.doc.name }).then(({ message }) => {
				if (message) {
					frm.dashboard.set_headline(__("Importing in the background…"));
				} else {
					// its worker stopped: the import ran in one transaction, so nothing of it was kept
					frm.dashboard.set_headline(__("The import stopped before it finished and nothing of it was kept; start it again"), "orange");
					add_start_button(frm);
				}
			});
			return;
		}
		if (frm.doc.status === "Done") return;
		if (!frm.doc.import_file) {
			frm.dashboard.set_headline(__("Attach the list of leads, then Check it"));
			return;
		}
		frm.add_custom_button(__("Check File"), () =>
			frappe
				.call({ method: `${LEAD_IMPORT}.check`, args: { name: frm.doc.name }, freeze: true })
				.then(() => frm.reload_doc())
		);
		if (frm.doc.status === "Checked") add_start_button(frm);
	},

	import_file(frm) {
		if (frm.doc.import_file) frm.save();
	},
});

function add_start_button(frm) {
	frm.add_custom_button(__("Start Import"), () =>
		frappe.call({ method: `${LEAD_IMPORT}.start`, args: { name: frm.doc.name } }).then(() => frm.reload_doc())
	).addClass("btn-primary");
}
