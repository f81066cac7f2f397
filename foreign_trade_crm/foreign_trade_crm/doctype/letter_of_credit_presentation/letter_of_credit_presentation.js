// Copyright (c) 2026, Foreign Trade CRM contributors
// For license information, please see license.txt

const PRESENTATION = "foreign_trade_crm.services.letter_of_credit_presentation";
const DOCUMENT_TYPES = [
	"",
	"Commercial Invoice",
	"Packing List",
	"Bill of Lading",
	"Air Waybill",
	"Certificate of Origin",
	"Insurance Document",
	"Inspection Certificate",
	"Beneficiary's Certificate",
	"Weight List",
	"Draft",
	"Other",
];

frappe.ui.form.on("Letter of Credit Presentation", {
	setup(frm) {
		frm.set_query("shipment_notice", () => ({
			filters: { docstatus: 1, letter_of_credit: ["is", "set"] },
		}));
	},

	refresh(frm) {
		if (frm.doc.docstatus !== 1) return;
		const status = frm.doc.status;
		if (
			["Presented", "Compliant", "Discrepant"].includes(status) &&
			!frm.doc.applicant_decision
		) {
			frm.add_custom_button(__("Bank's Answer"), () => answer_dialog(frm));
		}
		if (status === "Discrepant") {
			frm.add_custom_button(__("Applicant's Decision"), () => decision_dialog(frm));
		}
		if (
			["Presented", "Compliant", "Discrepancies Accepted"].includes(status) &&
			frm.doc.sales_invoice
		) {
			frm.add_custom_button(__("Record Collection"), () =>
				frappe
					.call(`${PRESENTATION}.make_collection`, { presentation: frm.doc.name })
					.then(({ message }) => {
						const doclist = frappe.model.sync(message);
						frappe.set_route("Form", doclist[0].doctype, doclist[0].name);
					})
			);
		}
		frm.add_custom_button(
			__("Shipment Notice"),
			() => frappe.set_route("Form", "Shipment Notice", frm.doc.shipment_notice),
			__("View")
		);
		frm.add_custom_button(
			__("Letter of Credit"),
			() => frappe.set_route("Form", "Letter of Credit", frm.doc.letter_of_credit),
			__("View")
		);
		if (frm.doc.payment_entry) {
			frm.add_custom_button(
				__("Payment Entry"),
				() => frappe.set_route("Form", "Payment Entry", frm.doc.payment_entry),
				__("View")
			);
		}
	},
});

function answer_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Bank's Answer"),
		size: "large",
		fields: [
			{
				fieldname: "answer",
				fieldtype: "Select",
				label: __("Bank's Answer"),
				options: ["Compliant", "Discrepant"].map((v) => ({ value: v, label: __(v) })),
				default: "Compliant",
				reqd: 1,
			},
			{ fieldtype: "Column Break" },
			{
				fieldname: "answer_date",
				fieldtype: "Date",
				label: __("Answered On"),
				default: frappe.datetime.get_today(),
				reqd: 1,
			},
			{ fieldtype: "Section Break", depends_on: "eval:doc.answer=='Discrepant'" },
			{
				fieldname: "discrepancies",
				fieldtype: "Table",
				label: __("Discrepancies"),
				cannot_add_rows: false,
				in_place_edit: true,
				data: [],
				fields: [
					{
						fieldname: "discrepancy",
						fieldtype: "Small Text",
						label: __("Discrepancy"),
						in_list_view: 1,
						columns: 5,
					},
					{
						fieldname: "article",
						fieldtype: "Data",
						label: __("UCP 600 Article"),
						in_list_view: 1,
						columns: 1,
					},
					{
						fieldname: "document_type",
						fieldtype: "Select",
						label: __("Document"),
						options: DOCUMENT_TYPES,
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldname: "fee",
						fieldtype: "Currency",
						label: __("Fee"),
						in_list_view: 1,
						columns: 2,
					},
				],
			},
		],
		primary_action_label: __("Record"),
		primary_action(values) {
			frappe
				.call(`${PRESENTATION}.record_answer`, {
					presentation: frm.doc.name,
					answer: values.answer,
					answer_date: values.answer_date,
					discrepancies: values.discrepancies || [],
				})
				.then(() => {
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

function decision_dialog(frm) {
	frappe.prompt(
		[
			{
				fieldname: "decision",
				fieldtype: "Select",
				label: __("Applicant's Decision"),
				options: ["Accepted", "Refused"].map((v) => ({ value: v, label: __(v) })),
				reqd: 1,
			},
			{ fieldname: "note", fieldtype: "Small Text", label: __("Note") },
		],
		(values) =>
			frappe
				.call(`${PRESENTATION}.record_decision`, { presentation: frm.doc.name, ...values })
				.then(() => frm.reload_doc()),
		__("Applicant's Decision"),
		__("Record")
	);
}
