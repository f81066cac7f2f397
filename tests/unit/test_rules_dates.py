from datetime import date

import pytest

from foreign_trade_crm.rules.dates import (
	AFTER_END_OF_MONTH,
	MONTHS_AFTER_END_OF_MONTH,
	PaymentTerm,
	countersign_due_date,
	expected_collection_date,
)


@pytest.mark.parametrize(
	"contract_date, days, due",
	[
		(date(2026, 1, 30), 14, date(2026, 2, 13)),
		(date(2026, 12, 25), 7, date(2027, 1, 1)),
		(date(2026, 3, 1), 0, date(2026, 3, 1)),
		(date(2026, 3, 1), -3, date(2026, 3, 1)),
		(date(2026, 3, 1), None, date(2026, 3, 1)),
	],
)
def test_countersign_due_date(contract_date, days, due):
	assert countersign_due_date(contract_date, days) == due


@pytest.mark.parametrize(
	"bl, terms, expected",
	[
		(date(2026, 5, 10), [], date(2026, 5, 10)),
		(date(2026, 5, 10), [PaymentTerm(credit_days=60)], date(2026, 7, 9)),
		# 30% deposit at once, 70% 90 days after B/L: the last instalment counts
		(date(2026, 5, 10), [PaymentTerm(credit_days=0), PaymentTerm(credit_days=90)], date(2026, 8, 8)),
		(date(2026, 1, 31), [PaymentTerm(AFTER_END_OF_MONTH, credit_days=30)], date(2026, 3, 2)),
		(date(2026, 1, 15), [PaymentTerm(MONTHS_AFTER_END_OF_MONTH, credit_months=1)], date(2026, 2, 28)),
		(date(2024, 1, 15), [PaymentTerm(MONTHS_AFTER_END_OF_MONTH, credit_months=1)], date(2024, 2, 29)),
		(date(2026, 11, 30), [PaymentTerm(MONTHS_AFTER_END_OF_MONTH, credit_months=2)], date(2027, 1, 31)),
	],
)
def test_expected_collection_date(bl, terms, expected):
	assert expected_collection_date(bl, terms) == expected
