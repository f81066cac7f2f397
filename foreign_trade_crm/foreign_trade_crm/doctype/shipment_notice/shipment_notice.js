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

	customer(frm) {
		// currency and exchange rate follow the customer, as in ERPNext's sales documents; Get Items
		// From → Export Contract lists the contracts of the notice's currency
		if (!frm.doc.customer || frm.doc.docstatus !== 0 || !frm.doc.company) return;
		frappe
			.call("foreign_trade_crm.services.shipment.customer_currency", {
				customer: frm.doc.customer,
				company: frm.doc.company,
				posting_date: frm.doc.posting_date,
			})
			.then(({ message }) => {
				if (!message) return;
				frm.set_value("currency", message.currency);
				if (flt(message.conversion_rate) > 0) frm.set_value("conversion_rate", message.conversion_rate);
			});
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
	items_remove: set_totals,
});

function set_amount(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty * row.rate, precision("amount", row)));
	set_totals(frm);
}

// the totals as the server computes them (ShipmentNotice.set_totals), while the form is edited
function set_totals(frm) {
	const items = frm.doc.items || [];
	const sum = (field) => items.reduce((total, d) => total + flt(d[field]), 0);
	frm.set_value("total_qty", sum("qty"));
	frm.set_value("total_amount", flt(sum("amount"), precision("total_amount")));
	frm.set_value("base_total_amount", flt(frm.doc.total_amount * flt(frm.doc.conversion_rate), precision("base_total_amount")));
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
