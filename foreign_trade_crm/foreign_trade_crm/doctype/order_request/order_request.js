// Copyright (c) 2026, Foreign Trade CRM contributors and contributors
// For license information, please see license.txt

// Review and Ranking tab: the ELECTRE I evaluation of an open request, pair by pair, so a manager can
// see why it stands where it does (services/order_review.py)
frappe.ui.form.on("Order Request", {
	refresh(frm) {
		if (frm.doc.review_status) {
			const color = { Complete: "green", "To Check": "orange", "To Fix by Buyer": "red" }[
				frm.doc.review_status
			];
			frm.dashboard.add_indicator(__("Review: {0}", [__(frm.doc.review_status)]), color);
		}
		if (frm.is_new() || frm.doc.status !== "Requested") return;
		frm.add_custom_button(__("Order Request Ranking"), () =>
			frappe.set_route("query-report", "Order Request Ranking")
		);
		frappe
			.call("foreign_trade_crm.services.order_review.get_evaluation", {
				request: frm.doc.name,
			})
			.then(({ message: e }) => {
				if (!e || !e.open) return;
				// the queue moved since the rank was stored: it is stored again, shown as it is now
				if (e.refreshed) frm.reload_doc();
				const esc = frappe.utils.escape_html;
				const pairs = (rows) =>
					rows.length
						? `<table class="table table-sm table-bordered" style="max-width: 560px"><thead><tr><th>${__(
								"Order Request"
						  )}</th>
							<th class="text-right">${__("Concordance")}</th><th class="text-right">${__(
								"Discordance"
						  )}</th></tr></thead><tbody>${rows
								.map(
									(
										r
									) => `<tr><td><a href="/app/order-request/${encodeURIComponent(
										r.name
									)}">${esc(r.name)}</a></td>
									<td class="text-right">${r.concordance}</td><td class="text-right">${r.discordance}</td></tr>`
								)
								.join("")}</tbody></table>`
						: `<p class="text-muted">${__("None")}</p>`;
				frm.get_field("evaluation_html").$wrapper.html(`
					<p><b>${__("Rank {0} of {1} open requests", [e.rank, e.of])}</b>${
					e.in_kernel
						? ` (${__("in the kernel: among the requests to answer first")})`
						: ""
				}.
					${__(
						"A request outranks another when the criteria on which it is at least as good weigh at least {0} of the whole, and on no criterion is it worse by more than {1} of that criterion's range.",
						[e.thresholds.concordance, e.thresholds.discordance]
					)}</p>
					<table class="table table-sm table-bordered" style="max-width: 560px"><thead><tr><th>${__(
						"Criterion"
					)}</th>
						<th class="text-right">${__("Weight")}</th><th class="text-right">${__(
					"Value"
				)}</th></tr></thead><tbody>
						${e.criteria
							.map(
								(c) =>
									`<tr><td>${esc(c.label)}<div class="small text-muted">${esc(
										c.scored
									)}</div></td><td class="text-right">${
										c.weight
									}</td><td class="text-right">${format_number(
										c.value,
										null,
										2
									)}</td></tr>`
							)
							.join("")}
					</tbody></table>
					<h6>${__("Outranks")}</h6>${pairs(e.beats)}
					<h6>${__("Outranked By")}</h6>${pairs(e.beaten_by)}`);
			});
	},
});
