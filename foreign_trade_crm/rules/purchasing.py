"""Rules of the purchase side of an export contract: its progress stage.

A contract goes, as the goods are bought from domestic suppliers and shipped to
the buyer, through these stages (the Export Contract's ``purchase_stage`` options):

- *Countersigned*: the buyer signed it back, nothing ordered yet;
- *Purchasing*: something is ordered on a submitted Purchase Order;
- *Goods Received*: every line has been received in full (and something was ordered);
- *Partly Shipped*: something has shipped to the buyer;
- *Shipped*: every line has shipped in full.

"In full" means what it means everywhere in the app: at or above the lower
bound of the line's more-or-less band, qty × (1 − tolerance%); with no
tolerance that is simply received (shipped) ≥ qty. The stage is always
recomputed from the lines' figures, never stepped forward, so cancelling a
receipt or an order moves it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from foreign_trade_crm.rules.numbers import rounded
from foreign_trade_crm.rules.shipment import QTY_PRECISION, tolerance_band

NONE = ""
COUNTERSIGNED = "Countersigned"
PURCHASING = "Purchasing"
GOODS_RECEIVED = "Goods Received"
PARTLY_SHIPPED = "Partly Shipped"
SHIPPED = "Shipped"

STAGES = (NONE, COUNTERSIGNED, PURCHASING, GOODS_RECEIVED, PARTLY_SHIPPED, SHIPPED)

PURCHASE_BLOCK = "Block"
PURCHASE_WARN = "Warn"


@dataclass(frozen=True)
class PurchaseLine:
	"""One contract line's figures: contract qty and what is ordered, received and shipped against it."""

	qty: float | Decimal
	ordered_qty: float | Decimal = 0
	received_qty: float | Decimal = 0
	shipped_qty: float | Decimal = 0
	tolerance_percent: float | Decimal = 0


def _in_full(done, line: PurchaseLine) -> bool:
	return rounded(done, QTY_PRECISION) >= tolerance_band(line.qty, line.tolerance_percent).lower


def _positive(value) -> bool:
	return rounded(value, QTY_PRECISION) > 0


def purchase_stage(countersigned: bool, lines: Iterable[PurchaseLine]) -> str:
	"""The contract's progress stage from its countersign and its lines' figures."""
	lines = list(lines)
	if lines and all(_in_full(cl.shipped_qty, cl) for cl in lines):
		return SHIPPED
	if any(_positive(cl.shipped_qty) for cl in lines):
		return PARTLY_SHIPPED
	ordered = any(_positive(cl.ordered_qty) for cl in lines)
	if ordered and all(_in_full(cl.received_qty, cl) for cl in lines):
		return GOODS_RECEIVED
	if ordered:
		return PURCHASING
	if countersigned:
		return COUNTERSIGNED
	return NONE


def qty_to_order(qty, already_ordered) -> Decimal:
	"""What is still to order of a contract line: its qty less what open orders already hold, never below 0."""
	return max(rounded(qty, QTY_PRECISION) - rounded(already_ordered, QTY_PRECISION), Decimal(0))
