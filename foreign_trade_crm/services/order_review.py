"""Order review and ranking of the buyers' open Order Requests (``rules.order_review``), set-wise.

``review_request`` runs when a request is saved (its controller's validate): the findings go on the request,
the buyer's on the portal. ``rank_open_requests`` ranks every open request (status Requested) by ELECTRE I
on five criteria gathered for all of them in a handful of queries, whatever their number, and stores each
one's rank and how many it outranks and is outranked by; it runs when a request is filed or closed, daily,
and from the desk. ``get_evaluation`` tells, for one request, which it outranks and why (the concordance
and discordance of each pair), for a manager to trust the queue.

Criteria (more is better), in company currency, scored by ``rules.order_review``:
- customer value: what was shipped to the customer (shipment invoices) in the last 12 months;
- payment record: 100 − 50 × the overdue share of that amount − 50 × the most days late / 180 (capped);
  50 for a customer with no shipment invoice yet (unknown is neither best nor worst);
- expected margin: (selling − buying) / selling of the requested lines, selling at the customer's price
  list (converted at today's rate), buying at ``services.profit.buying_rates``; lines without either count
  nothing;
- delivery feasibility: days between today + the longest lead time of its items and the wanted shipment
  date (60 when no date is wanted);
- order size: the requested lines at the customer's prices.

One source for the queue: ``evaluate_open`` ranks the open requests as they stand; the rank, outranks and
outranked-by stored on each request are that evaluation's, written again whenever someone looks at a
request and the evaluation has moved (``get_evaluation``), so the fields and the explanation agree.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _, _lt
from frappe.utils import add_months, cint, flt, getdate, now_datetime, nowdate

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER, EXPORT_SALES_USER
from foreign_trade_crm.rules import order_review as rules

OPEN = "Requested"
SETTINGS = "Foreign Trade Settings"
CRITERIA = (
	("customer_value", "weight_customer_value", "Customer Value"),
	("payment_record", "weight_payment_record", "Payment Record"),
	("margin", "weight_margin", "Expected Margin"),
	("delivery", "weight_delivery", "Delivery Feasibility"),
	("order_size", "weight_order_size", "Order Size"),
)
#: how each criterion is scored, for the desk's explanation
SCORED = {
	"customer_value": _lt("Shipped to the customer in the last 12 months, in company currency"),
	"payment_record": _lt(
		"100, less 50 × the overdue share and 50 × the most days late (of 180); 50 when the customer has no invoice yet"
	),
	"margin": _lt("Selling against buying price of the requested lines, in percent"),
	"delivery": _lt("Days from today plus the longest lead time to the wanted shipment date (60 when none)"),
	"order_size": _lt("The requested lines at the customer's prices, in company currency"),
}


# ---------------------------------------------------------------------- review


def usual_quantities(items: list[str]) -> dict[str, tuple[float, float]]:
	"""Item → (smallest, largest) quantity ever quoted or contracted (one query)."""
	if not items:
		return {}
	return {
		item: (flt(low), flt(high))
		for item, low, high in frappe.db.sql(
			"""
			select item_code, min(qty), max(qty) from (
				select qi.item_code, qi.qty from `tabQuotation Item` qi
				join `tabQuotation` q on q.name = qi.parent where q.docstatus = 1 and qi.item_code in %(items)s
				union all
				select eci.item_code, eci.qty from `tabExport Contract Item` eci
				join `tabExport Contract` ec on ec.name = eci.parent
				where ec.docstatus = 1 and eci.item_code in %(items)s
			) history group by item_code
			""",
			{"items": tuple(items)},
		)
	}


def review_request(doc, method=None) -> None:
	"""Order Request ``validate``: its findings, the buyer's apart from ours."""
	findings = rules.review(
		doc.contact_email,
		doc.contact_phone,
		[
			rules.Line(
				d.idx, d.item_code, d.customer_item_code or d.item_name or d.item_code or "", flt(d.qty)
			)
			for d in doc.items
		],
		usual_quantities(list({d.item_code for d in doc.items if d.item_code})),
		getdate(doc.wanted_shipment_date) if doc.wanted_shipment_date else None,
		getdate(doc.request_date or nowdate()) if doc.is_new() else getdate(nowdate()),
	)
	doc.review_status = rules.review_status(findings)
	doc.buyer_problems = "\n".join(f.problem.render(_) for f in findings if f.for_buyer) or None
	doc.review_problems = "\n".join(f.problem.render(_) for f in findings if not f.for_buyer) or None


# ---------------------------------------------------------------------- criteria


