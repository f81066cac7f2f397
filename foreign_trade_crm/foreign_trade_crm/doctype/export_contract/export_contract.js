// Copyright (c) 2026, Foreign Trade CRM contributors
// For license information, please see license.txt

const CONTRACT_SERVICE = "foreign_trade_crm.services.contract";

frappe.ui.form.on("Export Contract", {
	setup(frm) {
		frm.set_query("item_code", "items", () => ({ filters: { is_sales_item: 1, disabled: 0 } }));
		frm.set_query("payment_terms_template", () => ({ filters: { disabled: 0 } }));
	},

	onload(frm) {
		if (frm.is_new() && frm.doc.tolerance_percent == null) {
			frappe.db
				.get_single_value("Foreign Trade Settings", "default_tolerance_percent")
				.then((value) => frm.set_value("tolerance_percent", value || 0));
		}
	},

	refresh(frm) {
		foreign_trade_crm.excel.add_import_button(frm);
		render_profit(frm);
		if (frm.doc.docstatus !== 1) return;
		const open = ["To Countersign", "To Ship", "Partly Shipped"].includes(frm.doc.status);

		if (!frm.doc.is_countersigned && frm.doc.status !== "Closed") {
			frm.add_custom_button(__("Record Countersign"), () => countersign_dialog(frm)).addClass(
				"btn-primary"
			);
		}
		if (open) {
			frm.add_custom_button(
				__("Shipment Notice"),
				() =>
					frappe.model.open_mapped_doc({
						method: `${CONTRACT_SERVICE}.make_shipment_notice`,
						frm,
					}),
				__("Create")
			);
		}
		if (frm.doc.status !== "Closed" && frappe.model.can_create("Purchase Order")) {
			frm.add_custom_button(__("Purchase Order"), () => make_purchase_orders(frm), __("Create"));
		}
		if (frappe.user.has_role(["Export Sales Manager", "System Manager"])) {
			if (open) {
				frm.add_custom_button(__("Close"), () => close_dialog(frm), __("Status"));
			} else if (frm.doc.status === "Closed") {
				frm.add_custom_button(
					__("Reopen"),
					() => frappe.call(`${CONTRACT_SERVICE}.reopen`, { contract: frm.doc.name }).then(() => frm.reload_doc()),
					__("Status")
				);
			}
		}
		frm.dashboard.add_indicator(
			__("Shipped {0}%", [format_number(frm.doc.per_shipped || 0, null, 1)]),
			frm.doc.per_shipped >= 100 ? "green" : frm.doc.per_shipped > 0 ? "orange" : "red"
		);
	},

	contract_date(frm) {
		frm.set_value("countersign_due_date", null);
	},

	tolerance_percent(frm) {
		(frm.doc.items || []).forEach((row) => {
			if (!row.override_tolerance) frappe.model.set_value(row.doctype, row.name, "tolerance_percent", frm.doc.tolerance_percent);
		});
	},
});

frappe.ui.form.on("Export Contract Item", {
	qty: set_amount,
	rate: set_amount,
	items_add(frm, cdt, cdn) {
		frappe.model.set_value(cdt, cdn, "tolerance_percent", frm.doc.tolerance_percent);
	},
	override_tolerance(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!row.override_tolerance) frappe.model.set_value(cdt, cdn, "tolerance_percent", frm.doc.tolerance_percent);
	},
});

function set_amount(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty * row.rate, precision("amount", row)));
}

function make_purchase_orders(frm) {
	frappe
		.call({
			method: "foreign_trade_crm.services.purchasing.make_purchase_orders",
			args: { contract: frm.doc.name },
			freeze: true,
			freeze_message: __("Making Purchase Orders..."),
		})
		.then((r) => {
			const names = r.message || [];
			if (!names.length) return;
			if (names.length === 1) {
				frappe.set_route("Form", "Purchase Order", names[0]);
				return;
			}
			const links = names.map((name) => frappe.utils.get_form_link("Purchase Order", name, true));
			frappe.msgprint({
				title: __("Purchase Orders Made"),
				message: __("Draft Purchase Orders, one per supplier: {0}", [links.join(", ")]),
				indicator: "green",
			});
		});
}

