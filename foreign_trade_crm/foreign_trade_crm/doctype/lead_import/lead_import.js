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
		label_counts(frm);
		frm.dashboard.clear_headline(); // a save refreshes twice: one headline, not two
		if (frm.is_new()) {
			// the file field is there from the start: attaching to a new import saves it first
			save_before_attach(frm);
			return;
		}
		if (["Queued", "Importing"].includes(frm.doc.status)) {
			frappe
				.call(`${LEAD_IMPORT}.is_running`, { name: frm.doc.name })
				.then(({ message }) => {
					if (message) {
						frm.dashboard.set_headline(__("Importing in the background…"));
					} else {
						// its worker stopped: the import ran in one transaction, so nothing of it was kept
						frm.dashboard.set_headline(
							__(
								"The import stopped before it finished and nothing of it was kept; start it again"
							),
							"orange"
						);
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
				.call({
					method: `${LEAD_IMPORT}.check`,
					args: { name: frm.doc.name },
					freeze: true,
				})
				.then(() => frm.reload_doc())
		);
		if (frm.doc.status === "Checked") {
			frm.dashboard.set_headline(
				__(
					"Checked: nothing is imported yet. The figures below are what Start Import will do."
				),
				"blue"
			);
			add_start_button(frm);
		}
	},

	import_file(frm) {
		if (frm.doc.import_file) frm.save();
	},
});

function add_start_button(frm) {
	const start = () =>
		frappe
			.call({ method: `${LEAD_IMPORT}.start`, args: { name: frm.doc.name } })
			.then(() => frm.reload_doc());
	if (frm.is_dirty()) {
		// changed settings are saved (and checked again) first: Save stays the primary action
		frm.add_custom_button(__("Start Import"), start);
	} else {
		// a checked import's next step is Start Import, not Save
		frm.page.set_primary_action(__("Start Import"), start);
	}
}

// before the import runs, the counts are a plan ("To Create"), not a result ("Created")
function label_counts(frm) {
	const planned = frm.doc.status !== "Done";
	const labels = planned
		? {
				created: __("To Create"),
				merged: __("To Merge"),
				skipped: __("To Skip"),
				set_aside: __("To Set Aside"),
		  }
		: {
				created: __("Created"),
				merged: __("Merged"),
				skipped: __("Skipped"),
				set_aside: __("Set Aside"),
		  };
	for (const [fieldname, label] of Object.entries(labels)) {
		frm.set_df_property(fieldname, "label", label);
	}
}

function save_before_attach(frm) {
	const control = frm.fields_dict.import_file;
	if (!control || control.__ftc_saves_first) return;
	control.__ftc_saves_first = true;
	const open_uploader = control.on_attach_click.bind(control);
	control.on_attach_click = () => {
		if (!frm.is_new()) return open_uploader();
		frm.save().then(() => frm.fields_dict.import_file.on_attach_click());
	};
}
