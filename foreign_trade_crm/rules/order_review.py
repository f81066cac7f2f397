"""Order review and evaluation (seed 004 §3.1.2: 訂單審核, 訂單評估): is a buyer's order request complete and
plausible, and in what order should open requests be answered (ELECTRE I outranking).

Review: the contact's e-mail and phone well formed, every line one of our items (by our code or the
buyer's), its quantity within the item's usual range (a tenth of the smallest to ten times the largest
quantity ever quoted or contracted of it), the wanted shipment date not past. Each problem says whether
the buyer must fix it (shown on the portal) or we must check it.

Evaluation, ELECTRE I (Roy 1968; Figueira, Mousseau and Roy, "ELECTRE methods", in Multiple Criteria
Decision Analysis: State of the Art Surveys, Springer 2005): every criterion is "more is better"; for two
requests a and b,
	concordance c(a, b) = Σ weights of the criteria where a ≥ b / Σ all weights
	discordance d(a, b) = max over the criteria where b > a of (g(b) − g(a)) / (that criterion's range)
and a outranks b when c(a, b) ≥ ĉ and d(a, b) ≤ d̂. The queue goes by kernel levels: first Roy's kernel of
the outranking graph (its cycles condensed first), then the kernel of what is left, and so on; within a
level by how many a request outranks less how many outrank it (net outranking), then by the sum of its
concordance over the others, then by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from foreign_trade_crm.rules.messages import Problem, _
from foreign_trade_crm.rules.text import is_email

PHONE_CHARS = re.compile(r"^[+()\d\s./-]+$")


# ---------------------------------------------------------------------- review


@dataclass(frozen=True)
class Line:
	idx: int
	item_code: str | None
	label: str
	qty: float


@dataclass(frozen=True)
class Finding:
	problem: Problem
	for_buyer: bool


def review(
	email: str | None,
	phone: str | None,
	lines: Sequence[Line],
	usual_qty: Mapping[str, tuple[float, float]],
	wanted: date | None,
	today: date,
) -> list[Finding]:
	"""What is wrong with a request, each finding for the buyer to fix or for us to check."""
	found = []
	if not (email or "").strip():
		found.append(Finding(Problem("review", _("Give a contact e-mail")), True))
	elif not is_email(email):
		found.append(
			Finding(Problem("review", _("The contact e-mail {0} is not an e-mail address"), (email,)), True)
		)
	digits = re.sub(r"\D", "", phone or "")
	if not (phone or "").strip():
		found.append(Finding(Problem("review", _("Give a contact phone number")), True))
	elif not PHONE_CHARS.match(phone.strip()) or not 6 <= len(digits) <= 20:
		found.append(
			Finding(Problem("review", _("The contact phone {0} is not a phone number"), (phone,)), True)
		)
	for line in lines:
		if not line.item_code:
			found.append(
				Finding(
					Problem(
						"review",
						_(
							"Line {0} ({1}) matches none of our items: give our item code, or yours if we supplied it"
						),
						(line.idx, line.label),
					),
					True,
				)
			)
			continue
		low_high = usual_qty.get(line.item_code)
		if low_high:
			low, high = low_high
			if line.qty < low / 10 or line.qty > high * 10:
				found.append(
					Finding(
						Problem(
							"review",
							_("Line {0} ({1}): {2} is far from the usual {3} to {4}"),
							(line.idx, line.label, line.qty, low, high),
						),
						False,
					)
				)
	if wanted and wanted < today:
		found.append(
			Finding(
				Problem("review", _("The wanted shipment date {0} has passed"), (wanted.isoformat(),)), True
			)
		)
	return found


def review_status(findings: Sequence[Finding]) -> str:
	if any(f.for_buyer for f in findings):
		return "To Fix by Buyer"
	return "To Check" if findings else "Complete"


# ---------------------------------------------------------------------- criteria
#
# Each open request is valued on five criteria, more is better (``services.order_review`` gathers the figures
# set-wise): customer value, payment record, expected margin, delivery feasibility and order size.

#: the payment record of a customer with no shipment invoice yet: unknown is neither best nor worst
UNKNOWN_PAYMENT_RECORD = 50.0
#: days of slack counted when no shipment date is wanted
NO_DATE_SLACK = 60
LATE_DAYS_CAP = 180


def payment_record(shipped: float, overdue: float, most_days_late: int) -> float:
	"""100 for a customer who paid everything on time, less 50 × the share of what was shipped that is
	overdue and 50 × the most days late (capped at 180); ``UNKNOWN_PAYMENT_RECORD`` without any history."""
	if not shipped and not overdue:
		return UNKNOWN_PAYMENT_RECORD
	overdue_share = min(overdue / shipped, 1.0) if shipped else 1.0
	late = min(max(most_days_late, 0), LATE_DAYS_CAP) / LATE_DAYS_CAP
	return round(100 - 50 * overdue_share - 50 * late, 2)


@dataclass(frozen=True)
class Criteria:
	"""One request's values, in ``CRITERIA`` order (services.order_review)."""

	customer_value: float  # shipped to the customer in the last twelve months, company currency
	payment: float
	margin: float
	slack: float
	size: float  # the requested lines at the customer's selling prices, company currency

	def values(self) -> tuple[float, ...]:
		return (self.customer_value, self.payment, self.margin, self.slack, self.size)