function countersign_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Record Countersign"),
		fields: [
			{ fieldname: "countersigned_on", label: __("Countersigned On"), fieldtype: "Date", reqd: 1, default: frappe.datetime.get_today() },
			{ fieldname: "countersigned_by", label: __("Signed By (Buyer)"), fieldtype: "Data" },
			{
				fieldname: "signed_copy",
				label: __("Signed Copy"),
				fieldtype: "Attach",
				description: __("The contract as the buyer signed it (PDF or a photo); kept as a private attachment of the contract."),
			},
		],
		primary_action_label: __("Record"),
		primary_action(values) {
			frappe
				.call(`${CONTRACT_SERVICE}.countersign`, { contract: frm.doc.name, ...values })
				.then(() => {
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

function close_dialog(frm) {
	frappe.prompt(
		[{ fieldname: "reason", label: __("Reason for Closing"), fieldtype: "Small Text", reqd: 1 }],
		(values) =>
			frappe
				.call(`${CONTRACT_SERVICE}.close`, { contract: frm.doc.name, reason: values.reason })
				.then(() => frm.reload_doc()),
		__("Close Export Contract"),
		__("Close")
	);
}

// the Profit tab (managers and accounts users: the fields are of permission level 1): per kind, the estimate
// kept when the contract was submitted, what the ledger has booked, what is ordered and not billed, the
// forecast at completion and its variance from the estimate; then the profit on what has shipped, like with
// like (services/profit.py)
function render_profit(frm) {
	const field = frm.get_field("profit_html");
	if (!field || frm.is_new() || !frm.perm[1] || !frm.perm[1].read) return;
	frappe
		.call({ method: "foreign_trade_crm.services.profit.get_contract_profit", args: { contract: frm.doc.name } })
		.then(({ message: p }) => {
			const money = (v) => format_currency(v, p.currency);
			const tone = (v) => (v < 0 ? "text-danger" : v > 0 ? "text-success" : "text-muted");
			const margin = (m) => (m == null ? "" : ` (${format_number(m, null, 2)}%)`);
			const cells = (r) => `<td class="text-right">${money(r.estimate)}</td>
				<td class="text-right">${money(r.booked)}</td>
				<td class="text-right">${money(r.committed)}</td>
				<td class="text-right">${money(r.forecast)}</td>`;
			// costs are positive: a cost above its estimate is a loss of profit
			const cost_tone = (r) => (["sales", "exchange", "rebate"].includes(r.kind) ? tone(r.variance) : tone(-r.variance));
			const rows = p.rows
				.filter((r) => r.estimate || r.booked || r.committed || r.forecast)
				.map(
					(r) => `<tr><td>${frappe.utils.escape_html(r.label)}</td>${cells(r)}
					<td class="text-right ${cost_tone(r)}">${money(r.variance)}</td></tr>`
				)
				.join("");
			const shipped = p.rows.filter((r) => r.on_shipped);
			field.$wrapper.html(`
				<table class="table table-bordered table-condensed" style="max-width: 900px">
					<thead><tr><th></th><th class="text-right">${__("Estimate")}</th>
						<th class="text-right">${__("Booked to Date")}</th><th class="text-right">${__("Committed")}</th>
						<th class="text-right">${__("Forecast")}</th><th class="text-right">${__("Variance")}</th></tr></thead>
					<tbody>${rows}</tbody>
					<tfoot><tr class="bold"><td>${__("Profit")}</td>
						<td class="text-right">${money(p.profit.estimate)}${margin(p.margin.estimate)}</td>
						<td class="text-right">${money(p.profit.booked)}</td>
						<td class="text-right">${money(p.profit.committed)}</td>
						<td class="text-right">${money(p.profit.forecast)}${margin(p.margin.forecast)}</td>
						<td class="text-right ${tone(p.profit.variance)}">${money(p.profit.variance)}</td></tr></tfoot>
				</table>
				<p class="small">${__(
					"Estimate: as the contract was submitted. Booked: what the ledger holds for this contract to date. Committed: purchase orders not yet billed. Forecast: booked, plus committed, plus the estimate of what is neither (goods not yet ordered, the sales and costs of what has not shipped). The variance is the forecast less the estimate."
				)}</p>
				${frm.doc.docstatus === 1 && shipped.length ? `
				<h6>${__("On what has shipped ({0}% of the contract's value)", [format_number(p.shipped_percent, null, 1)])}</h6>
				<table class="table table-bordered table-condensed" style="max-width: 480px"><tbody>
					${shipped.map((r) => `<tr><td>${frappe.utils.escape_html(r.label)}</td><td class="text-right">${money(r.on_shipped)}</td></tr>`).join("")}
					<tr class="bold"><td>${__("Profit")}</td><td class="text-right ${tone(p.profit.on_shipped)}">${money(p.profit.on_shipped)}${margin(p.margin.on_shipped)}</td></tr>
				</tbody></table>
				<p class="small text-muted">${__(
					"The sales booked for what has shipped, against the cost of those goods: at what the suppliers billed, or at the estimate's rate where they have not billed yet; freight, insurance and other costs as booked, or the estimate's share while none is booked."
				)}</p>` : ""}
				<p class="text-muted small">${__(
					"Costs count as positive; sales, exchange gains and the rebate add to profit. Tag freight and insurance bills, bank charges and commissions with this contract (Export Contract field) to see them here; a bill, a shipment or a collection of several contracts is shared among them by their lines."
				)}</p>`);
			if (frm.doc.docstatus === 1 && p.profit.forecast) {
				frm.dashboard.add_indicator(
					__("Forecast Profit {0}", [money(p.profit.forecast)]) + margin(p.margin.forecast),
					p.profit.forecast < 0 ? "red" : "green"
				);
			}
		});
}
