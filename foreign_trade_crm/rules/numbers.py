"""Exact money and quantity arithmetic for the rules: ``Decimal`` from whatever a form or a query gives,
rounded half-up at a precision, so boundaries such as 100 × 1.05 = 105 hold exactly."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")


def dec(value) -> Decimal:
	"""Decimal from a float/int/str/None without binary-float noise."""
	if type(value) is Decimal:  # the common case first: comparing a Decimal with "" is slow
		return value
	if value is None or value == "":
		return ZERO
	if isinstance(value, Decimal):
		return value
	return Decimal(str(value))


_QUANTUM = {p: Decimal(1).scaleb(-p) for p in range(10)}


def rounded(value, precision: int) -> Decimal:
	"""Half-up at ``precision`` decimals."""
	quantum = _QUANTUM.get(precision) or Decimal(1).scaleb(-precision)
	return (value if type(value) is Decimal else dec(value)).quantize(quantum, rounding=ROUND_HALF_UP)
