"""Trade Excel Templates: the columns a customer's template names, in the user's language, the linked
values its ``link.field`` columns read, and the sources a template may name."""

from __future__ import annotations

import frappe
from frappe import _

from foreign_trade_crm.rules import excel as rules

RECEIVABLES = "Export Receivables"
CONTRACT_LINES = "Export Contract Lines"


def template_columns(
	customer: str | None, applies_to: str, purpose: str = "Export"
) -> list[rules.Column] | None:
	"""The customer's template for ``applies_to``, else the default one (no customer); None when neither."""
	names = frappe.get_all(
		"Trade Excel Template",
		filters={"applies_to": applies_to, "purpose": purpose},
		fields=["name", "customer"],
	)
	chosen = next((n.name for n in names if customer and n.customer == customer), None) or next(
		(n.name for n in names if not n.customer), None
	)
	if not chosen:
		return None
	rows = frappe.get_all(
		"Trade Excel Column",
		filters={"parent": chosen, "parenttype": "Trade Excel Template"},
		fields=["*"],
		order_by="idx",
	)
	return [
		rules.Column(
			source=r.source.strip(),
			header=r.header,
			fieldtype=r.fieldtype or "Data",
			prefix=r.prefix or "",
			suffix=r.suffix or "",
			max_chars=r.max_chars or 0,
			decimals=r.decimals
			if r.decimals or r.fieldtype in ("Int", "Float", "Currency", "Percent")
			else None,
			thousands=not r.no_thousands,
			width=r.width or 0,
			true_text=r.true_text or _("Yes"),
			false_text=r.false_text or _("No"),
			date_format=r.date_format or "yyyy-mm-dd",
			text_mode=r.text_mode or rules.PLAIN,
		)
		for r in rows
	]


def translated(columns) -> list[rules.Column]:
	"""Standard columns with their headers in the user's language."""
	return [rules.Column(c.source, _(c.header), c.fieldtype) for c in columns]


def resolve_links(
	rows: list[dict], columns: list[rules.Column], doctype_of: dict[str, str], permitted: bool = False
) -> None:
	"""Fill ``link.field`` sources (e.g. item_code.item_name) set-wise: one query per link field.
	``permitted``: read the linked documents through the user's permissions (desk exports), so a
	template cannot show what the user may not read."""
	for column in columns:
		if "." not in column.source:
			continue
		link, target = column.source.split(".", 1)
		doctype = doctype_of.get(link)
		if not doctype or (not frappe.get_meta(doctype).has_field(target) and target != "name"):
			continue
		names = list({r.get(link) for r in rows if r.get(link)})
		read = frappe.get_list if permitted else frappe.get_all
		if permitted and not frappe.has_permission(doctype, "read"):
			names = []  # a document type the user may not read: its column stays empty
		values = (
			dict(
				read(
					doctype,
					filters={"name": ("in", names)},
					fields=["name", target],
					as_list=True,
					limit_page_length=0,
				)
			)
			if names
			else {}
		)
		for r in rows:
			r[column.source] = values.get(r.get(link))


RECEIVABLE_SOURCES = (
	"customer",
	"voucher_no",
	"voucher_type",
	"shipment_notice",
	"posting_date",
	"due_date",
	"bl_date",
	"expected_collection_date",
	"expected_date",
	"currency",
	"booked",
	"booked_base",
	"collected",
	"collected_base",
	"unpaid",
	"unpaid_base",
	"days_overdue",
	"category",
)
RECEIVABLE_LINKS = {
	"customer": "Customer",
	"voucher_no": "Sales Invoice",
	"shipment_notice": "Shipment Notice",
}
LAYOUT_TYPES = frozenset(
	("Section Break", "Column Break", "Tab Break", "HTML", "Button", "Table", "Table MultiSelect")
)
