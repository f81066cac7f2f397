// Copyright (c) 2026, Foreign Trade CRM contributors
// For license information, please see license.txt

frappe.ui.form.on("Letter of Credit", {
	setup(frm) {
		frm.set_query("export_contract", "contracts", () => ({
			filters: { docstatus: 1, customer: frm.doc.customer, currency: frm.doc.currency },
		}));
	},

	refresh(frm) {
		render_goods(frm);
		if (frm.is_new()) {
			frm.add_custom_button(__("From the Bank's Message (MT700)"), () =>
				foreign_trade_crm.credit.from_swift({
					customer: frm.doc.customer,
					company: frm.doc.company,
				})
			);
		}
		if (frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Amendment from the Bank's Message (MT707)"), () =>
				amendment_dialog(frm)
			);
			frm.add_custom_button(
				__("Shipment Notices"),
				() =>
					frappe.set_route("List", "Shipment Notice", {
						letter_of_credit: frm.doc.name,
					}),
				__("View")
			);
			frm.add_custom_button(
				__("Amendments"),
				() =>
					frappe.set_route("List", "Letter of Credit Amendment", {
						letter_of_credit: frm.doc.name,
					}),
				__("View")
			);
			frm.add_custom_button(
				__("Presentations"),
				() =>
					frappe.set_route("List", "Letter of Credit Presentation", {
						letter_of_credit: frm.doc.name,
					}),
				__("View")
			);
			const color =
				{ Advised: "blue", "In Use": "orange", "Fully Drawn": "green" }[frm.doc.status] ||
				"gray";
			frm.dashboard.add_indicator(
				__("Available {0} of {1}", [
					format_currency(frm.doc.available_amount, frm.doc.currency),
					format_currency(frm.doc.maximum_amount, frm.doc.currency),
				]),
				color
			);
		}
	},
});

// the goods lines the check reads from 45A: quantity, unit, description, buyer's code, unit price
function render_goods(frm) {
	const lines = (frm.doc.__onload || {}).goods_lines || [];
	const wrapper = frm.get_field("goods_html").$wrapper;
	if (!lines.length) {
		wrapper.html(
			frm.doc.goods
				? `<p class="text-muted small">${__(
						"No goods line with a quantity was read from the description"
				  )}</p>`
				: ""
		);
		return;
	}
	const esc = frappe.utils.escape_html;
	wrapper.html(`
		<p class="text-muted small">${__("Goods lines the check reads")}</p>
		<table class="table table-sm table-bordered small">
			<thead><tr><th>#</th><th class="text-right">${__("Quantity")}</th><th>${__("Description")}</th>
				<th>${__("Buyer's Code")}</th><th class="text-right">${__("Unit Price")}</th></tr></thead>
			<tbody>${lines
				.map(
					(g) => `<tr><td>${g.idx}</td><td class="text-right">${
						g.about ? __("about") + " " : ""
					}${esc(g.quantity)} ${esc(g.unit)}</td>
					<td>${esc(g.description)}</td><td>${esc(g.buyer_code)}</td>
					<td class="text-right">${esc(g.currency)} ${esc(g.unit_price)}</td></tr>`
				)
				.join("")}</tbody>
		</table>`);
}

function amendment_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Amendment from the Bank's Message"),
		size: "large",
		fields: [
			{
				fieldname: "message",
				fieldtype: "Code",
				label: __("SWIFT Message (MT707 / MT708)"),
				reqd: 1,
			},
		],
		primary_action_label: __("Read the Message"),
		primary_action(values) {
			frappe
				.call({
					method: "foreign_trade_crm.services.letter_of_credit.amendment_from_swift",
					args: { letter_of_credit: frm.doc.name, message: values.message },
					freeze: true,
				})
				.then(({ message }) => {
					dialog.hide();
					frappe.set_route("Form", "Letter of Credit Amendment", message);
				});
		},
	});
	dialog.show();
}
