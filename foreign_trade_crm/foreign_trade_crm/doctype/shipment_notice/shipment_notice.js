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
		frm.set_query("letter_of_credit", () => ({
			filters: {
				docstatus: 1,
				customer: frm.doc.customer,
				currency: frm.doc.currency,
				status: ["in", ["Advised", "In Use"]],
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
				if (flt(message.conversion_rate) > 0)
					frm.set_value("conversion_rate", message.conversion_rate);
			});
	},

	refresh(frm) {
		foreign_trade_crm.excel.add_import_button(frm);
		show_credit_check(frm);
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(
				__("Export Contract"),
				() => {
					if (!frm.doc.customer) {
						frappe.msgprint(__("Select the customer first"));
						return;
					}
					contracts_dialog(frm);
				},
				__("Get Items From")
			);
		}
		if (frm.doc.docstatus === 1) {
			if (frm.doc.letter_of_credit) {
				frm.add_custom_button(
					__("Present Documents"),
					() =>
						frappe
							.call(
								"foreign_trade_crm.services.letter_of_credit_presentation.make_presentation",
								{
									shipment_notice: frm.doc.name,
								}
							)
							.then(({ message }) =>
								frappe.set_route("Form", "Letter of Credit Presentation", message)
							),
					__("Create")
				);
			}
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
	frm.set_value(
		"base_total_amount",
		flt(frm.doc.total_amount * flt(frm.doc.conversion_rate), precision("base_total_amount"))
	);
}

function advice_dialog(frm) {
	frappe.prompt(
		[
			{
				fieldname: "recipients",
				label: __("To"),
				fieldtype: "Data",
				options: "Email",
				reqd: 1,
				default: frm.doc.contact_email,
			},
		],
		(values) =>
			frappe
				.call("foreign_trade_crm.services.advice.send_shipping_advice", {
					notice: frm.doc.name,
					recipients: values.recipients,
				})
				.then(() => {
					frappe.show_alert({
						message: __("Shipping advice queued"),
						indicator: "green",
					});
					frm.reload_doc();
				}),
		__("Send Shipping Advice"),
		__("Send")
	);
}

// a draft without a credit: the customer's live credits (those paying its contracts first), one click to use one
function suggest_credits(frm) {
	if (frm.doc.docstatus !== 0 || frm.doc.letter_of_credit || !frm.doc.customer) return;
	frappe
		.call("foreign_trade_crm.services.letter_of_credit.credits_for", {
			customer: frm.doc.customer,
			currency: frm.doc.currency,
			contracts: [
				...new Set((frm.doc.items || []).map((d) => d.export_contract).filter(Boolean)),
			],
		})
		.then(({ message: credits }) => {
			if (!credits || !credits.length || frm.doc.letter_of_credit) return;
			const esc = frappe.utils.escape_html;
			const links = credits
				.map(
					(c) =>
						`<a class="ftc-use-credit" data-name="${esc(c.name)}">${esc(
							c.lc_number
						)}</a> (${__("Available")} ${format_currency(
							c.available_amount,
							c.currency
						)}${c.pays_contracts ? ", " + __("pays these contracts") : ""})`
				)
				.join("; ");
			frm.dashboard.set_headline_alert(
				__("Letters of credit of this customer: {0}", [links]),
				"blue"
			);
			$(frm.wrapper)
				.find(".ftc-use-credit")
				.on("click", (e) =>
					frm.set_value("letter_of_credit", $(e.currentTarget).attr("data-name"))
				);
		});
}

// the check against the letter of credit, as the last save found it, above the form
function show_credit_check(frm) {
	suggest_credits(frm);
	if (!frm.doc.letter_of_credit || !frm.doc.lc_check_status) return;
	const findings = frm.doc.lc_findings || [];
	const discrepancies = findings.filter((f) => f.blocking).length;
	const colour = { Complies: "green", "Notes Only": "orange", Discrepant: "red" }[
		frm.doc.lc_check_status
	];
	const text =
		frm.doc.lc_check_status === "Discrepant"
			? __(
					"{0} discrepancies against Letter of Credit {1}: see Findings Against the Credit",
					[
						discrepancies,
						frappe.utils.escape_html(frm.doc.lc_number || frm.doc.letter_of_credit),
					]
			  )
			: frm.doc.lc_check_status === "Notes Only"
			? __("Complies with Letter of Credit {0}, with notes", [
					frappe.utils.escape_html(frm.doc.lc_number || ""),
			  ])
			: __("Complies with Letter of Credit {0}", [
					frappe.utils.escape_html(frm.doc.lc_number || ""),
			  ]);
	frm.dashboard.set_headline_alert(text, colour);
}

// Get Items From → Export Contract: the customer's contracts a notice may take lines of (countersigned,
// unless the countersign policy only warns; services/contract.py contracts_to_ship), each with its status
// and what is still to ship; no "Make Export Contract" here: a contract is not made from a notice
function contracts_dialog(frm) {
	// the doctype loaded first, so that the dialog is made at once and can be adjusted below
	frappe.model.with_doctype("Export Contract", () => open_contracts_dialog(frm));
}

function open_contracts_dialog(frm) {
	const dialog = erpnext.utils.map_current_doc({
		method: "foreign_trade_crm.services.contract.make_shipment_notice",
		source_doctype: "Export Contract",
		target: frm,
		setters: [
			{
				fieldname: "customer",
				fieldtype: "Link",
				options: "Customer",
				label: __("Customer"),
				default: frm.doc.customer,
				read_only: 1,
			},
			{ fieldname: "buyer_contract_no", fieldtype: "Data", label: __("Buyer Contract No") },
		],
		date_field: "contract_date",
		get_query_filters: {
			customer: frm.doc.customer,
			currency: frm.doc.currency || undefined,
		},
		get_query_method: "foreign_trade_crm.services.contract.contracts_to_ship",
	});
	dialog.columns = [
		"name",
		"buyer_contract_no",
		"contract_date",
		"status",
		"pending_amount",
		"per_shipped",
	];
	// the header row was drawn with the default columns; the rows are drawn later, with these
	dialog.$results.find(".list-item--head").replaceWith(dialog.make_list_row());
	dialog.dialog.get_secondary_btn().addClass("hide");
}
