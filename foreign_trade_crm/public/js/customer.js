// Customer: overdue receivables and the risk customer flag (Foreign Trade Settings threshold),
// computed when the form loads (overrides/customer.py) and shown at the top of the form.
frappe.ui.form.on("Customer", {
	refresh(frm) {
		const risk = frm.doc.__onload && frm.doc.__onload.foreign_trade_risk;
		if (!risk || !risk.overdue) return;
		const amount = format_currency(risk.overdue, risk.currency);
		if (risk.is_risk) {
			frm.set_intro(__("Risk customer: {0} overdue", [amount]), "red");
		} else {
			frm.set_intro(
				__("{0} overdue, up to {1} days", [amount, risk.max_days_overdue]),
				"orange"
			);
		}
	},
});

// Customer 360: the export business at a glance (services/customer_overview.py), with links
// to the lists filtered on this customer.
frappe.ui.form.on("Customer", {
	refresh(frm) {
		const o = frm.doc.__onload && frm.doc.__onload.foreign_trade_overview;
		if (!o) return;
		const money = (v) => format_currency(v || 0, o.currency);
		const link = (doctype, label, extra = {}) =>
			`<a href="/app/${frappe.router.slug(doctype)}?${new URLSearchParams({
				customer: frm.doc.name,
				...extra,
			})}">${label}</a>`;
		const item = (label, value) =>
			`<div class="col-sm-3 mb-3"><div class="text-muted small">${label}</div><div>${value}</div></div>`;
		const c = o.contracts,
			r = o.receivables,
			k = o.claims;
		const pct = (m) => (m == null ? "" : ` (${format_number(m, null, 1)}%)`);
		const html = `<div class="row">
			${item(
				link("Export Contract", __("Contracts")),
				`${c.count} · ${__("this year")} ${money(c.this_year)}`
			)}
			${item(__("Contracts in all"), `${money(c.total)} · ${__("largest")} ${money(c.largest)}`)}
			${item(__("Shipped / Pending"), `${money(c.shipped)} / ${money(c.pending)}`)}
			${item(
				link("Export Contract", __("To Countersign"), {
					is_countersigned: 0,
					docstatus: 1,
				}),
				c.to_countersign
			)}
			${item(
				__("Unpaid / Overdue"),
				`${money(r.unpaid)} / <span class="${r.overdue ? "text-danger" : ""}">${money(
					r.overdue
				)}</span>`
			)}
			${item(__("Most Days Overdue"), r.max_days_overdue || 0)}
			${item(
				link("Trade Claim", __("Claims")),
				`${k.count} (${__("{0} open", [k.open])}) · ${money(k.claimed)}`
			)}
			${item(__("Company's Share of Claims"), money(k.company_share))}
			${item(__("Last Contact"), o.last_contact ? frappe.datetime.str_to_user(o.last_contact) : "—")}
			${item(
				__("Last Contract or Order"),
				o.last_order ? frappe.datetime.str_to_user(o.last_order) : "—"
			)}
			${item(
				link("Customer Feedback", __("Open Feedback"), {
					status: JSON.stringify(["!=", "Closed"]),
				}),
				o.open_feedback
			)}
			${
				o.profit
					? item(
							`<a href="/app/query-report/Contract Profit?${new URLSearchParams({
								customer: frm.doc.name,
							})}">${__("Contract Profit")}</a>`,
							`${__("estimated")} ${money(o.profit.estimate)}${pct(
								o.profit.estimate_margin
							)} · ${__("actual")} ` +
								`<span class="${o.profit.actual < 0 ? "text-danger" : ""}">${money(
									o.profit.actual
								)}</span>${pct(o.profit.actual_margin)}`
					  )
					: ""
			}
		</div>`;
		frm.dashboard.add_section(html, __("Foreign Trade"));
		frm.dashboard.show();
	},
});
