// Copyright (c) 2026, Foreign Trade CRM contributors
// For license information, please see license.txt

frappe.ui.form.on("Shipment Notice", {
	setup(frm) {
		frm.set_query("export_contract", "items", () => ({
			filters: {
				docstatus: 1,
				customer: frm.doc.customer,
				currency: frm.doc.currency,
				status: ["in", ["To Countersign", "To Ship", "Partly Shipped"]],
			},
		}));
		frm.set_query("contact_person", () => ({
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: { link_doctype: "Customer", link_name: frm.doc.customer },
		}));
	},

	refresh(frm) {
		foreign_trade_crm.excel.add_import_button(frm);
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(
				__("Export Contract"),
				() => {
					if (!frm.doc.customer) {
						frappe.msgprint(__("Select the customer first"));
						return;
					}
					erpnext.utils.map_current_doc({
						method: "foreign_trade_crm.services.contract.make_shipment_notice",
						source_doctype: "Export Contract",
						target: frm,
						setters: { customer: frm.doc.customer, buyer_contract_no: "" },
						date_field: "contract_date",
						get_query_filters: {
							docstatus: 1,
							customer: frm.doc.customer,
							currency: frm.doc.currency || undefined,
							status: ["in", ["To Countersign", "To Ship", "Partly Shipped"]],
						},
					});
				},
				__("Get Items From")
			);
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Send Shipping Advice"), () => advice_dialog(frm));
			if (frm.doc.sales_invoice) {
				frm.add_custom_button(__("Record Collection"), () =>
					foreign_trade_crm.record_collection(frm.doc.sales_invoice)
				);
				frm.add_custom_button(
					__("Sales Invoice"),
					() => frappe.set_route("Form", "Sales Invoice", frm.doc.sales_invoice),
					__("View")
				);
			}
		}
	},
});

frappe.ui.form.on("Shipment Notice Item", {
	qty: set_amount,
	rate: set_amount,
});

function set_amount(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty * row.rate, precision("amount", row)));
}

function advice_dialog(frm) {
	frappe.prompt(
		[
			{ fieldname: "recipients", label: __("To"), fieldtype: "Data", options: "Email", reqd: 1, default: frm.doc.contact_email },
		],
		(values) =>
			frappe
				.call("foreign_trade_crm.services.advice.send_shipping_advice", {
					notice: frm.doc.name,
					recipients: values.recipients,
				})
				.then(() => {
					frappe.show_alert({ message: __("Shipping advice queued"), indicator: "green" });
					frm.reload_doc();
				}),
		__("Send Shipping Advice"),
		__("Send")
	);
}
