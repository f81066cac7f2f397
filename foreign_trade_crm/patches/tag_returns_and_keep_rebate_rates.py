"""Contract profit on every shape of voucher, on a site that used it before: credit and debit notes take the
contract of the lines they return (and their ledger rows follow, reposted by ERPNext where they are of several
contracts), payments and invoices of several contracts no longer carry one contract in their header, and
purchase lines keep the rebate rate they were bought at (today's item rate for lines bought before)."""

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from foreign_trade_crm.constants.custom_fields import CUSTOM_FIELDS
from foreign_trade_crm.services.dimension import ensure_dimension
from foreign_trade_crm.services.profit_backfill import (
	keep_existing_rebate_rates,
	tag_existing_ledger,
)


def execute():
	create_custom_fields(CUSTOM_FIELDS, update=True)  # the rebate rate on purchase lines, before it is filled
	ensure_dimension()
	print(f"Purchase lines given today's rebate rate: {keep_existing_rebate_rates()}")
	print(tag_existing_ledger())
