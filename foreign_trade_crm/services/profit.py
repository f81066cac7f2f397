"""Contract profit (``rules.profit``): the Export Contract accounting dimension, the estimate kept on the
contract, and the actual read from the ledger by the dimension, set-wise for any number of contracts.

Every document of the app that books money for a contract carries the dimension: the shipment's Sales
Invoice lines (and its header when it ships one contract), the Purchase Orders made from a contract and
the Purchase Receipts and Invoices that follow from them, the Payment Entry collecting a one-contract
invoice (and so the exchange gain or loss ERPNext books for it), claim settlements. Any other voucher,
a freight or insurance bill, a bank charge, a commission, is tagged by its user, as any dimension is.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from foreign_trade_crm.rules import profit as rules

DIMENSION = "Export Contract"
FIELD = "export_contract"
#: the ledger index the report reads by (contract first: it groups by contract and account)
LEDGER_INDEX = "export_contract_profit"


# ---------------------------------------------------------------------- the dimension


def ensure_dimension() -> None:
	"""Export Contract as an ERPNext Accounting Dimension, its fields made now (ERPNext would queue them),
	and the ledger index the report reads by."""
	from erpnext.accounts.doctype.accounting_dimension.accounting_dimension import (
		make_dimension_in_accounting_doctypes,
	)

	name = frappe.db.get_value("Accounting Dimension", {"document_type": DIMENSION})
	if not name:
		doc = frappe.new_doc("Accounting Dimension")
		doc.document_type = DIMENSION
		doc.flags.ignore_permissions = True
		in_test, frappe.flags.in_test = frappe.flags.in_test, True  # make the fields now, not in a job
		try:
			doc.insert()
		finally:
			frappe.flags.in_test = in_test
	else:
		doc = frappe.get_doc("Accounting Dimension", name)
		make_dimension_in_accounting_doctypes(doc)  # doctypes ERPNext added since
	frappe.clear_cache(doctype="GL Entry")
	add_ledger_index()


def add_ledger_index() -> None:
	"""The ledger by contract (covering the sum the profit reads), and purchase lines by contract."""
	if not frappe.db.has_column("GL Entry", FIELD):
		return
	if not frappe.db.sql("show index from `tabGL Entry` where Key_name = %s", LEDGER_INDEX):
		frappe.db.sql_ddl(
			f"alter table `tabGL Entry` add index `{LEDGER_INDEX}` "
			f"(`{FIELD}`, `is_cancelled`, `account`, `voucher_type`, `debit`, `credit`)"
		)
	if frappe.db.has_column("Purchase Invoice Item", FIELD):
		frappe.db.add_index("Purchase Invoice Item", [FIELD])


def remove_dimension() -> None:
	"""On uninstall: the dimension and the fields ERPNext made for it (ledger rows keep nothing of it)."""
	from erpnext.accounts.doctype.accounting_dimension.accounting_dimension import delete_accounting_dimension

	name = frappe.db.get_value("Accounting Dimension", {"document_type": DIMENSION})
	if name:
		doc = frappe.get_doc("Accounting Dimension", name)
		delete_accounting_dimension(doc)  # now, not in a job the uninstall would not wait for
		frappe.db.delete("Accounting Dimension", {"name": name})
		frappe.db.delete("Accounting Dimension Detail", {"parent": name})
	if frappe.db.sql("show index from `tabGL Entry` where Key_name = %s", LEDGER_INDEX):
		frappe.db.sql_ddl(f"alter table `tabGL Entry` drop index `{LEDGER_INDEX}`")


def has_dimension(doctype: str) -> bool:
	return frappe.get_meta(doctype).has_field(FIELD)


def tag_purchase(doc, method=None) -> None:
	"""Purchase Receipt / Invoice ``validate``: lines bought on a contract's Purchase Order carry its
	contract (one query for all lines), the header too when there is one contract."""
	if not has_dimension(doc.doctype):
		return
	link = "po_detail" if doc.doctype == "Purchase Invoice" else "purchase_order_item"
	po_items = [d.get(link) for d in doc.items if d.get(link) and not d.get(FIELD)]
	if po_items:
		contract_of = dict(
			frappe.get_all(
				"Purchase Order Item",
				filters={"name": ("in", po_items), FIELD: ("is", "set")},
				fields=["name", FIELD],
				as_list=True,
			)
		)
		for d in doc.items:
			if not d.get(FIELD) and d.get(link) in contract_of:
				d.set(FIELD, contract_of[d.get(link)])
	tag_header(doc)


def tag_header(doc) -> None:
	"""The header carries the contract when all tagged lines are of one (its taxes and payable follow)."""
	contracts = {d.get(FIELD) for d in doc.items if d.get(FIELD)}
	if len(contracts) == 1 and not doc.get(FIELD) and has_dimension(doc.doctype):
		doc.set(FIELD, contracts.pop())


def tag_collection(doc) -> None:
	"""Payment Entry ``validate``: a collection of invoices of one contract carries it, and with it the
	exchange gain or loss ERPNext books (its Journal Entry takes the payment's dimensions)."""
	if doc.get(FIELD) or not has_dimension(doc.doctype):
		return
	invoices = [
		r.reference_name for r in doc.get("references") or [] if r.reference_doctype == "Sales Invoice"
	]
	if not invoices:
		return
	contracts = frappe.get_all(
		"Sales Invoice Item",
		filters={"parent": ("in", invoices), FIELD: ("is", "set")},
		pluck=FIELD,
		distinct=True,
	)
	if len(contracts) == 1:
		doc.set(FIELD, contracts[0])


# ---------------------------------------------------------------------- the estimate


def settings() -> frappe._dict:
	s = frappe.get_cached_doc("Foreign Trade Settings")
	return frappe._dict(
		vat_rebate=bool(s.get("vat_rebate")),
		vat_percent=flt(s.get("purchase_vat_percent")),
		price_list=s.get("profit_buying_price_list")
		or frappe.db.get_single_value("Buying Settings", "buying_price_list"),
		rates={
			d.incoterm: rules.CostRates(d.freight_percent, d.insurance_percent, d.other_percent)
			for d in s.get("profit_cost_defaults") or []
		},
		mapped={d.account: d.cost_kind for d in s.get("profit_cost_accounts") or []},
		claim_account=s.get("claim_account"),
	)


def buying_rates(item_codes: list[str], company: str, price_list: str | None) -> dict[str, float]:
	"""Net purchase rate of each item in company currency: its price in the buying price list (in company
	currency), else its last purchase rate. Two queries for all items."""
	if not item_codes:
		return {}
	found = {}
	currency = frappe.get_cached_value("Company", company, "default_currency")
	if price_list and frappe.db.get_value("Price List", price_list, "currency") == currency:
		ip = frappe.qb.DocType("Item Price")
		for item_code, rate in (
			frappe.qb.from_(ip)
			.select(ip.item_code, ip.price_list_rate)
			.where(
				(ip.price_list == price_list)
				& ip.item_code.isin(item_codes)
				& (ip.customer.isnull() | (ip.customer == ""))
				& (ip.supplier.isnull() | (ip.supplier == ""))
			)
			.orderby(ip.valid_from)  # the latest valid price last, so it wins
			.run()
		):
			found[item_code] = flt(rate)
	for item_code, rate in frappe.get_all(
		"Item", filters={"name": ("in", item_codes)}, fields=["name", "last_purchase_rate"], as_list=True
	):
		if item_code not in found and flt(rate):
			found[item_code] = flt(rate)
	return found


def set_estimate(doc) -> None:
	"""Export Contract ``validate``: the estimate while the contract is a draft, and as it is submitted;
	a submitted contract's estimate is never touched again."""
	if doc.docstatus == 1 and doc.get("_action") != "submit":
		return
	conf = settings()
	codes = list({d.item_code for d in doc.items if d.item_code})
	rebate_of = (
		dict(
			frappe.get_all(
				"Item", filters={"name": ("in", codes)}, fields=["name", "export_rebate_rate"], as_list=True
			)
		)
		if codes
		else {}
	)
	missing = [d.item_code for d in doc.items if d.item_code and not flt(d.get("purchase_rate"))]
	rates = buying_rates(list(set(missing)), doc.company, conf.price_list) if missing else {}
	for d in doc.items:
		if not flt(d.get("purchase_rate")) and d.item_code in rates:
			d.purchase_rate = rates[d.item_code]
		d.rebate_rate = flt(rebate_of.get(d.item_code))
	entered = (
		{rules.FREIGHT: doc.est_freight, rules.INSURANCE: doc.est_insurance, rules.OTHER: doc.est_other_costs}
		if doc.get("enter_costs")
		else None
	)
	est = rules.estimate(
		flt(doc.total_amount) * flt(doc.conversion_rate or 1),
		[rules.Line(d.qty, d.get("purchase_rate"), d.get("rebate_rate")) for d in doc.items],
		conf.rates.get(doc.incoterm),
		conf.vat_rebate,
		conf.vat_percent,
		entered,
	)
	doc.update(estimate_fields(est))


def estimate_fields(est: rules.Profit) -> dict:
	return {
		"est_sales": flt(est.get(rules.SALES)),
		"est_purchase_cost": flt(est.get(rules.PURCHASE)),
		"est_vat_rebate": flt(est.get(rules.REBATE)),
		"est_freight": flt(est.get(rules.FREIGHT)),
		"est_insurance": flt(est.get(rules.INSURANCE)),
		"est_other_costs": flt(est.get(rules.OTHER)),
		"est_profit": flt(est.profit),
		"est_margin": flt(est.margin) if est.margin is not None else 0,
	}


def stored_estimate(row) -> rules.Profit:
	"""The estimate kept on a contract (a row with its est_ fields)."""
	est = rules.Profit()
	for kind, fieldname in (
		(rules.SALES, "est_sales"),
		(rules.PURCHASE, "est_purchase_cost"),
		(rules.REBATE, "est_vat_rebate"),
		(rules.FREIGHT, "est_freight"),
		(rules.INSURANCE, "est_insurance"),
		(rules.OTHER, "est_other_costs"),
	):
		est.add(kind, row.get(fieldname) or 0)
	return est


# ---------------------------------------------------------------------- the actual


def actuals(contracts: list[str] | None = None, where: str = "", values: dict | None = None) -> dict:
	"""Contract → its actual ``rules.Profit``, for ``contracts`` or for the submitted contracts matching
	``where`` (a condition on ``ec``, the Export Contract, with ``values``).

	The ledger is summed by contract, account and kind of voucher in MariaDB, from the index whose leading
	column is the contract (``LEDGER_INDEX``: it covers the sum, so no ledger row is read). Up to ``FEW``
	contracts are named in the query; for more, the whole tagged ledger is summed in one pass of that index
	and kept for the contracts asked: MariaDB turns an IN list of more than 1,000 values into a join, and
	joined, it sorts every matching ledger row first (16 s on a million rows, against 1.2 s). Accounts that
	count under no voucher (``rules.profit.cost_kind``: receivables, payables, bank, cash) are left out of
	the sum. Queries: the contracts (unless given), the accounts, one ledger sum, one purchase sum."""
	if not frappe.db.has_column("GL Entry", FIELD):
		return {}
	if contracts is None:
		contracts = frappe.db.sql_list(
			f"select ec.name from `tabExport Contract` ec where ec.docstatus = 1 {'and ' + where if where else ''}",
			values or {},
		)
	if not contracts:
		return {}
	conf = settings()
	wanted = set(contracts)
	exchange = frozenset(a for a in frappe.get_all("Company", pluck="exchange_gain_loss_account") if a)
	claims = frozenset([conf.claim_account] if conf.claim_account else [])
	accounts = {
		a.name: (a.root_type or "", a.account_type or "")
		for a in frappe.get_all(
			"Account", filters={"is_group": 0}, fields=["name", "root_type", "account_type"]
		)
	}
	# accounts that count under no voucher (receivables, payables, bank, cash): left out in the sum itself
	never = tuple(
		name
		for name, (root_type, account_type) in accounts.items()
		if all(
			rules.cost_kind(
				rules.LedgerSum(name, root_type, account_type, voucher_type, 0, 0),
				conf.mapped,
				exchange,
				claims,
				conf.vat_rebate,
			)
			is None
			for voucher_type in ("Purchase Invoice", "Journal Entry")
		)
	) or ("",)
	if len(contracts) > FEW:
		sums = [
			s
			for s in frappe.db.sql(
				LEDGER_SUM.format(condition="export_contract is not null"), {"never": never}
			)
			if s[0] in wanted
		]
		bought = frappe.db.sql(REBATE_SUM.format(condition="pii.export_contract is not null"))
	else:
		named = {"contracts": tuple(contracts), "never": never}
		sums = frappe.db.sql(LEDGER_SUM.format(condition="export_contract in %(contracts)s"), named)
		bought = frappe.db.sql(REBATE_SUM.format(condition="pii.export_contract in %(contracts)s"), named)
	rebate_of = {contract: rebate for contract, rebate in bought if contract in wanted}
	kinds: dict = {}  # each account's kind, worked out once for all contracts
	by_contract: dict[str, list] = {}
	LedgerSum, empty = rules.LedgerSum, ("", "")
	for contract, account, voucher_type, debit, credit in sums:
		root_type, account_type = accounts.get(account, empty)
		row = LedgerSum(account, root_type, account_type, voucher_type, debit, credit)
		if contract in by_contract:
			by_contract[contract].append(row)
		else:
			by_contract[contract] = [row]
	return {
		contract: rules.actual(
			by_contract.get(contract, []),
			rebate_of.get(contract) or 0,
			conf.mapped,
			exchange,
			claims,
			conf.vat_rebate,
			kinds,
		)
		for contract in set(by_contract) | set(rebate_of)
	}


#: up to this many contracts are named in the ledger query; for more, the tagged ledger is read whole
FEW = 1_000
LEDGER_SUM = """
	select export_contract, account, voucher_type, sum(debit), sum(credit)
	from `tabGL Entry`
	where {condition} and is_cancelled = 0 and account not in %(never)s
	group by export_contract, account, voucher_type
"""
REBATE_SUM = """
	select pii.export_contract, sum(pii.base_net_amount * ifnull(item.export_rebate_rate, 0) / 100)
	from `tabPurchase Invoice Item` pii
	join `tabPurchase Invoice` pi on pi.name = pii.parent
	join `tabItem` item on item.name = pii.item_code
	where {condition} and pi.docstatus = 1
	group by pii.export_contract
"""


def can_see_profit(user: str | None = None) -> bool:
	"""Profit is for managers and accounts users: read at the contract's permission level 1."""
	return 1 in frappe.get_meta(DIMENSION).get_permlevel_access("read", user=user)


@frappe.whitelist()
def get_contract_profit(contract: str) -> dict:
	"""The estimate, the actual by kind and the variance of one contract (the form's Profit tab)."""
	doc = frappe.get_doc(DIMENSION, contract)
	doc.check_permission("read")
	if not can_see_profit():
		frappe.throw(_("Only managers and accounts users see a contract's profit"), frappe.PermissionError)
	est = stored_estimate(doc)
	act = actuals([doc.name]).get(doc.name, rules.Profit()) if doc.docstatus == 1 else rules.Profit()
	gap = rules.variance(act, est)
	return {
		"currency": frappe.get_cached_value("Company", doc.company, "default_currency"),
		"rows": [
			{
				"kind": kind,
				"label": _(KIND_LABELS[kind]),
				"estimate": flt(est.get(kind)),
				"actual": flt(act.get(kind)),
				"variance": flt(gap[kind]),
			}
			for kind in rules.KINDS
		],
		"profit": {"estimate": flt(est.profit), "actual": flt(act.profit), "variance": flt(gap["profit"])},
		"margin": {
			"estimate": flt(est.margin) if est.margin is not None else None,
			"actual": flt(act.margin) if act.margin is not None else None,
		},
	}


KIND_LABELS = {
	rules.SALES: "Sales",
	rules.PURCHASE: "Purchase Cost",
	rules.FREIGHT: "Freight",
	rules.INSURANCE: "Insurance",
	rules.OTHER: "Other Costs",
	rules.CLAIMS: "Claims",
	rules.EXCHANGE: "Exchange Gain/Loss",
	rules.REBATE: "Export VAT Rebate",
}


# ---------------------------------------------------------------------- ledger written before the dimension


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
	# headers of one contract, from their lines
	for parent, child in (
		("Sales Invoice", "Sales Invoice Item"),
		("Purchase Invoice", "Purchase Invoice Item"),
		("Purchase Receipt", "Purchase Receipt Item"),
	):
		done[parent] = _update(
			f"""update `tab{parent}` p join (
				select parent, min(export_contract) as contract from `tab{child}`
				where ifnull(export_contract, '') != '' group by parent having count(distinct export_contract) = 1
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
	# shipment invoices of several contracts: their income rows must be split by line, so ERPNext reposts
	several = frappe.db.sql_list(
		"""select si.name from `tabSales Invoice` si
		join `tabSales Invoice Item` sii on sii.parent = si.name
		where si.docstatus = 1 and ifnull(si.export_contract, '') = ''
		group by si.name having count(distinct sii.export_contract) > 1
			and not exists (select 1 from `tabGL Entry` gle where gle.voucher_type = 'Sales Invoice'
				and gle.voucher_no = si.name and gle.is_cancelled = 0 and ifnull(gle.export_contract, '') != '')"""
	)
	for name in several:
		repost_sales_invoice(name)
	done["Sales Invoices reposted"] = len(several)
	return done


def _update(query: str, values: dict | None = None) -> int:
	frappe.db.sql(query, values or {})
	return frappe.db._cursor.rowcount if frappe.db._cursor else 0


def repost_sales_invoice(name: str) -> None:
	"""ERPNext's own repost of one invoice's ledger (as Repost Accounting Ledger does it): its rows reversed,
	then made again, now with each line's contract."""
	doc = frappe.get_doc("Sales Invoice", name)
	frappe.flags.through_repost_accounting_ledger = True
	try:
		doc.docstatus = 2
		doc.make_gl_entries_on_cancel()
		doc.docstatus = 1
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
