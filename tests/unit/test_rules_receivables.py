from datetime import date
from decimal import Decimal

import pytest

from foreign_trade_crm.rules import receivables as r

CUT = date(2026, 6, 30)


@pytest.mark.parametrize(
	"expected, due, posting, result",
	[
		(date(2026, 5, 1), date(2026, 4, 1), date(2026, 3, 1), (date(2026, 5, 1), r.BASIS_EXPECTED)),
		(None, date(2026, 4, 1), date(2026, 3, 1), (date(2026, 4, 1), r.BASIS_DUE)),
		(None, None, date(2026, 3, 1), (date(2026, 3, 1), r.BASIS_POSTING)),
	],
)
def test_expected_date_falls_back_and_says_so(expected, due, posting, result):
	assert r.expected_date(expected, due, posting) == result


@pytest.mark.parametrize(
	"expected, unpaid, days",
	[
		(date(2026, 6, 29), 10, 1),
		(date(2026, 6, 30), 10, 0),  # due today is not overdue
		(date(2026, 7, 15), 10, 0),
		(date(2026, 1, 1), 10, 180),
		(date(2026, 1, 1), 0, 0),  # paid: not overdue however old
		(date(2026, 1, 1), -5, 0),  # overpaid
		(None, 10, 0),
	],
)
def test_days_overdue(expected, unpaid, days):
	assert r.days_overdue(expected, CUT, unpaid) == days


@pytest.mark.parametrize(
	"text, ranges",
	[
		("30, 60, 90, 120", (30, 60, 90, 120)),
		("15,45", (15, 45)),
		("", r.DEFAULT_RANGES),
		(None, r.DEFAULT_RANGES),
		("60,30", r.DEFAULT_RANGES),
		("30,x", r.DEFAULT_RANGES),
		("0,30", r.DEFAULT_RANGES),
	],
)
def test_parse_ranges(text, ranges):
	assert r.parse_ranges(text) == ranges


@pytest.mark.parametrize(
	"days, index", [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (120, 3), (121, 4), (999, 4)]
)
def test_bucket_index_boundaries(days, index):
	assert r.bucket_index(days, r.DEFAULT_RANGES) == index


def test_bucket_labels():
	assert r.bucket_labels((30, 60, 90, 120)) == ["0-30", "31-60", "61-90", "91-120", "120+"]


@pytest.mark.parametrize(
	"booked, unpaid, days, category",
	[
		(100, 100, 0, r.UNPAID),
		(100, 100, 5, r.OVERDUE_UNPAID),
		(100, 40, 0, r.PARTLY_COLLECTED),
		(100, 40, 3, r.OVERDUE_UNPAID),
		(100, 0, 0, r.FULLY_COLLECTED),
		(100, -0.0, 9, r.FULLY_COLLECTED),
	],
)
def test_category_of(booked, unpaid, days, category):
	assert r.category_of(booked, unpaid, days) == category


@pytest.mark.parametrize(
	"wanted, booked, unpaid, days, yes",
	[
		(r.ALL, 100, 0, 0, True),
		(r.UNPAID, 100, 40, 0, True),
		(r.UNPAID, 100, 0, 0, False),
		(r.OVERDUE_UNPAID, 100, 40, 1, True),
		(r.OVERDUE_UNPAID, 100, 40, 0, False),
		(r.PARTLY_COLLECTED, 100, 40, 0, True),
		(r.PARTLY_COLLECTED, 100, 100, 0, False),
		(r.FULLY_COLLECTED, 100, 0, 0, True),
		(r.FULLY_COLLECTED, 100, 0.01, 0, False),
	],
)
def test_in_category(wanted, booked, unpaid, days, yes):
	assert r.in_category(wanted, booked, unpaid, days) is yes


def test_summarise_per_customer_and_bucket():
	rows = [
		{"customer": "A", "booked_base": 1000, "collected_base": 400, "unpaid_base": 600, "days_overdue": 45},
		{"customer": "A", "booked_base": 500, "collected_base": 0, "unpaid_base": 500, "days_overdue": 0},
		{"customer": "A", "booked_base": 300, "collected_base": 300, "unpaid_base": 0, "days_overdue": 0},
		{"customer": "B", "booked_base": 0.1, "collected_base": 0, "unpaid_base": 0.2, "days_overdue": 200},
		{"customer": "B", "booked_base": 0.2, "collected_base": 0, "unpaid_base": 0.1, "days_overdue": 10},
	]
	totals = r.summarise(rows, r.DEFAULT_RANGES)
	a = totals["A"]
	assert (a.invoices, a.booked, a.collected, a.unpaid, a.overdue, a.max_days_overdue) == (
		3,
		Decimal(1800),
		Decimal(700),
		Decimal(1100),
		Decimal(600),
		45,
	)
	assert a.buckets == (0, 600, 0, 0, 0)
	assert a.not_due == Decimal(500)  # unpaid, not yet overdue
	assert totals["B"].unpaid == Decimal("0.30")  # no binary-float drift
	assert totals["B"].buckets == (Decimal("0.10"), 0, 0, 0, Decimal("0.20"))


@pytest.mark.parametrize(
	"overdue, threshold, risk", [(100, 50, True), (50, 50, False), (100, 0, False), (100, None, False)]
)
def test_is_risk(overdue, threshold, risk):
	assert r.is_risk(overdue, threshold) is risk


# ---------------------------------------------------------------- a collection's two sides


def test_a_part_paid_with_the_whole_received_amount_left_is_a_problem():
	from foreign_trade_crm.rules.receivables import collection_gap_problem

	# 34,190 USD invoice at 7.15 prefilled as 244,458.50 CNY; the user cut the paid amount to 20,000
	problem = collection_gap_problem((20000, "USD"), (244458.5, "CNY"), 20000 * 7.15, 244458.5, "CNY")
	assert problem.code == "collection_gap"
	assert problem.render() == (
		"USD 20000.00 paid are worth CNY 143000.00 at the exchange rate, but the received amount is "
		"CNY 244458.50, worth CNY 244458.50: the difference would be booked as an exchange gain or loss. "
		"Set the received amount to what the bank credited for this payment."
	)


def test_a_bank_charge_or_rate_rounding_is_no_problem():
	from foreign_trade_crm.rules.receivables import COLLECTION_GAP_PERCENT, collection_gap_problem

	assert collection_gap_problem((20000, "USD"), (143000, "CNY"), 143000, 143000, "CNY") is None
	assert collection_gap_problem((20000, "USD"), (142900, "CNY"), 143000, 142900, "CNY") is None
	edge = 143000 * (100 - COLLECTION_GAP_PERCENT) / 100
	assert collection_gap_problem((20000, "USD"), (edge, "CNY"), 143000, edge, "CNY") is None
	assert collection_gap_problem((20000, "USD"), (edge - 1, "CNY"), 143000, edge - 1, "CNY") is not None
	assert collection_gap_problem((0, "USD"), (100, "CNY"), 0, 100, "CNY") is None
