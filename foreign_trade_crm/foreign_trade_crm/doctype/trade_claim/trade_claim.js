// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

frappe.ui.form.on("Trade Claim", {
	setup(frm) {
		frm.set_query("shipment_notice", () => ({ filters: { docstatus: 1 } }));
		frm.set_query("reason", "items", () => ({ filters: { disabled: 0 } }));
	},

	refresh(frm) {
		const status = frm.doc.status;
		if (frm.doc.docstatus === 0 && frm.doc.shipment_notice) {
			frm.add_custom_button(__("Get Lines from Shipment"), () => pick_lines(frm));
		}
		if (!frm.is_new() && frm.doc.docstatus === 0 && status === "Open") {
			frm.add_custom_button(__("Start Review"), () =>
				frm.call("start_review").then(() => frm.reload_doc())
			);
		}
		if (!frm.is_new() && frm.doc.docstatus === 0 && frappe.model.can_submit("Trade Claim")) {
			frm.add_custom_button(__("Reject"), () => reject(frm));
		}
		if (frm.doc.docstatus === 1 && status === "Agreed") {
			frm.add_custom_button(__("Settle"), () => settle(frm)).addClass("btn-primary");
		}
		if (frm.doc.settlement_document) {
			frm.add_custom_button(__("Settlement Document"), () =>
				frappe.set_route("Form", frm.doc.settlement_doctype, frm.doc.settlement_document)
			);
		}
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			// in place of Frappe's own "Submit this document to confirm" (shown before this refresh), not
			// under it: one banner that says what submitting a claim needs
			frm.dashboard.clear_headline();
			frm.set_intro(
				__(
					"Submit to agree the claim: the agreed amount and a liability split totalling 100% are needed."
				),
				"blue"
			);
		}
	},

	shipment_notice(frm) {
		if (
			frm.doc.shipment_notice &&
			!(frm.doc.items || []).some((r) => r.shipment_notice_item)
		) {
			pick_lines(frm);
		}
	},

	agreed_amount: show_split,
	customer_percent: show_split,
	company_percent: show_split,
	third_party_percent: show_split,
});

function show_split(frm) {
	const total =
		flt(frm.doc.customer_percent) +
		flt(frm.doc.company_percent) +
		flt(frm.doc.third_party_percent);
	frm.dashboard.clear_headline();
	if (total && Math.abs(total - 100) > 1e-9) {
		frm.dashboard.set_headline_alert(
			__("The liability split must total 100%; it totals {0}%", [format_number(total)]),
			"orange"
		);
	}
}

function pick_lines(frm) {
	frappe
		.call({
			method: "foreign_trade_crm.foreign_trade_crm.doctype.trade_claim.trade_claim.get_notice_lines",
			args: {
				shipment_notice: frm.doc.shipment_notice,
				claim: frm.is_new() ? null : frm.doc.name,
			},
		})
		.then(({ message: lines }) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Shipped lines of {0}", [frm.doc.shipment_notice]),
				size: "extra-large",
				fields: [
					{
						fieldtype: "HTML",
						options: `<p class="text-muted">${__(
							"Enter the qty affected and the amount claimed on the lines the buyer claims for; lines left at 0 are skipped."
						)}</p>`,
					},
					{
						fieldname: "lines",
						fieldtype: "Table",
						cannot_add_rows: true,
						cannot_delete_rows: true,
						in_place_edit: true,
						data: lines.map((l) => ({ ...l, qty: 0, claimed_amount: 0 })),
						fields: [
							{ fieldname: "shipment_notice_item", fieldtype: "Data", hidden: 1 },
							{
								fieldname: "currency",
								fieldtype: "Link",
								options: "Currency",
								hidden: 1,
							},
							{
								fieldname: "item_code",
								label: __("Item"),
								fieldtype: "Link",
								options: "Item",
								read_only: 1,
								in_list_view: 1,
								columns: 2,
							},
							{
								fieldname: "customer_item_code",
								label: __("Customer Item Code"),
								fieldtype: "Data",
								read_only: 1,
								in_list_view: 1,
								columns: 1,
							},
							{
								fieldname: "export_contract",
								label: __("Export Contract"),
								fieldtype: "Link",
								options: "Export Contract",
								read_only: 1,
								in_list_view: 1,
								columns: 1,
							},
							{
								fieldname: "buyer_contract_no",
								label: __("Buyer Contract No"),
								fieldtype: "Data",
								read_only: 1,
								in_list_view: 1,
								columns: 1,
							},
							{
								fieldname: "shipped_qty",
								label: __("Shipped Qty"),
								fieldtype: "Float",
								read_only: 1,
								in_list_view: 1,
								columns: 1,
							},
							{
								fieldname: "already_claimed",
								label: __("Already Claimed"),
								fieldtype: "Float",
								read_only: 1,
								in_list_view: 1,
								columns: 1,
							},
							{
								fieldname: "qty",
								label: __("Qty Affected"),
								fieldtype: "Float",
								in_list_view: 1,
								columns: 1,
							},
							{
								fieldname: "claimed_amount",
								label: __("Claimed Amount"),
								fieldtype: "Currency",
								options: "currency",
								in_list_view: 1,
								columns: 1,
							},
							{
								fieldname: "reason",
								label: __("Reason"),
								fieldtype: "Link",
								options: "Claim Reason",
								in_list_view: 1,
								columns: 1,
								get_query: () => ({ filters: { disabled: 0 } }),
							},
						],
					},
				],
				primary_action_label: __("Add to Claim"),
				primary_action(values) {
					const chosen = (values.lines || []).filter((l) => flt(l.qty) > 0);
					if (!chosen.length) {
						frappe.msgprint(__("Enter the qty affected on at least one line"));
						return;
					}
					frm.clear_table("items");
					chosen.forEach((l) => {
						frm.add_child("items", {
							shipment_notice_item: l.shipment_notice_item,
							item_code: l.item_code,
							customer_item_code: l.customer_item_code,
							export_contract: l.export_contract,
							shipped_qty: l.shipped_qty,
							rate: l.rate,
							qty: l.qty,
							claimed_amount: l.claimed_amount,
							reason: l.reason,
						});
					});
					frm.refresh_field("items");
					dialog.hide();
				},
			});
			dialog.show();
		});
}

function reject(frm) {
	frappe.prompt(
		{ fieldname: "reason", fieldtype: "Small Text", label: __("Rejection Reason"), reqd: 1 },
		({ reason }) => frm.call("reject", { reason }).then(() => frm.reload_doc()),
		__("Reject Claim"),
		__("Reject")
	);
}

function settle(frm) {
	const method = frm.doc.settlement_method;
	const message =
		method === "Replacement Goods"
			? __("Mark the claim settled by replacement goods? No accounting document is made.")
			: __("Book the company's share of {0} by {1} and mark the claim settled?", [
					format_currency(frm.doc.company_amount, frm.doc.currency),
					__(method),
			  ]);
	frappe.confirm(message, () =>
		frm.call("settle").then(({ message: name }) => {
			frm.reload_doc();
			if (name) {
				frappe.show_alert({ message: __("{0} made", [name]), indicator: "green" });
			}
		})
	);
}
