"""Trade claim rules: the liability split, line limits and the agreed amount."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foreign_trade_crm.rules import claims
from foreign_trade_crm.rules.claims import COMPANY, CUSTOMER, THIRD_PARTY, ClaimLine


def split(customer, company, third=0):
	return {CUSTOMER: customer, COMPANY: company, THIRD_PARTY: third}


def codes(problems):
	return [p.code for p in problems]


def test_awkward_amount_is_shared_to_the_cent_and_sums_exactly():
	shares = claims.split_amounts("1000.01", split("33.33", "33.33", "33.34"))
	assert shares == {CUSTOMER: Decimal("333.30"), COMPANY: Decimal("333.30"), THIRD_PARTY: Decimal("333.41")}
	assert sum(shares.values()) == Decimal("1000.01")


def test_one_cent_goes_to_the_largest_remainder_and_ties_to_the_customer_first():
	assert claims.split_amounts("0.01", split(50, 50)) == {
		CUSTOMER: Decimal("0.01"),
		COMPANY: Decimal("0.00"),
		THIRD_PARTY: Decimal("0.00"),
	}
	assert claims.split_amounts(100, split("33.333", "33.333", "33.334")) == {
		CUSTOMER: Decimal("33.33"),
		COMPANY: Decimal("33.33"),
		THIRD_PARTY: Decimal("33.34"),
	}


def test_zero_decimal_currency_is_shared_in_whole_units():
	shares = claims.split_amounts(1001, split(50, 50), precision=0)
	assert shares == {CUSTOMER: Decimal(501), COMPANY: Decimal(500), THIRD_PARTY: Decimal(0)}


@given(
	agreed=st.decimals(min_value="0.01", max_value="99999999.99", places=2),
	a=st.integers(0, 10000),
	b=st.integers(0, 10000),
	precision=st.sampled_from([0, 2, 3]),
)
def test_shares_always_sum_to_the_agreed_amount_and_stay_within_a_unit_of_exact(agreed, a, b, precision):
	a, b = sorted((a, b))
	percents = split(Decimal(a) / 100, Decimal(b - a) / 100, Decimal(10000 - b) / 100)
	assert claims.check_split(percents) == []
	shares = claims.split_amounts(agreed, percents, precision)
	total = claims.rounded(agreed, precision)
	unit = Decimal(1).scaleb(-precision)
	assert sum(shares.values()) == total
	for party, share in shares.items():
		assert share >= 0
		assert abs(share - total * percents[party] / 100) < unit


@pytest.mark.parametrize(
	"percents",
	[split(50, 40), split(50, 50, "0.01"), split("33.33", "33.33", "33.33"), split(120, -20)],
)
def test_a_split_that_does_not_total_100_or_leaves_0_to_100_is_refused(percents):
	assert codes(claims.check_split(percents))


def test_a_split_of_100_is_accepted_whatever_the_parts():
	assert claims.check_split(split(0, 100)) == []
	assert claims.check_split(split("12.5", "37.5", 50)) == []
	assert codes(claims.check_split(split(120, -20))) == ["split_range"]
	assert codes(claims.check_split(split(50, 40))) == ["split_total"]


def line(idx=1, qty=5, amount=100, shipped=10, elsewhere=0, notice_item="SNI-1"):
	return ClaimLine(idx, "ITEM-A", notice_item, qty, amount, shipped, elsewhere)


def test_claimed_qty_within_shipped_passes():
	assert claims.check_lines([line(qty=10)]) == []


def test_claimed_qty_over_shipped_is_refused_naming_the_row():
	problems = claims.check_lines([line(idx=2, qty="10.5")])
	assert codes(problems) == ["qty_over_shipped"]
	assert problems[0].idx == 2
	assert "Row 2" in problems[0].render()


def test_other_claims_and_repeated_rows_count_against_the_shipped_qty():
	assert codes(claims.check_lines([line(qty=4, elsewhere=7)])) == ["qty_over_shipped"]
	assert codes(claims.check_lines([line(idx=1, qty=6), line(idx=2, qty=6)])) == ["qty_over_shipped"]
	assert claims.check_lines([line(idx=1, qty=6), line(idx=2, qty=6, notice_item="SNI-2")]) == []


def test_zero_or_negative_qty_and_amount_are_refused():
	assert codes(claims.check_lines([line(qty=0, amount=0)])) == ["qty_positive", "amount_positive"]
	assert codes(claims.check_lines([])) == ["no_lines"]


def test_agreed_amount_must_be_positive_and_not_over_claimed():
	assert claims.check_agreed("500.00", "500.004") == []
	assert codes(claims.check_agreed(0, 500)) == ["agreed_missing"]
	assert codes(claims.check_agreed("500.01", 500)) == ["agreed_over_claimed"]


def test_each_method_makes_the_document_erpnext_uses():
	assert claims.SETTLEMENT_DOCTYPE[claims.CREDIT_NOTE] == "Sales Invoice"
	assert claims.SETTLEMENT_DOCTYPE[claims.REFUND] == "Journal Entry"
	assert claims.SETTLEMENT_DOCTYPE[claims.DISCOUNT_LATER] == "Journal Entry"
	assert claims.SETTLEMENT_DOCTYPE[claims.REPLACEMENT] is None


def test_share_of_shipped_amount():
	assert claims.share_of(25, 1000) == Decimal("2.50")
	assert claims.share_of(25, 0) == 0
