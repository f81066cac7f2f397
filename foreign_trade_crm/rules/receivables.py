"""Receivables of shipments (seed 000 §6.5): booked, collected, unpaid, days overdue, ageing.

A row is one receivable voucher (a shipment's Sales Invoice, or another voucher a
customer owes or is owed on) with what ERPNext's Payment Ledger says of it up to a
cutoff date. The expected collection date is the app's (B/L date + credit days); for
invoices made outside the app it falls back to the due date, then the posting date,
and the row says which basis it used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from foreign_trade_crm.rules.messages import _
from foreign_trade_crm.rules.numbers import dec, rounded

BASIS_EXPECTED = "Expected Collection Date"
BASIS_DUE = "Due Date"
BASIS_POSTING = "Posting Date"

OVERDUE_UNPAID = "Overdue Unpaid"
UNPAID = "Unpaid"
PARTLY_COLLECTED = "Partly Collected"
FULLY_COLLECTED = "Fully Collected"
ALL = "All"
CATEGORIES = (OVERDUE_UNPAID, UNPAID, PARTLY_COLLECTED, FULLY_COLLECTED, ALL)

DEFAULT_RANGES = (30, 60, 90, 120)


def expected_date(expected: date | None, due: date | None, posting: date | None) -> tuple[date | None, str]:
	"""The date money is expected, and which date that is."""
	if expected:
		return expected, BASIS_EXPECTED
	if due:
		return due, BASIS_DUE
	return posting, BASIS_POSTING


def days_overdue(expected: date | None, cutoff: date, unpaid) -> int:
	"""Days past the expected date at the cutoff, for what is still unpaid; 0 otherwise.

	Amounts may be int, float or Decimal: comparing them with zero needs no conversion.
	"""
	if not expected or (unpaid or 0) <= 0:
		return 0
	return max((cutoff - expected).days, 0)


def parse_increasing(text: str | None, default: tuple[int, ...]) -> tuple[int, ...]:
	"""'30, 60, 90' → (30, 60, 90): positive, increasing whole numbers; anything else → ``default``."""
	try:
		values = tuple(int(v) for v in (text or "").replace(" ", "").split(",") if v)
	except ValueError:
		return default
	if not values or any(v <= 0 for v in values) or list(values) != sorted(set(values)):
		return default
	return values


def parse_ranges(text: str | None) -> tuple[int, ...]:
	"""'30, 60, 90, 120' → (30, 60, 90, 120); bad, unsorted or empty input → the defaults."""
	return parse_increasing(text, DEFAULT_RANGES)


def bucket_labels(ranges: Sequence[int]) -> list[str]:
	labels, low = [], 0
	for high in ranges:
		labels.append(f"{low}-{high}")
		low = high + 1
	labels.append(f"{ranges[-1]}+" if ranges else "0+")
	return labels


def bucket_index(days: int, ranges: Sequence[int]) -> int:
	"""Which ageing bucket ``days`` overdue falls in: 0-30 → 0, 31-60 → 1, …, past the last → len(ranges)."""
	for i, high in enumerate(ranges):
		if days <= high:
			return i
	return len(ranges)


def category_of(booked, unpaid, days: int) -> str:
	"""The narrowest category a row belongs to (every row is also in All, open ones in Unpaid)."""
	booked, unpaid = booked or 0, unpaid or 0
	if unpaid <= 0 < booked or (booked <= 0 and unpaid == 0):
		return FULLY_COLLECTED
	if days > 0:
		return OVERDUE_UNPAID
	if 0 < unpaid < booked:
		return PARTLY_COLLECTED
	return UNPAID


def in_category(wanted: str, booked, unpaid, days: int) -> bool:
	if wanted in (None, "", ALL):
		return True
	booked, unpaid = booked or 0, unpaid or 0
	if wanted == UNPAID:
		return unpaid > 0
	if wanted == OVERDUE_UNPAID:
		return unpaid > 0 and days > 0
	if wanted == PARTLY_COLLECTED:
		return 0 < unpaid < booked
	if wanted == FULLY_COLLECTED:
		return unpaid <= 0 < booked
	raise ValueError(_("Unknown category {0}").format(wanted))


@dataclass(frozen=True)
class CustomerTotals:
	customer: str
	invoices: int
	booked: Decimal
	collected: Decimal
	unpaid: Decimal
	overdue: Decimal
	not_due: Decimal
	max_days_overdue: int
	buckets: tuple[Decimal, ...]


class Summariser:
	"""Per customer, in company currency: booked, collected, unpaid, overdue, not yet due and
	unpaid per bucket, added up row by row (``add``) and read at the end (``totals``).

	rows need: customer, booked_base, collected_base, unpaid_base, days_overdue. Sums are taken
	in floats (amounts of a few decimals: far below a cent of error even over 10^6 rows) and
	rounded to ``precision`` once, at the end.
	"""

	def __init__(self, ranges: Sequence[int], precision: int = 2):
		self.ranges, self.precision = ranges, precision
		# per customer: invoices, booked, collected, unpaid, overdue, not due, most days, buckets
		self.acc: dict[str, list] = {}

	def add(self, r) -> None:
		a = self.acc.get(r["customer"])
		if a is None:
			a = self.acc[r["customer"]] = [0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, [0.0] * (len(self.ranges) + 1)]
		unpaid = float(r["unpaid_base"])
		a[0] += 1
		a[1] += float(r["booked_base"])
		a[2] += float(r["collected_base"])
		a[3] += unpaid
		days = r["days_overdue"]
		if unpaid > 0:
			if days > 0:
				a[4] += unpaid
				if days > a[6]:
					a[6] = days
				a[7][bucket_index(days, self.ranges)] += unpaid
			else:
				a[5] += unpaid

	def totals(self) -> dict[str, CustomerTotals]:
		p = self.precision
		return {
			customer: CustomerTotals(
				customer,
				a[0],
				rounded(a[1], p),
				rounded(a[2], p),
				rounded(a[3], p),
				rounded(a[4], p),
				rounded(a[5], p),
				a[6],
				tuple(rounded(b, p) for b in a[7]),
			)
			for customer, a in self.acc.items()
		}


def summarise(rows: Iterable[dict], ranges: Sequence[int], precision: int = 2) -> dict[str, CustomerTotals]:
	"""``Summariser`` over all of ``rows`` at once."""
	summariser = Summariser(ranges, precision)
	for r in rows:
		summariser.add(r)
	return summariser.totals()


def is_risk(overdue_unpaid, threshold) -> bool:
	"""A risk customer (危险客户): overdue unpaid amount above a set threshold (none set: never)."""
	threshold = dec(threshold)
	return threshold > 0 and dec(overdue_unpaid) > threshold


# ---------------------------------------------------------------- collections

#: the largest gap between what a collection is worth on its paid side and on its received side (both
#: in company currency, at the payment's own rates) that is still a bank's rounding or charge, not a
#: received amount left at the whole invoice's figure after the paid amount was cut to a part
COLLECTION_GAP_PERCENT = 5


def collection_gap_problem(paid: tuple, received: tuple, base_paid, base_received, company_currency: str):
	"""A Problem when the received side of a collection is far from its paid side at the rate.

	``paid`` and ``received`` are (amount, currency) of the two accounts; ``base_*`` the same in company
	currency. ERPNext books the difference as an exchange gain or loss; above ``COLLECTION_GAP_PERCENT``
	of the collection it is almost always a received amount that did not follow a changed paid amount.
	"""
	from foreign_trade_crm.rules.messages import Problem

	base_paid, base_received = dec(base_paid), dec(base_received)
	if base_paid <= 0 or abs(base_received - base_paid) * 100 <= base_paid * COLLECTION_GAP_PERCENT:
		return None
	return Problem(
		"collection_gap",
		_(
			"{0} {1} paid are worth {2} {3} at the exchange rate, but the received amount is {4} {5}, "
			"worth {2} {6}: the difference would be booked as an exchange gain or loss. Set the received "
			"amount to what the bank credited for this payment."
		),
		(
			paid[1],
			rounded(paid[0], 2),
			company_currency,
			rounded(base_paid, 2),
			received[1],
			rounded(received[0], 2),
			rounded(base_received, 2),
		),
	)
