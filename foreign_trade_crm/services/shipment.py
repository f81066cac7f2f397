"""Shipment Notice ↔ Export Contract: check a notice, and write its effect back to contracts.

Every read is one query per kind of row (contracts, contract lines, shipped totals),
whatever the number of lines, and the write-back is a bulk update; the rules that
decide live in ``foreign_trade_crm.rules.shipment``.

Concurrency: a notice locks its contracts (``SELECT … FOR UPDATE``, in name order)
*before* Frappe locks the notice row itself (see ``ShipmentNotice._submit``), so
concurrent submits on one contract run one after another and never deadlock. The
shipped totals are then read with a locking read, which sees the latest committed
notices even under MariaDB's REPEATABLE READ, checked against the tolerance again,
and written back in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cint, flt

from foreign_trade_crm.constants.roles import EXPORT_SALES_MANAGER
from foreign_trade_crm.rules import purchasing as purchase_rules
from foreign_trade_crm.rules import shipment as rules

CONTRACT = "Export Contract"
CONTRACT_ITEM = "Export Contract Item"
NOTICE = "Shipment Notice"
NOTICE_ITEM = "Shipment Notice Item"


# ---------------------------------------------------------------- loading, set-wise


def lock_contracts(names: Iterable[str]) -> None:
	"""Row-lock the contracts, always in name order so that lockers never deadlock."""
	names = sorted({n for n in names if n})
	if names:
		frappe.db.sql(
			"select name from `tabExport Contract` where name in %(names)s order by name for update",
			{"names": names},
		)


def load_contracts(names: Iterable[str]) -> dict[str, rules.Contract]:
	names = sorted({n for n in names if n})
	if not names:
		return {}
	ec = frappe.qb.DocType(CONTRACT)
	rows = (
		frappe.qb.from_(ec)
		.select(
			ec.name,
			ec.customer,
			ec.currency,
			ec.docstatus,
			ec.status,
			ec.is_countersigned,
			ec.partial_shipment_allowed,
		)
		.where(ec.name.isin(names))
		.run(as_dict=True)
	)
	return {
		r.name: rules.Contract(
			name=r.name,
			customer=r.customer,
			currency=r.currency,
			docstatus=cint(r.docstatus),
			status=r.status,
			countersigned=bool(r.is_countersigned),
			partial_shipment_allowed=bool(r.partial_shipment_allowed),
		)
		for r in rows
	}


def load_contract_lines(contracts: Iterable[str], for_update: bool = False) -> list[rules.ContractLine]:
	contracts = sorted({n for n in contracts if n})
	if not contracts:
		return []
	eci = frappe.qb.DocType(CONTRACT_ITEM)
	query = (
		frappe.qb.from_(eci)
		.select(
			eci.name,
			eci.parent,
			eci.idx,
			eci.item_code,
			eci.customer_item_code,
			eci.qty,
			eci.rate,
			eci.tolerance_percent,
		)
		.where((eci.parent.isin(contracts)) & (eci.parenttype == CONTRACT))
		.orderby(eci.parent)
		.orderby(eci.idx)
	)
	if for_update:
		query = query.for_update()
	return [
		rules.ContractLine(
			name=r.name,
			contract=r.parent,
			item_code=r.item_code,
			qty=r.qty,
			rate=r.rate,
			tolerance_percent=r.tolerance_percent,
			customer_item_code=r.customer_item_code,
			idx=r.idx,
		)
		for r in query.run(as_dict=True)
	]


def shipped_totals(contracts: Iterable[str], exclude_notice: str | None = None, locking: bool = False):
	"""(qty, amount) shipped per contract line by submitted notices of these contracts.

	``locking`` makes it a locking read: it then sees the latest committed notices
	rather than the transaction's snapshot (call it only with the contracts locked).
	"""
	contracts = sorted({n for n in contracts if n})
	if not contracts:
		return {}
	rows = frappe.db.sql(
		f"""
		select contract_item, qty, amount
		from `tabShipment Notice Item`
		where export_contract in %(contracts)s and docstatus = 1 and parenttype = %(parenttype)s
			and parent != %(exclude)s
		{"lock in share mode" if locking else ""}
		""",
		{"contracts": contracts, "parenttype": NOTICE, "exclude": exclude_notice or ""},
	)
	return rules.sum_shipped(rows)


# ---------------------------------------------------------------- checking a notice


def _notice_lines(doc) -> list[rules.NoticeLine]:
	return [
		rules.NoticeLine(
			idx=d.idx,
			export_contract=d.export_contract,
			qty=flt(d.qty),
			rate=flt(d.rate),
			item_code=d.item_code,
			contract_item=d.contract_item,
			customer_item_code=d.customer_item_code,
			rate_override=bool(d.rate_override),
			override_reason=d.override_reason,
		)
		for d in doc.items
	]


def _context(doc) -> rules.NoticeContext:
	settings = frappe.get_cached_doc("Foreign Trade Settings")
	return rules.NoticeContext(
		customer=doc.customer,
		currency=doc.currency,
		currency_precision=currency_precision(),
		countersign_policy=settings.countersign_policy or rules.COUNTERSIGN_BLOCK,
		can_override_rate=EXPORT_SALES_MANAGER in frappe.get_roles(),
	)


def check_notice(doc, locking: bool = False, show_warnings: bool = True) -> None:
	"""Match every line to its contract line, fill what the contract knows, and refuse bad lines.

	All errors are shown at once, each naming its row; warnings are shown and let pass.
	"""
	contract_names = {d.export_contract for d in doc.items}
	contracts = load_contracts(contract_names)
	lines = load_contract_lines(contract_names)
	shipped = shipped_totals(contract_names, exclude_notice=doc.name, locking=locking)
	result = rules.check_notice(
		_notice_lines(doc), contracts, lines, {k: v[0] for k, v in shipped.items()}, _context(doc)
	)

	by_name = {cl.name: cl for cl in lines}
	for d in doc.items:
		matched = by_name.get(result.matched.get(d.idx))
		if matched:
			d.contract_item = matched.name
			d.contract_rate = flt(matched.rate)
			d.item_code = d.item_code or matched.item_code
			d.customer_item_code = d.customer_item_code or matched.customer_item_code

	errors = [p.render(_) for p in result.errors] + check_line_links(doc)
	if result.warnings and show_warnings:
		frappe.msgprint(
			[p.render(_) for p in result.warnings], title=_("Please check"), indicator="orange", as_list=True
		)
	if errors:
		frappe.throw(errors, title=_("Shipment Notice cannot be saved"), as_list=True)


def check_line_links(doc) -> list[str]:
	"""Items and UOMs of the lines exist (one query each) and item names are filled.

	Stands in for Frappe's per-row link validation on notice lines (see
	ShipmentNoticeItem.get_invalid_links); contracts are checked by the rules above.
	"""
	item_codes = sorted({d.item_code for d in doc.items if d.item_code})
	uoms = sorted({d.uom for d in doc.items if d.uom})
	items = (
		{
			r.name: r
			for r in frappe.get_all(
				"Item", filters={"name": ("in", item_codes)}, fields=["name", "item_name"]
			)
		}
		if item_codes
		else {}
	)
	known_uoms = set(frappe.get_all("UOM", filters={"name": ("in", uoms)}, pluck="name")) if uoms else set()
	errors = []
	for d in doc.items:
		if d.item_code and d.item_code not in items:
			errors.append(_("Row {0}: item {1} does not exist").format(d.idx, d.item_code))
		elif d.item_code:
			d.item_name = items[d.item_code].item_name
		if d.uom and d.uom not in known_uoms:
			errors.append(_("Row {0}: unit {1} does not exist").format(d.idx, d.uom))
	return errors


# ---------------------------------------------------------------- writing back


def update_contracts(contract_names: Iterable[str]) -> None:
	"""Recompute shipped / pending figures, status and progress stage of these contracts from their submitted notices.

	Call with the contracts locked (``lock_contracts``): the totals are read with a
	locking read and written back with one bulk update per kind of row.
	"""
	contract_names = sorted({n for n in contract_names if n})
	if not contract_names:
		return
	lines_of: dict[str, list[rules.ContractLine]] = {}
	for cl in load_contract_lines(contract_names):
		lines_of.setdefault(cl.contract, []).append(cl)
	shipped = shipped_totals(contract_names, locking=True)
	heads = load_contracts(contract_names)
	purchased = purchase_figures(contract_names)
	precision = currency_precision()

	line_updates, contract_updates = {}, {}
	for name in contract_names:
		own = lines_of.get(name, [])
		head = heads[name]
		figures = rules.contract_figures(own, shipped, currency_precision=precision)
		for cl in own:
			f = figures.lines[cl.name]
			line_updates[cl.name] = {
				"shipped_qty": f.shipped_qty,
				"shipped_amount": f.shipped_amount,
				"pending_qty": f.pending_qty,
				"pending_amount": f.pending_amount,
				"delivery_status": f.delivery_status,
			}
		contract_updates[name] = {
			"shipped_amount": figures.shipped_amount,
			"pending_amount": figures.pending_amount,
			"per_shipped": figures.per_shipped,
			"delivery_status": figures.delivery_status,
			"status": rules.contract_status(
				head.docstatus, head.countersigned, figures.delivery_status, head.status == rules.CLOSED
			),
			"purchase_stage": purchase_rules.purchase_stage(
				head.countersigned,
				(
					purchase_rules.PurchaseLine(
						qty=cl.qty,
						ordered_qty=purchased.get(cl.name, (0, 0))[0],
						received_qty=purchased.get(cl.name, (0, 0))[1],
						shipped_qty=figures.lines[cl.name].shipped_qty,
						tolerance_percent=cl.tolerance_percent,
					)
					for cl in own
				),
			),
		}
	frappe.db.bulk_update(CONTRACT_ITEM, line_updates, chunk_size=500, update_modified=False)
	frappe.db.bulk_update(CONTRACT, contract_updates, chunk_size=500)


def purchase_figures(contract_names: list[str]) -> dict[str, tuple[float, float]]:
	"""(ordered, received) qty per contract line as last written back from purchasing (one query)."""
	eci = frappe.qb.DocType(CONTRACT_ITEM)
	rows = (
		frappe.qb.from_(eci)
		.select(eci.name, eci.ordered_qty, eci.received_qty)
		.where((eci.parent.isin(contract_names)) & (eci.parenttype == CONTRACT))
		.run()
	)
	return {name: (flt(ordered), flt(received)) for name, ordered, received in rows}


def currency_precision() -> int:
	"""Frappe's precision for Currency fields (system-wide: System Settings / number format)."""
	return cint(frappe.get_precision(CONTRACT_ITEM, "amount")) or 2


def on_notice_submit(doc) -> None:
	"""In the submit transaction, with the contracts locked: check again against fresh totals, write back."""
	check_notice(doc, locking=True, show_warnings=False)  # validate has shown them
	update_contracts(d.export_contract for d in doc.items)


def on_notice_cancel(doc) -> None:
	update_contracts(d.export_contract for d in doc.items)


@frappe.whitelist()
def customer_currency(customer: str, company: str, posting_date: str | None = None) -> dict:
	"""A new notice's currency and exchange rate for its customer, as ERPNext's sales documents set them:
	the customer's billing currency (else its receivable account's, else the company's) and the rate
	ERPNext would take for selling on that date (Currency Exchange records first)."""
	from erpnext.accounts.party import get_party_account_currency
	from erpnext.setup.utils import get_exchange_rate

	frappe.has_permission("Shipment Notice", "create", throw=True)
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	currency = (
		frappe.db.get_value("Customer", customer, "default_currency")
		or get_party_account_currency("Customer", customer, company)
		or company_currency
	)
	rate = 1.0
	if currency != company_currency:
		rate = flt(get_exchange_rate(currency, company_currency, posting_date, "for_selling"))
	return {"currency": currency, "conversion_rate": rate}
