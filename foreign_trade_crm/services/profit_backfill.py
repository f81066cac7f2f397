"""Sites that used the app before contract profit and before returns kept their contract: the ledger their
documents wrote, tagged as it would have been written with the dimension, and the estimates their contracts
would have had. One-off upgrade work, run by the patches."""

from __future__ import annotations

import frappe
from frappe.utils import flt

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.services import profit_ledger
from foreign_trade_crm.services.dimension import FIELD, INVOICES, RETURNED_LINE
from foreign_trade_crm.services.profit import buying_rates, estimate_fields, settings


def tag_existing_ledger() -> dict:
	"""Sites that used the app before contract profit: the ledger rows of its documents get their contract,
	as they would have been written with the dimension. Set-wise, where a voucher is of one contract (its
	header, its ledger rows): shipment invoices, their collections and the exchange gain or loss booked
	for them, purchase receipts and invoices of contract purchase orders. A shipment invoice of several
	contracts has its ledger reposted (ERPNext's own reversal and re-posting), as its income rows must
	be split by line. Nothing is touched twice: rows already tagged stay as they are."""
	if not frappe.db.has_column("GL Entry", FIELD):
		return {}
	done = {}
	# purchase lines bought on a contract's purchase order
	for child, link in (
		("Purchase Receipt Item", "purchase_order_item"),
		("Purchase Invoice Item", "po_detail"),
	):
		done[child] = _update(
			f"""update `tab{child}` d join `tabPurchase Order Item` poi on poi.name = d.{link}
			set d.export_contract = poi.export_contract
			where ifnull(d.export_contract, '') = '' and ifnull(poi.export_contract, '') != ''"""
		)
	# returns' lines (credit and debit notes), from the lines they return
	for doctype, link in RETURNED_LINE.items():
		child = f"{doctype} Item"
		if doctype == "Delivery Note" or not frappe.db.has_column(child, FIELD):
			continue
		done[f"{child} of returns"] = _update(
			f"""update `tab{child}` r join `tab{doctype}` v on v.name = r.parent
			join `tab{child}` o on o.name = r.{link}
			set r.export_contract = o.export_contract
			where v.is_return = 1 and ifnull(r.export_contract, '') = '' and ifnull(o.export_contract, '') != ''"""
		)
	# headers wholly of one contract, from their lines
	for parent, child in (
		("Sales Invoice", "Sales Invoice Item"),
		("Purchase Invoice", "Purchase Invoice Item"),
		("Purchase Receipt", "Purchase Receipt Item"),
	):
		done[parent] = _update(
			f"""update `tab{parent}` p join (
				select parent, min(export_contract) as contract from `tab{child}`
				group by parent
				having count(distinct ifnull(export_contract, '')) = 1 and min(ifnull(export_contract, '')) != ''
			) one on one.parent = p.name
			set p.export_contract = one.contract
			where p.docstatus = 1 and ifnull(p.export_contract, '') = ''"""
		)
	# collections of one-contract invoices, and the exchange gain or loss booked against those invoices
	done["Payment Entry"] = _update(
		"""update `tabPayment Entry` pe join (
			select per.parent, min(si.export_contract) as contract
			from `tabPayment Entry Reference` per join `tabSales Invoice` si on si.name = per.reference_name
			where per.reference_doctype = 'Sales Invoice'
			group by per.parent
			having count(distinct ifnull(si.export_contract, '')) = 1 and min(ifnull(si.export_contract, '')) != ''
		) one on one.parent = pe.name
		set pe.export_contract = one.contract
		where pe.docstatus = 1 and ifnull(pe.export_contract, '') = ''"""
	)
	done["Journal Entry Account"] = _update(
		"""update `tabJournal Entry Account` jea join (
			select jea2.parent, min(si.export_contract) as contract
			from `tabJournal Entry Account` jea2
			join `tabJournal Entry` je on je.name = jea2.parent
			join `tabSales Invoice` si on si.name = jea2.reference_name
			where je.voucher_type = 'Exchange Gain Or Loss' and jea2.reference_type = 'Sales Invoice'
			group by jea2.parent having count(distinct ifnull(si.export_contract, '')) = 1
				and min(ifnull(si.export_contract, '')) != ''
		) one on one.parent = jea.parent
		set jea.export_contract = one.contract
		where ifnull(jea.export_contract, '') = ''"""
	)
	# the ledger rows of every voucher now tagged in its header
	for voucher_type in ("Sales Invoice", "Purchase Invoice", "Purchase Receipt", "Payment Entry"):
		done[f"GL Entry of {voucher_type}"] = _update(
			f"""update `tabGL Entry` gle join `tab{voucher_type}` v on v.name = gle.voucher_no
			set gle.export_contract = v.export_contract
			where gle.voucher_type = %(voucher_type)s and ifnull(gle.export_contract, '') = ''
				and ifnull(v.export_contract, '') != ''""",
			{"voucher_type": voucher_type},
		)
	done["GL Entry of Journal Entry"] = _update(
		"""update `tabGL Entry` gle join (
			select parent, account, min(export_contract) as contract from `tabJournal Entry Account`
			where ifnull(export_contract, '') != '' group by parent, account
			having count(distinct export_contract) = 1
		) one on one.parent = gle.voucher_no and one.account = gle.account
		set gle.export_contract = one.contract
		where gle.voucher_type = 'Journal Entry' and ifnull(gle.export_contract, '') = ''"""
	)
	# invoices (and credit or debit notes) of several contracts whose ledger carries none: their line rows
	# must be split by line, so ERPNext reposts them
	for doctype in INVOICES:
		several = frappe.db.sql_list(
			f"""select v.name from `tab{doctype}` v
			join `tab{doctype} Item` item on item.parent = v.name
			where v.docstatus = 1 and ifnull(v.export_contract, '') = ''
			group by v.name having count(distinct item.export_contract) >= 1
				and not exists (select 1 from `tabGL Entry` gle where gle.voucher_type = %(doctype)s
					and gle.voucher_no = v.name and gle.is_cancelled = 0 and ifnull(gle.export_contract, '') != '')""",
			{"doctype": doctype},
		)
		for name in several:
			repost(doctype, name)
		done[f"{doctype}s reposted"] = len(several)
	# the ledger was tagged behind the postings' backs: each contract's booked profit kept anew
	done["Contracts kept"] = profit_ledger.rebuild(commit=False)
	return done


