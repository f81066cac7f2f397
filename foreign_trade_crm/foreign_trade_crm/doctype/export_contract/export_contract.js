// Copyright (c) 2026, Foreign Trade CRM contributors
// For license information, please see license.txt

const CONTRACT_SERVICE = "foreign_trade_crm.services.contract";

frappe.ui.form.on("Export Contract", {
	setup(frm) {
		frm.set_query("item_code", "items", () => ({
			filters: { is_sales_item: 1, disabled: 0 },
		}));
		frm.set_query("payment_terms_template", () => ({ filters: { disabled: 0 } }));
		frm.set_query("selling_price_list", () => ({ filters: { selling: 1, enabled: 1 } }));
		// what is still needed to submit, in place of Frappe's "Submit this document to confirm"
		frm.show_submit_message = () => show_what_submit_needs(frm);
	},

	// a new contract takes its currency, rate, price list, payment terms and sales person from the buyer,
	// as ERPNext's Sales Order does (services/contract.py customer_defaults)
	customer(frm) {
		if (!frm.doc.customer || frm.doc.docstatus !== 0) return;
		frappe
			.call(`${CONTRACT_SERVICE}.customer_defaults`, {
				customer: frm.doc.customer,
				company: frm.doc.company,
				contract_date: frm.doc.contract_date,
			})
			.then(({ message: d }) => {
				if (!d) return;
				frm.set_value({
					currency: d.currency,
					conversion_rate: d.conversion_rate,
					selling_price_list: d.selling_price_list || frm.doc.selling_price_list,
					payment_terms_template:
						d.payment_terms_template || frm.doc.payment_terms_template,
					sales_person: frm.doc.sales_person || d.sales_person,
				});
			});
	},

	currency(frm) {
		if (!frm.doc.currency || !frm.doc.company || frm.doc.docstatus !== 0) return;
		frappe
			.call(`${CONTRACT_SERVICE}.customer_defaults`, {
				customer: frm.doc.customer,
				company: frm.doc.company,
				contract_date: frm.doc.contract_date,
				currency: frm.doc.currency,
			})
			.then(({ message: d }) => d && frm.set_value("conversion_rate", d.conversion_rate));
	},

	before_save(frm) {
		const company_currency = frm.doc.company && erpnext.get_currency(frm.doc.company);
		if (
			frm.doc.docstatus === 0 &&
			frm.doc.currency &&
			company_currency &&
			frm.doc.currency !== company_currency &&
			flt(frm.doc.conversion_rate) === 1 &&
			!frm.doc.confirm_exchange_rate_one
		) {
			frappe.validated = false;
			frappe.confirm(
				__("The exchange rate of {0} to {1} is 1. Save it at 1?", [
					frm.doc.currency,
					company_currency,
				]),
				() => {
					frm.doc.confirm_exchange_rate_one = 1; // the server refuses rate 1 without it
					frm.save();
				}
			);
		}
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
		mark_submit_fields(frm);
		if (frm.doc.docstatus !== 1) return;
		const open = ["To Countersign", "To Ship", "Partly Shipped"].includes(frm.doc.status);

		if (!frm.doc.is_countersigned && frm.doc.status !== "Closed") {
			frm.add_custom_button(__("Record Countersign"), () =>
				countersign_dialog(frm)
			).addClass("btn-primary");
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
			frm.add_custom_button(
				__("Purchase Order"),
				() => make_purchase_orders(frm),
				__("Create")
			);
		}
		if (frappe.user.has_role(["Export Sales Manager", "System Manager"])) {
			if (open) {
				frm.add_custom_button(__("Close"), () => close_dialog(frm), __("Status"));
			} else if (frm.doc.status === "Closed") {
				frm.add_custom_button(
					__("Reopen"),
					() =>
						frappe
							.call(`${CONTRACT_SERVICE}.reopen`, { contract: frm.doc.name })
							.then(() => frm.reload_doc()),
					__("Status")
				);
			}
		}
		frm.dashboard.add_indicator(
			__("Shipped {0}% of its value", [format_number(frm.doc.per_shipped || 0, null, 1)]),
			frm.doc.per_shipped >= 100 ? "green" : frm.doc.per_shipped > 0 ? "orange" : "red"
		);
	},

	contract_date(frm) {
		frm.set_value("countersign_due_date", null);
	},

	tolerance_percent(frm) {
		(frm.doc.items || []).forEach((row) => {
			if (!row.override_tolerance)
				frappe.model.set_value(
					row.doctype,
					row.name,
					"tolerance_percent",
					frm.doc.tolerance_percent
				);
		});
	},
});

frappe.ui.form.on("Export Contract Item", {
	qty: set_amount,
	rate: set_amount,
	// a line takes its name, UOM, the buyer's code and the price list's rate from the item
	item_code(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!row.item_code) return;
		frappe
			.call(`${CONTRACT_SERVICE}.item_defaults`, {
				item_code: row.item_code,
				customer: frm.doc.customer,
				price_list: frm.doc.selling_price_list,
				currency: frm.doc.currency,
			})
			.then(({ message: d }) => {
				if (!d) return;
				const values = {
					item_name: d.item_name,
					uom: d.uom,
					customer_item_code: d.customer_item_code,
				};
				if (d.rate != null && !row.rate) values.rate = d.rate;
				frappe.model.set_value(cdt, cdn, values);
			});
	},
	items_add(frm, cdt, cdn) {
		frappe.model.set_value(cdt, cdn, "tolerance_percent", frm.doc.tolerance_percent);
	},
	override_tolerance(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!row.override_tolerance)
			frappe.model.set_value(cdt, cdn, "tolerance_percent", frm.doc.tolerance_percent);
	},
});

