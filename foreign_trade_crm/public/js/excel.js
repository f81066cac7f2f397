// Excel in the customer's own format (services/excel/): list exports, line imports, and the
// files that large exports leave in the background.
frappe.provide("foreign_trade_crm.excel");

const EXPORTS = "foreign_trade_crm.services.excel.exports";
const IMPORTS = "foreign_trade_crm.services.excel.imports";

// Export now, or (large) in a background job whose progress bar shows and whose file opens when ready.
foreign_trade_crm.excel.export = function (applies_to, filters, customer) {
	const args = { applies_to, filters: JSON.stringify(filters || {}), customer: customer || "" };
	frappe.call({ method: `${EXPORTS}.start_export`, args, freeze: true }).then(({ message }) => {
		if (message.direct) {
			window.open(`/api/method/${EXPORTS}.download?` + new URLSearchParams(args));
		} else {
			frappe.show_alert({
				message: __("The file is being prepared; you will be notified when it is ready"),
				indicator: "blue",
			});
		}
	});
};

$(document).on("app_ready", () => {
	frappe.realtime.on("ftc_export_ready", ({ file_url, filename }) => {
		frappe.msgprint({
			title: __("Your Excel file is ready"),
			indicator: "green",
			message: `<a href="${encodeURI(file_url)}" target="_blank">${frappe.utils.escape_html(
				filename
			)}</a>`,
		});
	});
});

// "Download in Customer's Format" on a list: the list's filters, the customer's template.
foreign_trade_crm.excel.add_list_export = function (listview, layouts) {
	listview.page.add_menu_item(__("Download in Customer's Format"), () => {
		const filters = listview.get_filters_for_args();
		const customer_filter = filters.find((f) => f[1] === "customer" && f[2] === "=");
		const dialog = new frappe.ui.Dialog({
			title: __("Download in Customer's Format"),
			fields: [
				{
					fieldname: "customer",
					fieldtype: "Link",
					options: "Customer",
					label: __("Customer"),
					default: customer_filter ? customer_filter[3] : "",
					description: __(
						"Their Trade Excel Template is used; without one the company default, else the standard columns"
					),
				},
				{
					fieldname: "applies_to",
					fieldtype: "Select",
					label: __("Layout"),
					options: layouts.map((value) => ({ value, label: __(value) })),
					default: layouts[0],
					reqd: 1,
				},
			],
			primary_action_label: __("Download"),
			primary_action(values) {
				dialog.hide();
				foreign_trade_crm.excel.export(values.applies_to, filters, values.customer);
			},
		});
		dialog.show();
	});
};

// Lines from the buyer's spreadsheet into a draft (contract, quotation, shipment notice): their
// headers in any order, their item codes; nothing is imported until every row is good, unless the
// user asks for the good rows only.
foreign_trade_crm.excel.import_lines = function (frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Import Lines from Excel"),
		fields: [
			{
				fieldname: "file",
				fieldtype: "HTML",
				options: '<input type="file" accept=".xlsx,.csv" class="form-control">',
			},
			{
				fieldname: "good_rows_only",
				fieldtype: "Check",
				label: __("Import the good rows and skip the bad ones"),
			},
		],
		primary_action_label: __("Import"),
		primary_action(values) {
			const file = dialog.$wrapper.find("input[type=file]")[0].files[0];
			if (!file) return;
			const reader = new FileReader();
			reader.onload = () =>
				frappe
					.call({
						method: `${IMPORTS}.import_lines`,
						args: {
							doctype: frm.doctype,
							name: frm.doc.name,
							filedata: reader.result,
							filename: file.name,
							good_rows_only: values.good_rows_only,
						},
						freeze: true,
					})
					.then(({ message }) => {
						dialog.hide();
						frappe.show_alert({
							message: __("{0} line(s) imported, {1} skipped", [
								message.imported,
								message.skipped,
							]),
							indicator: "green",
						});
						frm.reload_doc();
					});
			reader.readAsDataURL(file);
		},
	});
	dialog.show();
};

foreign_trade_crm.excel.add_import_button = function (frm) {
	if (frm.doc.docstatus === 0 && !frm.is_new()) {
		frm.add_custom_button(__("Import Lines from Excel"), () =>
			foreign_trade_crm.excel.import_lines(frm)
		);
	}
};
