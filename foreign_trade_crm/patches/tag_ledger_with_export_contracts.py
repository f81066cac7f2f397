"""Contract profit on a site that used the app before it: the Export Contract dimension, the ledger its
documents wrote before, tagged (``services.profit_backfill.tag_existing_ledger``), and the contracts submitted before
given the estimate they would have had, from today's buying prices."""

from foreign_trade_crm.services.dimension import ensure_dimension
from foreign_trade_crm.services.profit_backfill import (
	estimate_existing_contracts,
	tag_existing_ledger,
)


def execute():
	ensure_dimension()
	print(tag_existing_ledger())
	print(f"Export Contracts estimated from today's buying prices: {estimate_existing_contracts()}")
