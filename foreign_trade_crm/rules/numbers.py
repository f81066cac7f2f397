"""Exact money and quantity arithmetic for the rules: ``Decimal`` from whatever a form or a query gives,
rounded half-up at a precision, so boundaries such as 100 × 1.05 = 105 hold exactly."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")


def dec(value) -> Decimal:
	"""Decimal from a float/int/str/None without binary-float noise."""
	if value is None or value == "":
		return ZERO
	if isinstance(value, Decimal):
		return value
	return Decimal(str(value))


def rounded(value, precision: int) -> Decimal:
	"""Half-up at ``precision`` decimals."""
	return dec(value).quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
