"""What a Trade Excel Template's columns may name: the target's own fields and its linked documents',
for the template form's column picker and its check on save."""

from __future__ import annotations

import frappe
from frappe import _

from foreign_trade_crm.services.excel.exports import LIST_EXPORTS, _links_of
from foreign_trade_crm.services.excel.imports import NOTICE_HEADERS, NOTICE_LINES, QUOTATION_LINES
from foreign_trade_crm.services.excel.templates import (
	CONTRACT_LINES,
	LAYOUT_TYPES,
	RECEIVABLE_LINKS,
	RECEIVABLE_SOURCES,
	RECEIVABLES,
)


def _fields_of(doctype: str) -> list[str]:
	return ["name"] + [
		df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype not in LAYOUT_TYPES
	]


def template_sources(applies_to: str, purpose: str = "Export") -> list[str]:
	"""Every source a column of a template for ``applies_to`` may name: the row's fields, and the
	fields of the documents it links to as ``link.field``; for imports, the fields the import fills."""
	if purpose == "Import":
		from foreign_trade_crm.rules.leads import FIELDS as LEAD_FIELDS

		lines = ["customer_item_code", "item_code", "qty", "rate"]
		return {
			CONTRACT_LINES: lines,
			QUOTATION_LINES: lines,
			NOTICE_LINES: [*lines, *sorted(set(NOTICE_HEADERS.values()))],
			"Leads": list(LEAD_FIELDS),
		}.get(applies_to, [])
	if applies_to == RECEIVABLES:
		own, links = list(RECEIVABLE_SOURCES), RECEIVABLE_LINKS
	elif applies_to in LIST_EXPORTS:
		doctype, child, _standard = LIST_EXPORTS[applies_to]
		own = _fields_of(child or doctype) + (["parent"] if child else [])
		links = {**_links_of(child or doctype), **({"parent": doctype} if child else {})}
	else:
		return []
	return own + [f"{link}.{f}" for link, target in links.items() for f in _fields_of(target)]


@frappe.whitelist()
def get_template_sources(applies_to: str, purpose: str = "Export") -> list[dict]:
	"""The sources for the column picker, each with a label in the user's language:
	``item_code.item_name`` → "Item Code → Item Name (item_code.item_name)"."""
	frappe.has_permission("Trade Excel Template", "read", throw=True)
	row_doctype, links = None, {}
	if purpose == "Export" and applies_to == RECEIVABLES:
		links = RECEIVABLE_LINKS
	elif purpose == "Export" and applies_to in LIST_EXPORTS:
		doctype, child, _standard = LIST_EXPORTS[applies_to]
		row_doctype = child or doctype
		links = {**_links_of(row_doctype), **({"parent": doctype} if child else {})}

	def label(doctype, fieldname):
		if fieldname == "name":
			return _("Document ID")
		if fieldname == "parent" and links.get("parent"):
			return _(links["parent"])
		df = frappe.get_meta(doctype).get_field(fieldname) if doctype else None
		return _(df.label) if df and df.label else _(frappe.unscrub(fieldname))

	out = []
	for source in template_sources(applies_to, purpose):
		link, _dot, field = source.partition(".")
		text = (
			f"{label(row_doctype, link)} → {label(links.get(link), field)}"
			if field
			else label(row_doctype, link)
		)
		out.append({"value": source, "label": f"{text} ({source})"})
	return out