def request_criteria(
	lines: Sequence[tuple[str, float]],
	selling: Mapping[str, float],
	buying: Mapping[str, float],
	lead_days: Mapping[str, int],
	history: tuple[float, float, int],
	wanted: date | None,
	today: date,
) -> Criteria:
	"""A request's criteria from its (item, qty) lines and the figures gathered for it: the selling price of
	each item in company currency (for the customer's price list), its buying rate and lead time, and the
	customer's (shipped, overdue, most days late) of the last twelve months.

	A line with no selling price adds nothing to the size; one with a selling price but no buying rate adds
	its selling amount to the cost too (no margin is claimed for what we cannot price)."""
	shipped, overdue, days = history
	size = cost = 0.0
	longest = 0
	for item_code, qty in lines:
		price = selling.get(item_code)
		if price:
			amount = price * qty
			size += amount
			cost += buying[item_code] * qty if item_code in buying else amount
		longest = max(longest, int(lead_days.get(item_code) or 0))
	return Criteria(
		customer_value=round(shipped, 2),
		payment=payment_record(shipped, overdue, days),
		margin=expected_margin(size, cost),
		slack=delivery_slack(wanted, today, longest),
		size=round(size, 2),
	)


def expected_margin(selling: float, buying: float) -> float:
	"""(selling − buying) / selling of the requested lines, in percent; 0 when nothing is priced."""
	return round((selling - buying) / selling * 100, 2) if selling else 0.0


def delivery_slack(wanted: date | None, today: date, longest_lead_days: int) -> float:
	"""Days between today + the longest lead time of the request's items and the wanted shipment date."""
	if not wanted:
		return float(NO_DATE_SLACK)
	return float((wanted - today).days - max(longest_lead_days, 0))


# ---------------------------------------------------------------------- ELECTRE I


@dataclass(frozen=True)
class Evaluation:
	names: tuple[str, ...]
	concordance: dict[tuple[str, str], float]
	discordance: dict[tuple[str, str], float]
	outranks: frozenset[tuple[str, str]]  # (a, b): a outranks b
	order: tuple[str, ...]  # the queue, best first: the kernel, then the kernel of the rest, ...
	kernel: frozenset[str]
	level: dict[str, int]  # 1 for the kernel, 2 for the kernel of what is left, ...

	def beaten_by(self, name: str) -> list[str]:
		return [a for a in self.names if (a, name) in self.outranks]

	def beats(self, name: str) -> list[str]:
		return [b for b in self.names if (name, b) in self.outranks]


def concordance(a: Sequence[float], b: Sequence[float], weights: Sequence[float]) -> float:
	total = sum(weights)
	if not total:
		return 0.0
	return sum(w for x, y, w in zip(a, b, weights, strict=True) if x >= y) / total


def discordance(a: Sequence[float], b: Sequence[float], scale: Sequence[float]) -> float:
	"""The largest margin by which b beats a on a criterion, each in units of ``scale`` (a criterion's
	range; 1 to keep raw differences)."""
	return max(
		((y - x) / s if s else 0.0 for x, y, s in zip(a, b, scale, strict=True) if y > x),
		default=0.0,
	)


def check_parameters(
	weights: Sequence[float], concordance_threshold: float, discordance_threshold: float, shares: bool = True
):
	"""Weights are non-negative and not all zero; the concordance threshold is a share, 0 to 1 (0
	included), and so is the discordance threshold when discordance is measured in shares of each
	criterion's range (``shares``; else it is in the criteria's own units, not negative)."""
	if any(w < 0 for w in weights):
		raise ValueError("ELECTRE weights must not be negative")
	if not any(weights):
		raise ValueError("ELECTRE needs a criterion of some weight")
	if not 0 <= concordance_threshold <= 1:
		raise ValueError("the ELECTRE concordance threshold is a share from 0 to 1")
	if discordance_threshold < 0 or (shares and discordance_threshold > 1):
		raise ValueError("the ELECTRE discordance threshold is a share from 0 to 1")


