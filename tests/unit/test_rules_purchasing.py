"""Pure tests of the purchasing rules (progress stage, qty still to order): no Frappe, milliseconds."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foreign_trade_crm.rules.purchasing import (
	COUNTERSIGNED,
	GOODS_RECEIVED,
	NONE,
	PARTLY_SHIPPED,
	PURCHASING,
	SHIPPED,
	STAGES,
	PurchaseLine,
	purchase_stage,
	qty_to_order,
)

L = PurchaseLine


@pytest.mark.parametrize(
	"countersigned, lines, expected",
	[
		# nothing happened yet
		(False, [L(100)], NONE),
		(True, [L(100)], COUNTERSIGNED),
		(False, [], NONE),
		(True, [], COUNTERSIGNED),
		# ordered (on a submitted PO), in part or in full
		(True, [L(100, ordered_qty=40)], PURCHASING),
		(True, [L(100, ordered_qty=100), L(50)], PURCHASING),
		# ordered before countersign (Warn policy): still purchasing
		(False, [L(100, ordered_qty=100)], PURCHASING),
		# received in part: still purchasing
		(True, [L(100, ordered_qty=100, received_qty=99)], PURCHASING),
		(True, [L(100, 100, 100), L(50, 50, 20)], PURCHASING),
		# every line received in full
		(True, [L(100, 100, 100), L(50, 50, 50)], GOODS_RECEIVED),
		(True, [L(100, 100, 120)], GOODS_RECEIVED),
		# received without anything ordered (PO cancelled after receipt): not goods received
		(True, [L(100, 0, 100)], COUNTERSIGNED),
		# shipped in part, whatever the purchase side says
		(True, [L(100, 100, 100, shipped_qty=1)], PARTLY_SHIPPED),
		(True, [L(100, shipped_qty=100), L(50)], PARTLY_SHIPPED),
		(False, [L(100, shipped_qty=10)], PARTLY_SHIPPED),
		# every line shipped in full
		(True, [L(100, 100, 100, 100), L(50, 50, 50, 50)], SHIPPED),
		(True, [L(100, shipped_qty=101)], SHIPPED),
		(False, [L(100, shipped_qty=100)], SHIPPED),
	],
)
def test_purchase_stage(countersigned, lines, expected):
	assert purchase_stage(countersigned, lines) == expected


def test_in_full_means_inside_the_more_or_less_band():
	# 5 % tolerance: 95 of 100 is in full, as the contract's delivery status counts it
	assert purchase_stage(True, [L(100, 100, 95, tolerance_percent=5)]) == GOODS_RECEIVED
	assert purchase_stage(True, [L(100, 100, 94.9, tolerance_percent=5)]) == PURCHASING
	assert purchase_stage(True, [L(100, 100, 100, 95, tolerance_percent=5)]) == SHIPPED
	assert purchase_stage(True, [L(100, 100, 100, 94.9, tolerance_percent=5)]) == PARTLY_SHIPPED


def test_float_noise_does_not_change_the_stage():
	line = L(0.3, ordered_qty=0.1 + 0.2, received_qty=0.1 + 0.2, shipped_qty=0)
	assert purchase_stage(True, [line]) == GOODS_RECEIVED
	assert purchase_stage(True, [L(0.3, shipped_qty=0.1 + 0.2)]) == SHIPPED


def test_accepts_any_iterable():
	assert purchase_stage(True, (line for line in [L(10, 10)])) == PURCHASING


@pytest.mark.parametrize(
	"qty, ordered, expected",
	[
		(100, 0, "100"),
		(100, None, "100"),
		(100, 40, "60"),
		(100, 100, "0"),
		(100, 130, "0"),
		(0.3, 0.1, "0.2"),
	],
)
def test_qty_to_order(qty, ordered, expected):
	assert qty_to_order(qty, ordered) == Decimal(expected)


qty = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@given(
	countersigned=st.booleans(),
	lines=st.lists(st.tuples(qty, qty, qty, qty), max_size=5),
)
def test_stage_is_always_an_option_and_shipping_wins(countersigned, lines):
	lines = [L(q + 1, o, r, s) for q, o, r, s in lines]
	result = purchase_stage(countersigned, lines)
	assert result in STAGES
	if any(line.shipped_qty > 0 for line in lines):
		assert result in (PARTLY_SHIPPED, SHIPPED)
	elif any(line.ordered_qty > 0 for line in lines):
		assert result in (PURCHASING, GOODS_RECEIVED)
	else:
		assert result == (COUNTERSIGNED if countersigned else NONE)