def criteria_of_open_requests(today: date | None = None) -> dict[str, tuple[float, ...]]:
	"""Open request → its value on each criterion (``CRITERIA`` order). Queries: requests, lines,
	shipped and overdue per customer, selling prices, buying rates, lead times, exchange rates."""
	from erpnext.setup.utils import get_exchange_rate

	from foreign_trade_crm.services.profit import buying_rates

	today = getdate(today or nowdate())
	requests = frappe.db.sql(
		"""
		select r.name, r.customer, r.wanted_shipment_date, c.default_price_list, c.default_currency
		from `tabOrder Request` r join `tabCustomer` c on c.name = r.customer
		where r.status = %s
		""",
		OPEN,
		as_dict=True,
	)
	if not requests:
		return {}
	names = tuple(r.name for r in requests)
	customers = tuple({r.customer for r in requests})
	lines = frappe.db.sql(
		"select parent, item_code, qty from `tabOrder Request Item` where parent in %(names)s and item_code is not null",
		{"names": names},
		as_dict=True,
	)
	history = {
		customer: (flt(shipped), flt(overdue), cint(days))
		for customer, shipped, overdue, days in frappe.db.sql(
			"""
			select customer, sum(base_grand_total),
				sum(if(outstanding_amount > 0 and coalesce(expected_collection_date, due_date) < %(today)s,
					outstanding_amount * conversion_rate, 0)),
				max(if(outstanding_amount > 0, datediff(%(today)s, coalesce(expected_collection_date, due_date)), 0))
			from `tabSales Invoice`
			where docstatus = 1 and is_return = 0 and ifnull(shipment_notice, '') != ''
				and customer in %(customers)s and posting_date >= %(since)s
			group by customer
			""",
			{"customers": customers, "today": today, "since": add_months(today, -12)},
		)
	}
	items = list({d.item_code for d in lines})
	price_lists = {r.default_price_list for r in requests if r.default_price_list} or {
		frappe.db.get_single_value("Selling Settings", "selling_price_list")
	}
	selling = {}
	for item_code, price_list, rate, currency in frappe.db.sql(
		"""
		select item_code, price_list, price_list_rate, currency from `tabItem Price`
		where selling = 1 and ifnull(customer, '') = '' and price_list in %(lists)s and item_code in %(items)s
		""",
		{"lists": tuple(price_lists), "items": tuple(items) or ("",)},
	):
		selling[price_list, item_code] = (flt(rate), currency)
	company = frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {})
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	buying = buying_rates(items, company, None)
	lead_time = dict(
		frappe.db.sql(
			"select name, lead_time_days from `tabItem` where name in %(items)s",
			{"items": tuple(items) or ("",)},
		)
	)
	rate_of: dict[str, float] = {}

	def to_company(currency: str) -> float:
		if currency not in rate_of:
			rate_of[currency] = (
				1.0
				if currency == company_currency
				else flt(get_exchange_rate(currency, company_currency, today)) or 1.0
			)
		return rate_of[currency]

	lines_of: dict[str, list] = {}
	for d in lines:
		lines_of.setdefault(d.parent, []).append((d.item_code, flt(d.qty)))
	out = {}
	for r in requests:
		own_lines = lines_of.get(r.name, [])
		prices = {}
		for item_code, _qty in own_lines:
			price = selling.get((r.default_price_list, item_code))
			if price:
				prices[item_code] = price[0] * to_company(price[1])
		out[r.name] = rules.request_criteria(
			own_lines,
			prices,
			buying,
			lead_time,
			history.get(r.customer, (0.0, 0.0, 0)),
			getdate(r.wanted_shipment_date) if r.wanted_shipment_date else None,
			today,
		).values()
	return out


def weights_and_thresholds() -> tuple[list[float], float, float]:
	"""The settings' weights (all equal when none is set) and thresholds; a threshold set to 0 is 0, an
	empty one takes the default (0.65, 0.35)."""
	s = frappe.get_cached_doc(SETTINGS)
	weights = [max(flt(s.get(field)), 0.0) for _key, field, _label in CRITERIA]
	if not any(weights):
		weights = [1.0] * len(CRITERIA)
	stored = dict(
		frappe.db.sql(
			"""select field, value from `tabSingles` where doctype = %s
			and field in ('concordance_threshold', 'discordance_threshold')""",
			SETTINGS,
		)
	)

	def threshold(field: str, default: float) -> float:
		value = stored.get(field)
		return default if value in (None, "") else min(max(flt(value), 0.0), 1.0)

	return weights, threshold("concordance_threshold", 0.65), threshold("discordance_threshold", 0.35)


# ---------------------------------------------------------------------- ranking


