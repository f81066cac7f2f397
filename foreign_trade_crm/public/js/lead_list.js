// Lead list: import a buyer list with de-duplication (Lead Import), beside ERPNext's own list settings.
(() => {
	const settings = frappe.listview_settings["Lead"] || {};
	const onload = settings.onload;
	settings.onload = function (listview) {
		if (onload) onload.call(this, listview);
		if (frappe.model.can_create("Lead Import")) {
			listview.page.add_menu_item(__("Import Leads with De-duplication"), () =>
				frappe.new_doc("Lead Import")
			);
		}
	};
	frappe.listview_settings["Lead"] = settings;
})();
