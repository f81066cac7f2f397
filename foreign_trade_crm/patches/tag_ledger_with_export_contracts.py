"""Contract profit on a site that used the app before it: the Export Contract dimension, then the ledger
its documents wrote before, tagged (``services.profit.tag_existing_ledger``)."""

from foreign_trade_crm.services.profit import ensure_dimension, tag_existing_ledger


def execute():
	ensure_dimension()
	print(tag_existing_ledger())