def evaluate_open(today=None) -> tuple[rules.Evaluation, dict]:
	found = criteria_of_open_requests(today)
	weights, c_star, d_star = weights_and_thresholds()
	return rules.evaluate(found, weights, c_star, d_star), found


def stored_figures(evaluation: rules.Evaluation) -> dict[str, dict]:
	"""What each open request keeps of an evaluation: its place in the queue and its outranking counts."""
	return {
		name: {
			"rank": position,
			"outranks": len(evaluation.beats(name)),
			"outranked_by": len(evaluation.beaten_by(name)),
		}
		for position, name in enumerate(evaluation.order, 1)
	}


def rank_open_requests(today=None, evaluation: rules.Evaluation | None = None) -> int:
	"""Every open request's rank and outranking counts, stored set-wise; closed ones lose theirs."""
	evaluation = evaluation or evaluate_open(today)[0]
	now = now_datetime()
	updates = {name: {**figures, "ranked_on": now} for name, figures in stored_figures(evaluation).items()}
	frappe.db.sql(
		"""update `tabOrder Request` set `rank` = 0, outranks = 0, outranked_by = 0
		where status != %s and ifnull(`rank`, 0) != 0""",
		OPEN,
	)
	if updates:
		frappe.db.bulk_update("Order Request", updates, update_modified=False)
	return len(updates)


def rank_after_change(doc, method=None) -> None:
	"""Order Request ``on_update``: the queue again, after the request's transaction (one job at a time)."""
	frappe.enqueue(
		"foreign_trade_crm.services.order_review.rank_open_requests",
		queue="short",
		job_id="ftcrm-rank-order-requests",
		deduplicate=True,
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
	)


def _check_desk_user() -> None:
	if not {EXPORT_SALES_MANAGER, EXPORT_SALES_USER, "System Manager"} & set(frappe.get_roles()):
		frappe.throw(_("Only the export sales team sees the order request ranking"), frappe.PermissionError)


@frappe.whitelist()
def rank_now() -> int:
	"""Rank the open requests at once (the list's button)."""
	_check_desk_user()
	frappe.has_permission("Order Request", "write", throw=True)
	return rank_open_requests()


@frappe.whitelist()
def get_evaluation(request: str) -> dict:
	"""One open request's criteria, and which requests it outranks and is outranked by, with the
	concordance and discordance of each pair, as the ranking found them."""
	_check_desk_user()
	doc = frappe.get_doc("Order Request", request)
	doc.check_permission("read")
	evaluation, found = evaluate_open()
	if request not in found:
		return {"open": False}
	weights, c_star, d_star = weights_and_thresholds()
	# one source: the stored rank and counts are this evaluation's (the queue moves as days pass and the
	# customers pay); written again when they differ, and the form reloads them
	figures = stored_figures(evaluation)
	stored = {
		name: {"rank": rank, "outranks": outranks, "outranked_by": outranked_by}
		for name, rank, outranks, outranked_by in frappe.db.sql(
			"""select name, `rank`, outranks, outranked_by from `tabOrder Request` where name in %(names)s""",
			{"names": tuple(figures)},
		)
	}
	refreshed = stored != figures
	if refreshed:
		rank_open_requests(evaluation=evaluation)

	def pair(a, b):
		return {
			"concordance": round(evaluation.concordance[a, b], 3),
			"discordance": round(evaluation.discordance[a, b], 3),
		}

	from foreign_trade_crm.services.isolation import is_restricted, own_customers

	visible = None
	if is_restricted():
		customers = own_customers()
		visible = set(
			frappe.get_all(
				"Order Request", filters={"customer": ("in", list(customers) or [""])}, pluck="name"
			)
		)

	def shown(names):
		return [{"name": n, **pair(request, n)} for n in names if visible is None or n in visible]

	return {
		"open": True,
		"refreshed": refreshed,
		"rank": evaluation.order.index(request) + 1,
		"of": len(evaluation.order),
		"in_kernel": request in evaluation.kernel,
		"thresholds": {"concordance": c_star, "discordance": d_star},
		"criteria": [
			{"label": _(label), "weight": weights[i], "value": found[request][i], "scored": str(SCORED[key])}
			for i, (key, _field, label) in enumerate(CRITERIA)
		],
		"beats": shown(evaluation.beats(request)),
		"beaten_by": [
			{
				"name": n,
				"concordance": round(evaluation.concordance[n, request], 3),
				"discordance": round(evaluation.discordance[n, request], 3),
			}
			for n in evaluation.beaten_by(request)
			if visible is None or n in visible
		],
	}
