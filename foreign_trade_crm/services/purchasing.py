"""Export Contract → domestic Purchase Orders, and ordered / received figures written back.

Purchase Orders are ERPNext's own: one draft per supplier for the contract lines
still to order, each PO line linked to its contract line through the custom fields
``export_contract`` / ``export_contract_item`` of Purchase Order Item. Rates are
left to ERPNext (price list, last purchase rate): our selling rate is not theirs.

When a Purchase Order or a Purchase Receipt is submitted or cancelled, the ordered
and received qty of the contract lines it touches are recomputed from all the
submitted documents (two grouped queries) and written back with one bulk update,
together with each contract's progress stage (``foreign_trade_crm.rules.purchasing``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, nowdate

from foreign_trade_crm.rules import purchasing as rules
from foreign_trade_crm.rules.shipment import CLOSED
from foreign_trade_crm.services.dimension import tag_header
from foreign_trade_crm.services.shipment import CONTRACT, CONTRACT_ITEM, lock_contracts

PURCHASE_ORDER = "Purchase Order"
PO_ITEM = "Purchase Order Item"
PR_ITEM = "Purchase Receipt Item"
DEFAULT_SCHEDULE_DAYS = 30


# ---------------------------------------------------------------- making purchase orders


def _parse(value, kind):
	if value in (None, ""):
		return kind()
	if isinstance(value, str):
		value = json.loads(value)
	return kind(value)


def check_countersign(doc) -> None:
	"""Purchasing waits for the buyer's countersign (Block), or goes ahead with a warning (Warn)."""
	if doc.is_countersigned:
		return
	policy = (
		frappe.db.get_single_value("Foreign Trade Settings", "purchase_countersign_policy")
		or rules.PURCHASE_BLOCK
	)
	if policy != rules.PURCHASE_WARN:
		frappe.throw(
			_(
				"Contract {0} is not countersigned by the buyer: purchase orders can be placed only after countersign"
			).format(doc.name)
		)
	frappe.msgprint(
		_(
			"Contract {0} is not countersigned by the buyer yet: the purchase orders are made at your own risk"
		).format(doc.name),
		title=_("Not Countersigned"),
		indicator="orange",
	)


def ordered_on_open_orders(contract: str) -> dict[str, float]:
	"""Qty per contract line on Purchase Orders not cancelled (drafts included), one grouped query."""
	rows = frappe.db.sql(
		"""
		select export_contract_item, sum(qty)
		from `tabPurchase Order Item`
		where export_contract = %(contract)s and docstatus < 2 and parenttype = %(parenttype)s
		group by export_contract_item
		""",
		{"contract": contract, "parenttype": PURCHASE_ORDER},
	)
	return {name: flt(qty) for name, qty in rows}


def default_suppliers(company: str, item_codes: Iterable[str]) -> dict[str, str]:
	"""Each item's default supplier for the company, from ERPNext's Item Defaults (one query)."""
	item_codes = sorted({i for i in item_codes if i})
	if not item_codes:
		return {}
	rows = frappe.get_all(
		"Item Default",
		filters={
			"parent": ("in", item_codes),
			"parenttype": "Item",
			"company": company,
			"default_supplier": ("is", "set"),
		},
		fields=["parent", "default_supplier"],
	)
	return {r.parent: r.default_supplier for r in rows}


@frappe.whitelist()
def make_purchase_orders(
	contract: str, lines: str | list | None = None, suppliers: dict | str | None = None
) -> list[str]:
	"""Draft Purchase Orders, one per supplier, for the contract lines still to order.

	``lines``: contract line names (default: every line with qty still to order);
	``suppliers``: {contract line name: supplier} overriding the items' default suppliers.
	"""
	frappe.has_permission(PURCHASE_ORDER, "create", throw=True)
	doc = frappe.get_doc(CONTRACT, contract)
	doc.check_permission("read")
	if doc.docstatus != 1 or doc.status == CLOSED:
		frappe.throw(_("Export Contract {0} is {1}: nothing to purchase").format(doc.name, _(doc.status)))
	check_countersign(doc)

	chosen = set(_parse(lines, list))
	overrides = {k: v for k, v in _parse(suppliers, dict).items() if v}
	by_name = {d.name: d for d in doc.items}
	unknown = sorted((chosen | set(overrides)) - set(by_name))
	if unknown:
		frappe.throw(
			_("Export Contract {0} has no line {1}").format(doc.name, ", ".join(unknown)),
			title=_("Purchase Orders not made"),
		)

	lock_contracts([doc.name])  # two users ordering the same contract at once wait for each other
	ordered = ordered_on_open_orders(doc.name)
	to_order = []
	for d in doc.items:
		if chosen and d.name not in chosen:
			continue
		qty = flt(rules.qty_to_order(d.qty, ordered.get(d.name)))
		if qty > 0:
			to_order.append((d, qty))
	if not to_order:
		frappe.throw(_("Nothing is left to order on Export Contract {0}").format(doc.name))

	defaults = default_suppliers(doc.company, (d.item_code for d, _qty in to_order))
	wanted = sorted(set(overrides.values()))
	known = (
		set(frappe.get_all("Supplier", filters={"name": ("in", wanted)}, pluck="name")) if wanted else set()
	)
	errors, groups = [], {}
	for d, qty in to_order:
		supplier = overrides.get(d.name) or defaults.get(d.item_code)
		if not supplier:
			errors.append(
				_("Row {0}: item {1} has no default supplier for company {2}; choose a supplier").format(
					d.idx, d.item_code, doc.company
				)
			)
		elif d.name in overrides and supplier not in known:
			errors.append(_("Row {0}: supplier {1} does not exist").format(d.idx, supplier))
		else:
			groups.setdefault(supplier, []).append((d, qty))
	if errors:
		frappe.throw(errors, title=_("Purchase Orders not made"), as_list=True)

	schedule_date = doc.latest_shipment_date or add_days(nowdate(), DEFAULT_SCHEDULE_DAYS)
	if getdate(schedule_date) < getdate(nowdate()):
		schedule_date = nowdate()
	return [
		_make_purchase_order(doc, supplier, rows, schedule_date).name for supplier, rows in groups.items()
	]