def components(names: Sequence[str], edges: frozenset[tuple[str, str]]) -> list[frozenset[str]]:
	"""The strongly connected components of the outranking graph (Tarjan's, iterative): requests that
	outrank each other, directly or around a cycle, are as good as each other."""
	succ: dict[str, list[str]] = {n: [] for n in names}
	for a, b in edges:
		succ[a].append(b)
	index: dict[str, int] = {}
	low: dict[str, int] = {}
	stack: list[str] = []
	on_stack: set[str] = set()
	out: list[frozenset[str]] = []
	counter = 0
	for root in names:
		if root in index:
			continue
		work = [(root, 0)]
		while work:
			node, i = work.pop()
			if i == 0:
				index[node] = low[node] = counter
				counter += 1
				stack.append(node)
				on_stack.add(node)
			recurse = False
			for j in range(i, len(succ[node])):
				nxt = succ[node][j]
				if nxt not in index:
					work.append((node, j + 1))
					work.append((nxt, 0))
					recurse = True
					break
				if nxt in on_stack:
					low[node] = min(low[node], index[nxt])
			if recurse:
				continue
			if low[node] == index[node]:
				part = set()
				while True:
					top = stack.pop()
					on_stack.discard(top)
					part.add(top)
					if top == node:
						break
				out.append(frozenset(part))
			if work:
				parent = work[-1][0]
				low[parent] = min(low[parent], low[node])
	return out


def kernel_levels(names: Sequence[str], edges: frozenset[tuple[str, str]]) -> dict[str, int]:
	"""Each request's level: 1 for the kernel of the outranking graph (Roy's: its cycles condensed, the
	requests no other kernel request outranks, and which outrank every request outside it), 2 for the
	kernel of what is left without level 1, and so on."""
	parts = components(names, edges)
	part_of = {n: i for i, part in enumerate(parts) for n in part}
	dag = {(part_of[a], part_of[b]) for a, b in edges if part_of[a] != part_of[b]}
	left = set(range(len(parts)))
	level_of: dict[int, int] = {}
	level = 0
	while left:
		level += 1
		remaining = set(left)
		chosen: set[int] = set()
		while remaining:
			sources = {p for p in remaining if not any((q, p) in dag for q in remaining if q != p)}
			chosen |= sources
			beaten = {b for a, b in dag if a in sources}
			remaining -= sources | beaten
		for p in chosen:
			level_of[p] = level
		left -= chosen
	return {n: level_of[part_of[n]] for n in names}


def evaluate(
	alternatives: Mapping[str, Sequence[float]],
	weights: Sequence[float],
	concordance_threshold: float,
	discordance_threshold: float,
	scale: Sequence[float] | None = None,
) -> Evaluation:
	"""ELECTRE I over ``alternatives`` (name → its value on each criterion, more is better). The queue puts
	the kernel first, then the kernel of what is left, and so on; within a level, by net outranking (how
	many it outranks less how many outrank it), then by its concordance over the others."""
	check_parameters(weights, concordance_threshold, discordance_threshold, shares=scale is None)
	names = tuple(sorted(alternatives))
	criteria = len(weights)
	if scale is None:
		scale = [
			(max(alternatives[n][j] for n in names) - min(alternatives[n][j] for n in names)) if names else 0
			for j in range(criteria)
		]
	c, d, s = {}, {}, set()
	for a in names:
		for b in names:
			if a == b:
				continue
			c[a, b] = concordance(alternatives[a], alternatives[b], weights)
			d[a, b] = discordance(alternatives[a], alternatives[b], scale)
			if c[a, b] >= concordance_threshold - 1e-12 and d[a, b] <= discordance_threshold + 1e-12:
				s.add((a, b))
	s = frozenset(s)
	level = kernel_levels(names, s)
	net = {n: sum((n, m) in s for m in names) - sum((m, n) in s for m in names) for n in names}
	support = {n: sum(c[n, m] for m in names if m != n) for n in names}
	order = tuple(sorted(names, key=lambda n: (level[n], -net[n], -support[n], n)))
	kernel = frozenset(n for n in names if level[n] == 1)
	return Evaluation(names, c, d, s, order, kernel, level)