function set_amount(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(
		cdt,
		cdn,
		"amount",
		flt(flt(row.qty) * flt(row.rate), precision("amount", row))
	);
}

// the trade terms the server requires to submit (rules/shipment.py REQUIRED_TERMS, sent with the form)
function submit_fields(frm) {
	return (frm.doc.__onload && frm.doc.__onload.submit_fields) || SUBMIT_FIELDS || [];
}

// what submitting needs, for a new contract too (a saved one has it from its onload): asked once
let SUBMIT_FIELDS = null;

function mark_submit_fields(frm) {
	if (!SUBMIT_FIELDS && !(frm.doc.__onload && frm.doc.__onload.submit_fields)) {
		frappe
			.xcall(`${CONTRACT_SERVICE}.submit_fields`)
			.then((fields) => (SUBMIT_FIELDS = fields) && mark_submit_fields(frm));
		return;
	}
	const draft = frm.doc.docstatus === 0;
	for (const fieldname of submit_fields(frm)) {
		const field = frm.get_field(fieldname);
		if (field && field.$wrapper)
			field.$wrapper.find(".control-label").toggleClass("reqd", draft);
	}
}

function show_what_submit_needs(frm) {
	if (frm.is_new() || frm.doc.docstatus !== 0 || frm.is_dirty()) return;
	const missing = submit_fields(frm).filter((f) => !frm.doc[f]);
	if (missing.length) {
		const labels = missing.map((f) => __(frappe.meta.get_label(frm.doctype, f, frm.doc.name)));
		frm.dashboard.add_comment(
			__("Before submitting, fill in: {0}", [labels.join(", ")]),
			"orange",
			true
		);
	} else if (frm.perm[0] && frm.perm[0].submit) {
		frm.dashboard.add_comment(
			__("Submit the contract to send it to the buyer for countersigning"),
			"blue",
			true
		);
	}
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
			const links = names.map((name) =>
				frappe.utils.get_form_link("Purchase Order", name, true)
			);
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
			{
				fieldname: "countersigned_on",
				label: __("Countersigned On"),
				fieldtype: "Date",
				reqd: 1,
				default: frappe.datetime.get_today(),
			},
			{ fieldname: "countersigned_by", label: __("Signed By (Buyer)"), fieldtype: "Data" },
			{
				fieldname: "signed_copy",
				label: __("Signed Copy"),
				fieldtype: "Attach",
				description: __(
					"The contract as the buyer signed it (PDF or a photo); kept as a private attachment of the contract."
				),
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
		[
			{
				fieldname: "reason",
				label: __("Reason for Closing"),
				fieldtype: "Small Text",
				reqd: 1,
			},
		],
		(values) =>
			frappe
				.call(`${CONTRACT_SERVICE}.close`, {
					contract: frm.doc.name,
					reason: values.reason,
				})
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
		.call({
			method: "foreign_trade_crm.services.profit_ledger.get_contract_profit",
			args: { contract: frm.doc.name },
		})
		.then(({ message: p }) => {
			const money = (v) => format_currency(v, p.currency);
			const tone = (v) => (v < 0 ? "text-danger" : v > 0 ? "text-success" : "text-muted");
			const margin = (m) => (m == null ? "" : ` (${format_number(m, null, 2)}%)`);
			const cells = (r) => `<td class="text-right">${money(r.estimate)}</td>
				<td class="text-right">${money(r.booked)}</td>
				<td class="text-right">${money(r.committed)}</td>
				<td class="text-right">${money(r.forecast)}</td>`;
			// costs are positive: a cost above its estimate is a loss of profit
			const cost_tone = (r) =>
				["sales", "exchange", "rebate"].includes(r.kind)
					? tone(r.variance)
					: tone(-r.variance);
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
						<th class="text-right">${__("Forecast")}</th><th class="text-right">${__(
				"Variance"
			)}</th></tr></thead>
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
				${
					frm.doc.docstatus === 1 && shipped.length
						? `
				<h6>${__("On what has shipped ({0}% of the contract's value)", [
					format_number(p.shipped_percent, null, 1),
				])}</h6>
				<table class="table table-bordered table-condensed" style="max-width: 480px"><tbody>
					${shipped
						.map(
							(r) =>
								`<tr><td>${frappe.utils.escape_html(
									r.label
								)}</td><td class="text-right">${money(r.on_shipped)}</td></tr>`
						)
						.join("")}
					<tr class="bold"><td>${__("Profit")}</td><td class="text-right ${tone(
								p.profit.on_shipped
						  )}">${money(p.profit.on_shipped)}${margin(p.margin.on_shipped)}</td></tr>
				</tbody></table>
				<p class="small text-muted">${__(
					"The sales booked for what has shipped, against the cost of those goods: at what the suppliers billed, or at the estimate's rate where they have not billed yet; freight, insurance and other costs as booked, or the estimate's share while none is booked."
				)}</p>`
						: ""
				}
				<p class="text-muted small">${__(
					"Costs count as positive; sales, exchange gains and the rebate add to profit. Tag freight and insurance bills, bank charges and commissions with this contract (Export Contract field) to see them here; a bill, a shipment or a collection of several contracts is shared among them by their lines."
				)}</p>`);
			if (frm.doc.docstatus === 1 && p.profit.forecast) {
				frm.dashboard.add_indicator(
					__("Forecast Profit {0}", [money(p.profit.forecast)]) +
						margin(p.margin.forecast),
					p.profit.forecast < 0 ? "red" : "green"
				);
			}
		});
}