def _update(query: str, values: dict | None = None) -> int:
	frappe.db.sql(query, values or {})
	return frappe.db._cursor.rowcount if frappe.db._cursor else 0


def repost(doctype: str, name: str) -> None:
	"""ERPNext's own repost of one invoice's ledger (as Repost Accounting Ledger does it): its rows reversed,
	then made again, now with each line's contract."""
	doc = frappe.get_doc(doctype, name)
	frappe.flags.through_repost_accounting_ledger = True
	try:
		doc.docstatus = 2
		doc.make_gl_entries_on_cancel()
		doc.docstatus = 1
		if doctype == "Sales Invoice":
			doc.force_set_against_income_account()
		doc.make_gl_entries()
	finally:
		frappe.flags.through_repost_accounting_ledger = False


def estimate_existing_contracts() -> int:
	"""Contracts submitted before contract profit get the estimate they would have had, from today's buying
	prices and settings (said so in the upgrade's output): a handful of queries, then one update per hundred
	contracts and lines."""
	conf = settings()
	heads = frappe.db.sql(
		"""select name, company, total_amount, conversion_rate, incoterm from `tabExport Contract`
		where docstatus = 1 and ifnull(est_sales, 0) = 0 and total_amount > 0""",
		as_dict=True,
	)
	if not heads:
		return 0
	lines = frappe.db.sql(
		"""select name, parent, item_code, qty, purchase_rate from `tabExport Contract Item`
		where parent in %(names)s""",
		{"names": tuple(h.name for h in heads)},
		as_dict=True,
	)
	codes = list({d.item_code for d in lines if d.item_code})
	rebate_of = dict(
		frappe.get_all(
			"Item", filters={"name": ("in", codes)}, fields=["name", "export_rebate_rate"], as_list=True
		)
	)
	rates: dict[str, dict[str, float]] = {}
	for company in {h.company for h in heads}:
		rates[company] = buying_rates(codes, company, conf.price_list)
	company_of = {h.name: h.company for h in heads}
	by_contract: dict[str, list] = {}
	line_updates = {}
	for d in lines:
		rate = flt(d.purchase_rate) or rates[company_of[d.parent]].get(d.item_code, 0)
		rebate = flt(rebate_of.get(d.item_code))
		line_updates[d.name] = {"purchase_rate": rate, "rebate_rate": rebate}
		by_contract.setdefault(d.parent, []).append(rules.Line(d.qty, rate, rebate))
	updates = {
		h.name: estimate_fields(
			rules.estimate(
				flt(h.total_amount) * flt(h.conversion_rate or 1),
				by_contract.get(h.name, []),
				conf.rates.get(h.incoterm),
				conf.vat_rebate,
				conf.vat_percent,
			)
		)
		for h in heads
	}
	frappe.db.bulk_update("Export Contract Item", line_updates, update_modified=False)
	frappe.db.bulk_update("Export Contract", updates, update_modified=False)
	return len(updates)


def keep_existing_rebate_rates() -> int:
	"""Purchase lines submitted before their rebate rate was kept: the item's rate of today, the best there is
	(said so in the upgrade's output). One update."""
	return _update(
		"""update `tabPurchase Invoice Item` pii join `tabItem` item on item.name = pii.item_code
		set pii.export_rebate_rate = item.export_rebate_rate
		where pii.docstatus = 1 and ifnull(pii.export_rebate_rate, 0) = 0 and ifnull(item.export_rebate_rate, 0) != 0"""
	)
