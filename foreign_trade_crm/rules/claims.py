"""Trade claim rules (seed 000 §6.6): liability split, line limits, settlement documents.

Pure: no Frappe. Amounts are Decimals rounded to the currency's precision; problems come
back as ``Problem`` values for the service layer to translate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from foreign_trade_crm.rules.messages import Problem, _
from foreign_trade_crm.rules.numbers import dec, rounded

CUSTOMER, COMPANY, THIRD_PARTY = "customer", "company", "third_party"
PARTIES = (CUSTOMER, COMPANY, THIRD_PARTY)

# statuses
OPEN, UNDER_REVIEW, AGREED, SETTLED, REJECTED, CANCELLED = (
	"Open",
	"Under Review",
	"Agreed",
	"Settled",
	"Rejected",
	"Cancelled",
)

# settlement methods and the ERPNext document each makes for the company's share
CREDIT_NOTE, REFUND, DISCOUNT_LATER, REPLACEMENT = (
	"Credit Note",
	"Refund",
	"Discount on Later Shipment",
	"Replacement Goods",
)
SETTLEMENT_DOCTYPE = {
	CREDIT_NOTE: "Sales Invoice",
	REFUND: "Journal Entry",
	DISCOUNT_LATER: "Journal Entry",
	REPLACEMENT: None,
}

# the Claim Reason records made on install (translated in link fields: Claim Reason is a translated doctype)
REASONS = (
	(_("Quality"), _("The goods do not meet the agreed quality or specification.")),
	(_("Short Shipment"), _("Less was delivered than the documents show.")),
	(_("Damage"), _("The goods or their packing arrived damaged.")),
	(_("Late Delivery"), _("The goods arrived after the agreed date.")),
	(_("Wrong Goods"), _("Other goods, models or markings than ordered were delivered.")),
	(_("Other"), _("Anything else; describe it in the line's notes.")),
)

HUNDRED = Decimal(100)


def plain(value) -> str:
	"""A Decimal as people write it: 500, 12.5 (not 5E+2)."""
	return format(dec(value).normalize(), "f")


def check_split(percents: dict[str, object]) -> list[Problem]:
	"""Each share between 0 and 100 and the shares totalling exactly 100."""
	problems = []
	if any(not 0 <= dec(percents.get(party)) <= HUNDRED for party in PARTIES):
		problems.append(Problem("split_range", _("Each liability share must be between 0% and 100%")))
	total = sum((dec(percents.get(p)) for p in PARTIES), Decimal(0))
	if total != HUNDRED:
		problems.append(
			Problem("split_total", _("The liability split must total 100%; it totals {0}%"), (plain(total),))
		)
	return problems


def split_amounts(agreed, percents: dict[str, object], precision: int = 2) -> dict[str, Decimal]:
	"""The agreed amount shared out by ``percents``, rounded to ``precision`` and summing exactly to it.

	Largest remainder: every share is first rounded down to the currency's smallest unit, then
	the units left over go one each to the shares with the largest remainders (ties in the
	order customer, company, third party). The caller checks the split with ``check_split``.
	"""
	unit = Decimal(1).scaleb(-precision)
	total = rounded(agreed, precision)
	exact = {p: total * dec(percents.get(p)) / HUNDRED for p in PARTIES}
	floors = {p: (exact[p] / unit).to_integral_value(rounding=ROUND_FLOOR) * unit for p in PARTIES}
	left = int(((total - sum(floors.values())) / unit).to_integral_value())
	by_remainder = sorted(PARTIES, key=lambda p: (-(exact[p] - floors[p]), PARTIES.index(p)))
	for p in by_remainder[: max(left, 0)]:
		floors[p] += unit
	return floors


@dataclass(frozen=True)
class ClaimLine:
	idx: int
	item_code: str
	notice_item: str
	qty: object
	claimed_amount: object
	shipped_qty: object
	claimed_elsewhere: object = 0  # qty of this shipped line on other live claims


def check_lines(lines: list[ClaimLine], precision: int = 6) -> list[Problem]:
	"""Qty affected and amount claimed positive; qty, with other claims on the line, within the shipped qty."""
	problems = []
	if not lines:
		problems.append(Problem("no_lines", _("Add at least one shipped line to the claim")))
	seen: dict[str, Decimal] = {}
	for line in lines:
		qty = dec(line.qty)
		if qty <= 0:
			problems.append(
				Problem(
					"qty_positive",
					_("Row {0}: the qty affected must be more than zero"),
					(line.idx,),
					line.idx,
				)
			)
		if dec(line.claimed_amount) <= 0:
			problems.append(
				Problem(
					"amount_positive",
					_("Row {0}: the claimed amount must be more than zero"),
					(line.idx,),
					line.idx,
				)
			)
		seen[line.notice_item] = seen.get(line.notice_item, Decimal(0)) + qty
		claimed = rounded(seen[line.notice_item] + dec(line.claimed_elsewhere), precision)
		if claimed > rounded(line.shipped_qty, precision):
			problems.append(
				Problem(
					"qty_over_shipped",
					_("Row {0}: {1} claims {2} in all, more than the {3} shipped"),
					(line.idx, line.item_code, plain(claimed), plain(line.shipped_qty)),
					line.idx,
				)
			)
	return problems


def check_agreed(agreed, claimed, precision: int = 2) -> list[Problem]:
	"""An agreed claim is worth more than nothing and not more than was claimed."""
	agreed, claimed = rounded(agreed, precision), rounded(claimed, precision)
	if agreed <= 0:
		return [Problem("agreed_missing", _("Enter the agreed amount before agreeing the claim"))]
	if agreed > claimed:
		return [
			Problem(
				"agreed_over_claimed",
				_("The agreed amount {0} is more than the claimed amount {1}"),
				(agreed, claimed),
			)
		]
	return []


def claim_rate(claimed_amount, qty_affected, precision: int = 2) -> Decimal:
	"""Claimed amount per unit affected, for the analysis report."""
	qty = dec(qty_affected)
	return rounded(dec(claimed_amount) / qty, precision) if qty else Decimal(0)


def share_of(part, whole, precision: int = 2) -> Decimal:
	"""``part`` as a percentage of ``whole`` (0 when there is no whole)."""
	whole = dec(whole)
	return rounded(dec(part) * HUNDRED / whole, precision) if whole else Decimal(0)
