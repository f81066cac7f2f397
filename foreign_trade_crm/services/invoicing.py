"""A Shipment Notice's receivable: its ERPNext Sales Invoice, made on submit, cancelled on cancel."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate

from foreign_trade_crm.rules.dates import PaymentTerm, expected_collection_date


def payment_terms(template: str | None) -> list[PaymentTerm]:
	if not template:
		return []
	rows = frappe.get_all(
		"Payment Terms Template Detail",
		filters={"parent": template, "parenttype": "Payment Terms Template"},
		fields=["due_date_based_on", "credit_days", "credit_months"],
	)
	return [PaymentTerm(r.due_date_based_on, cint(r.credit_days), cint(r.credit_months)) for r in rows]


def set_expected_collection_date(notice) -> None:
	if notice.expected_collection_date or not notice.bl_date:
		return
	notice.expected_collection_date = expected_collection_date(
		getdate(notice.bl_date), payment_terms(notice.payment_terms_template)
	)


def make_sales_invoice(notice, submit: bool = True):
	"""The Sales Invoice of one shipment: one line per notice line, linked both ways.

	Made with ignore_permissions: it is the consequence of submitting the notice, which
	the user was permitted to do; a sales user need not hold rights on Sales Invoice.
	"""
	from foreign_trade_crm.services.dimension import tag_header

	si = frappe.new_doc("Sales Invoice")
	si.update(
		{
			"customer": notice.customer,
			"company": notice.company,
			"currency": notice.currency,
			"conversion_rate": notice.conversion_rate,
			"posting_date": notice.posting_date,
			"set_posting_time": 1,
			"payment_terms_template": notice.payment_terms_template,
			"shipment_notice": notice.name,
			"bl_date": notice.bl_date,
			"expected_collection_date": notice.expected_collection_date,
			"po_no": notice.commercial_invoice_no,
			"remarks": _("Shipment Notice {0}").format(notice.name),
		}
	)
	for d in notice.items:
		si.append(
			"items",
			{
				"item_code": d.item_code,
				"item_name": d.item_name,
				"description": d.description or d.item_name,
				"qty": d.qty,
				"uom": d.uom,
				"rate": d.rate,
				"export_contract": d.export_contract,
				"export_contract_item": d.contract_item,
				"shipment_notice_item": d.name,
			},
		)
	# The shipment's rates are the contract's. When the buyer's price list is in the invoice
	# currency, its exchange rate is the notice's: tell ERPNext, which would otherwise look it
	# up for every line. Any other price list is ERPNext's to choose and convert.
	price_list = frappe.db.get_value("Customer", notice.customer, "default_price_list")
	if price_list and frappe.db.get_value("Price List", price_list, "currency") == notice.currency:
		si.selling_price_list = price_list
		si.price_list_currency = notice.currency
		si.plc_conversion_rate = notice.conversion_rate
	si.ignore_pricing_rule = 1
	si.flags.ignore_permissions = True
	si.run_method("set_missing_values")
	# ERPNext's price list logic must not re-price the shipment: the rates are the contract's
	for row, d in zip(si.items, notice.items, strict=True):
		row.rate = d.rate
		row.price_list_rate = d.rate
		row.discount_percentage = 0
		row.margin_type = ""
	tag_header(si)  # one contract shipped: the receivable and the collection carry it too
	si.insert()
	if submit:
		si.submit()
	return si


def cancel_sales_invoice(notice) -> None:
	"""Cancel (or delete, if draft) the notice's invoice so the notice can be cancelled."""
	if not notice.sales_invoice:
		return
	docstatus = frappe.db.get_value("Sales Invoice", notice.sales_invoice, "docstatus")
	if docstatus is None or docstatus == 2:
		return
	si = frappe.get_doc("Sales Invoice", notice.sales_invoice)
	si.flags.ignore_permissions = True
	if docstatus == 1:
		si.cancel()
	else:
		frappe.delete_doc("Sales Invoice", si.name, ignore_permissions=True)
		notice.db_set("sales_invoice", None)