def _make_purchase_order(contract, supplier: str, rows, schedule_date):
	po = frappe.new_doc(PURCHASE_ORDER)
	po.supplier = supplier
	po.company = contract.company
	# the supplier's currency (a domestic mill bills in the company's), not the session's default
	po.currency = frappe.get_cached_value(
		"Supplier", supplier, "default_currency"
	) or frappe.get_cached_value("Company", contract.company, "default_currency")
	po.transaction_date = nowdate()
	po.schedule_date = schedule_date
	for d, qty in rows:
		po.append(
			"items",
			{
				"item_code": d.item_code,
				"item_name": d.item_name,
				"description": d.description,
				"qty": qty,
				"uom": d.uom,
				"schedule_date": schedule_date,
				"export_contract": contract.name,
				"export_contract_item": d.name,
			},
		)
	po.run_method("set_missing_values")
	po.run_method("calculate_taxes_and_totals")
	tag_header(po)  # the contract as accounting dimension: receipts and invoices made from it follow
	po.insert()
	return po


# ---------------------------------------------------------------- writing back


def contracts_of(doc) -> set[str]:
	"""The contracts a Purchase Order or Purchase Receipt touches (a receipt through its PO lines)."""
	if doc.doctype == PURCHASE_ORDER:
		return {d.export_contract for d in doc.items if d.get("export_contract")}
	po_items = sorted({d.purchase_order_item for d in doc.items if d.get("purchase_order_item")})
	if not po_items:
		return set()
	return set(
		frappe.get_all(
			PO_ITEM,
			filters={"name": ("in", po_items), "export_contract": ("is", "set")},
			pluck="export_contract",
			distinct=True,
		)
	)


def purchase_totals(contracts: list[str]) -> tuple[dict[str, float], dict[str, float]]:
	"""(ordered, received) qty per contract line from submitted orders and receipts: two grouped queries."""
	params = {"contracts": contracts, "po": PURCHASE_ORDER}
	ordered = frappe.db.sql(
		"""
		select export_contract_item, sum(qty)
		from `tabPurchase Order Item`
		where export_contract in %(contracts)s and docstatus = 1 and parenttype = %(po)s
		group by export_contract_item
		""",
		params,
	)
	received = frappe.db.sql(
		"""
		select poi.export_contract_item, sum(pri.qty)
		from `tabPurchase Receipt Item` pri
		join `tabPurchase Order Item` poi on poi.name = pri.purchase_order_item
		where poi.export_contract in %(contracts)s and pri.docstatus = 1
		group by poi.export_contract_item
		""",
		params,
	)
	return {n: flt(q) for n, q in ordered}, {n: flt(q) for n, q in received}


def update_purchase_figures(contract_names: Iterable[str]) -> None:
	"""Recompute ordered / received qty of these contracts' lines and their progress stage; write back set-wise."""
	contract_names = sorted({n for n in contract_names if n})
	if not contract_names:
		return
	lock_contracts(contract_names)
	eci = frappe.qb.DocType(CONTRACT_ITEM)
	lines = (
		frappe.qb.from_(eci)
		.select(eci.name, eci.parent, eci.qty, eci.shipped_qty, eci.tolerance_percent)
		.where((eci.parent.isin(contract_names)) & (eci.parenttype == CONTRACT))
		.run(as_dict=True)
	)
	countersigned = dict(
		frappe.get_all(
			CONTRACT,
			filters={"name": ("in", contract_names)},
			fields=["name", "is_countersigned"],
			as_list=True,
		)
	)
	ordered, received = purchase_totals(contract_names)

	line_updates, figures_of = {}, {}
	for cl in lines:
		line_updates[cl.name] = {
			"ordered_qty": ordered.get(cl.name, 0),
			"received_qty": received.get(cl.name, 0),
		}
		figures_of.setdefault(cl.parent, []).append(
			rules.PurchaseLine(
				qty=flt(cl.qty),
				ordered_qty=ordered.get(cl.name, 0),
				received_qty=received.get(cl.name, 0),
				shipped_qty=flt(cl.shipped_qty),
				tolerance_percent=flt(cl.tolerance_percent),
			)
		)
	contract_updates = {
		name: {
			"purchase_stage": rules.purchase_stage(bool(countersigned.get(name)), figures_of.get(name, []))
		}
		for name in contract_names
	}
	frappe.db.bulk_update(CONTRACT_ITEM, line_updates, chunk_size=500, update_modified=False)
	frappe.db.bulk_update(CONTRACT, contract_updates, chunk_size=500)


def on_purchase_change(doc, method=None) -> None:
	"""doc_events of Purchase Order and Purchase Receipt, on submit and on cancel."""
	update_purchase_figures(contracts_of(doc))
