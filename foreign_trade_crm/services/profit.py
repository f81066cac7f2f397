"""Contract profit (``rules.profit``): the estimate kept on the contract, and the actual read from the ledger
by the Export Contract dimension (``services.dimension``), a voucher of several contracts shared among them,
set-wise for any number of contracts (``live_actuals``: what ``services.profit_ledger`` keeps on each contract
as vouchers post, and the report and the tab read); beside it what is committed, the forecast at completion
and the profit on what has shipped.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import frappe
from frappe.utils import flt

from foreign_trade_crm.rules import profit as rules
from foreign_trade_crm.services.dimension import DIMENSION, INVOICES

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


#: the contract's fields that keep its estimate, per kind
ESTIMATED = (
	(rules.SALES, "est_sales"),
	(rules.PURCHASE, "est_purchase_cost"),
	(rules.REBATE, "est_vat_rebate"),
	(rules.FREIGHT, "est_freight"),
	(rules.INSURANCE, "est_insurance"),
	(rules.OTHER, "est_other_costs"),
)


def stored_estimate(row) -> rules.Profit:
	"""The estimate kept on a contract (a row with its est_ fields)."""
	dec = rules.dec
	return rules.Profit({kind: dec(row.get(fieldname) or 0) for kind, fieldname in ESTIMATED})


def packed(columns) -> str:
	"""Decimal columns as one text column, comma separated, a NULL as 0 (``unpacked`` reads it): for the
	reports that read every contract. PyMySQL then reads one value a row instead of many, and each number
	comes as the decimal it is (Frappe's connection turns a decimal column into a float)."""
	return "concat_ws(',', " + ", ".join(f"ifnull({column}, 0)" for column in columns) + ")"


def unpacked(text: str) -> list:
	return [Decimal(value) for value in text.split(",")]


# ---------------------------------------------------------------------- the actual


#: the contract's fields that keep what the ledger has booked for it, per kind (``services.profit_ledger``)
BOOKED = {
	rules.SALES: "booked_sales",
	rules.PURCHASE: "booked_purchase_cost",
	rules.FREIGHT: "booked_freight",
	rules.INSURANCE: "booked_insurance",
	rules.OTHER: "booked_other_costs",
	rules.CLAIMS: "booked_claims",
	rules.EXCHANGE: "booked_exchange",
	rules.REBATE: "booked_vat_rebate",
}


def ledger_terms() -> frappe._dict:
	"""What decides a ledger row's kind today: the settings, the exchange and claim accounts, each account's
	root and account type, the accounts that never count; and ``basis``, a digest of them, kept beside the
	figures booked under them (a change of any makes the kept figures stale)."""
	conf = settings()
	exchange = frozenset(a for a in frappe.get_all("Company", pluck="exchange_gain_loss_account") if a)
	claims = frozenset([conf.claim_account] if conf.claim_account else [])
	accounts = {
		a.name: (a.root_type or "", a.account_type or "")
		for a in frappe.get_all(
			"Account", filters={"is_group": 0}, fields=["name", "root_type", "account_type"]
		)
	}
	never = _never(accounts, conf, exchange, claims)
	kinds_of = rules.account_kinds(accounts, conf.mapped, exchange, claims, conf.vat_rebate)
	digest = hashlib.sha1(
		json.dumps(
			[
				conf.vat_rebate,
				sorted(never),
				{kind: [sorted(group) for group in groups] for kind, groups in sorted(kinds_of.items())},
			],
			sort_keys=True,
		).encode()
	).hexdigest()[:16]
	return frappe._dict(
		conf=conf,
		exchange=exchange,
		claims=claims,
		accounts=accounts,
		never=never,
		kinds_of=kinds_of,
		basis=digest,
	)


def live_actuals(contracts: list[str], terms=None, remainders: dict | None = None) -> dict:
	"""``services.profit_ledger.actuals`` read from the ledger itself, for ``contracts`` (submitted):

	1. The ledger rows tagged with a contract, summed by contract, account and kind of voucher in MariaDB,
	   from the index whose leading column is the contract (``LEDGER_INDEX``: it covers the sum, so no ledger
	   row is read). Up to ``FEW`` contracts are named in the query; for more, the whole tagged ledger is
	   summed in one pass of that index and kept for the contracts asked: MariaDB turns an IN list of more
	   than 1,000 values into a join, and joined, it sorts every matching ledger row first (16 s on a million
	   rows, against 1.2 s).
	2. The vouchers of several contracts (``shared_vouchers``): their untagged rows (taxes, rounding,
	   exchange gain or loss, a collection's deductions) given to their contracts by ``rules.allocate``.
	3. The export VAT rebate on what was bought, at the rate each purchase line kept when it was submitted.

	Accounts that count under no voucher (``rules.profit.cost_kind``: receivables, payables, bank, cash) are
	left out of every sum, and so is a Period Closing Voucher (it moves the year's profit to equity, by
	dimension: counted, every contract's profit would read nought after a year is closed). Queries: the
	accounts, the ledger sum, the rebate sum, and a bounded number for the vouchers of several contracts,
	whatever their number.

	``remainders``, when given a dict, is filled with what each of those vouchers books for no contract:
	(voucher type, voucher) → (the contracts it touches, [(account or "" for the rebate, debit − credit)]),
	and an entry with no rows for each of them that books nothing for no contract."""
	if not contracts:
		return {}
	terms = terms or ledger_terms()
	conf, exchange, claims, accounts, never = (
		terms.conf,
		terms.exchange,
		terms.claims,
		terms.accounts,
		terms.never,
	)
	wanted = set(contracts)
	named = len(contracts) <= FEW
	# the tagged ledger summed by contract and kind in the database: the kinds are the rule's
	columns, scope = _by_kind(terms.kinds_of)
	scope.update(contracts=tuple(contracts), never=never)
	if named:
		sums = frappe.db.sql(
			LEDGER_BY_KIND.format(columns=columns, condition="export_contract in %(contracts)s"), scope
		)
		bought = frappe.db.sql(REBATE_SUM.format(condition="pii.export_contract in %(contracts)s"), scope)
	else:
		sums = frappe.db.sql(
			LEDGER_BY_KIND.format(columns=columns, condition="export_contract is not null"), scope
		)
		bought = frappe.db.sql(REBATE_SUM.format(condition="pii.export_contract is not null"))
	rebate_of = {contract: rebate for contract, rebate in bought if contract in wanted}
	booked: dict[str, dict] = {}
	for contract, *amounts in sums:
		if contract in wanted:
			booked[contract] = {
				kind: amount for kind, amount in zip(rules.KINDS, amounts, strict=True) if amount
			}
	by_contract: dict = {}
	# the vouchers of several contracts: their shared rows, and the rebate of their lines of no contract
	shared, rebate_none, touching = shared_vouchers(contracts if named else None, never)
	rebate_total = sum(rebate_none.values(), 0.0)
	if remainders is not None:
		for key, voucher_contracts in touching.items():
			rebate = rebate_none.get(key)
			remainders[key] = (voucher_contracts, [("", rebate)] if rebate else [])
	if shared:
		for key, rows in _untagged_rows(shared, never).items():
			for (contract, account), amount in rules.allocate(shared[key], rows).items():
				if contract is rules.NONE:
					if remainders is not None:
						remainders[key][1].append((account, amount))
				elif contract not in wanted:
					continue
				by_contract.setdefault(contract, []).append(ledger_sum(account, key[0], amount, accounts))
	if rebate_total:
		rebate_of[rules.NONE] = rebate_total
	kinds: dict = {}  # each account's kind, worked out once for all contracts
	out = {}
	for contract in set(by_contract) | set(rebate_of) | set(booked):
		figures = rules.actual(
			by_contract.get(contract, ()),
			rebate_of.get(contract) or 0,
			conf.mapped,
			exchange,
			claims,
			conf.vat_rebate,
			kinds,
		)
		if contract in booked:
			figures = rules.Profit(
				{
					kind: rules.rounded(amount)
					for kind, amount in figures.merge(rules.Profit(booked[contract])).amounts.items()
				}
			)
		out[contract] = figures
	return out


def ledger_sum(account: str, voucher_type: str, amount, accounts: dict) -> rules.LedgerSum:
	"""A share of a voucher's rows (debit − credit ``amount``) on ``account``, as the rules read ledger sums."""
	root_type, account_type = accounts.get(account, ("", ""))
	debit, credit = (amount, 0) if amount > 0 else (0, -amount)
	return rules.LedgerSum(account, root_type, account_type, voucher_type, debit, credit)


def _by_kind(kinds_of: dict) -> tuple[str, dict]:
	"""The ledger sum's columns, one per kind (``rules.profit.KINDS`` order): credit − debit for sales and
	exchange, debit − credit for costs, of the accounts of that kind; and their values."""
	columns, values = [], {}
	for kind in rules.KINDS:
		both, on_bill, elsewhere = kinds_of[kind]
		parts = []
		for name, accounts, condition in (
			(f"{kind}_all", both, ""),
			(f"{kind}_bill", on_bill, " and voucher_type = 'Purchase Invoice'"),
			(f"{kind}_other", elsewhere, " and voucher_type != 'Purchase Invoice'"),
		):
			if accounts:
				parts.append(f"(account in %({name})s{condition})")
				values[name] = tuple(sorted(accounts))
		sign = "credit - debit" if kind in (rules.SALES, rules.EXCHANGE) else "debit - credit"
		columns.append(f"sum(if({' or '.join(parts)}, {sign}, 0))" if parts else "0")
	return ", ".join(columns), values


def _never(accounts: dict, conf, exchange, claims) -> tuple:
	"""Accounts that count under no voucher (receivables, payables, bank, cash): left out of the sums."""
	return tuple(
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


#: up to this many contracts are named in the ledger query; for more, the tagged ledger is read whole
FEW = 1_000
LEDGER_BY_KIND = """
	select export_contract, {columns}
	from `tabGL Entry`
	where {condition} and is_cancelled = 0 and account not in %(never)s
		and voucher_type != 'Period Closing Voucher'
	group by export_contract
"""
# the rate each line kept when it was submitted (a later change of the item's rate changes no past profit);
# each line's rebate to the cent, so that the contracts' rebates add up to the lines'
REBATE_SUM = """
	select pii.export_contract, sum(round(pii.base_net_amount * ifnull(pii.export_rebate_rate, 0) / 100, 2))
	from `tabPurchase Invoice Item` pii
	join `tabPurchase Invoice` pi on pi.name = pii.parent
	where {condition} and pi.docstatus = 1
	group by pii.export_contract
"""
TAXES = {"Sales Invoice": "Sales Taxes and Charges", "Purchase Invoice": "Purchase Taxes and Charges"}


def shared_vouchers(contracts: list[str] | None, never: tuple = ("",)) -> tuple[dict, dict, dict]:
	"""The submitted vouchers of ``contracts`` (every tagged contract when None) whose header carries no
	contract, each with what decides how its untagged rows are shared (``rules.Voucher``):

	- a Sales or Purchase Invoice (or credit / debit note) with lines of several contracts, or of a contract
	  and of none: its lines' net amounts, the accounts of its untagged lines, its item-wise taxes;
	- a Payment Entry settling invoices of a contract: the amounts it allocates to each invoice, in that
	  invoice's proportions (an advance, or an invoice of no contract, is on no contract);
	- a Journal Entry settling invoices of a contract (the exchange gain or loss ERPNext books for a
	  collection, a settlement) or with rows of a contract: the amounts its rows settle; its untagged rows
	  that settle nothing are on no contract.

	Also, per voucher, the rebate of its purchase lines of no contract, and the contracts it touches. A
	bounded number of queries (at most thirteen), whatever the number of vouchers."""
	scope = {"contracts": tuple(contracts or ("",))}
	condition = "export_contract in %(contracts)s" if contracts is not None else "export_contract is not null"
	shared: dict = {}
	weights_of: dict[str, dict] = {}  # every invoice of the contracts → its contracts' parts
	rebate_none: dict[tuple, float] = {}
	touching: dict[tuple, frozenset] = {}
	for doctype, account_field in INVOICES.items():
		# invoices wholly of one contract: that contract is all of them
		for name, contract in frappe.db.sql(
			f"select name, export_contract from `tab{doctype}` where docstatus = 1 and {condition}", scope
		):
			weights_of[name] = {contract: 1}
		# invoices of several contracts (or of a contract and of none): their lines
		rebate = "ifnull(item.export_rebate_rate, 0)" if doctype == "Purchase Invoice" else "0"
		lines = frappe.db.sql(
			f"""select item.parent, item.export_contract, item.base_net_amount, item.{account_field},
				coalesce(item.item_code, item.item_name), {rebate},
				ifnull(item.item_tax_rate, '') not in ('', '{{}}')
			from `tab{doctype} Item` item join `tab{doctype}` v on v.name = item.parent
			where v.docstatus = 1 and ifnull(v.export_contract, '') = '' and item.parenttype = %(doctype)s
				and item.parent in (select parent from `tab{doctype} Item` where {condition})""",
			{**scope, "doctype": doctype},
		)
		by_invoice: dict[str, list] = {}
		for row in lines:
			if row[0] in by_invoice:
				by_invoice[row[0]].append(row)
			else:
				by_invoice[row[0]] = [row]
		# a tax whose rate differs by item is shared by ERPNext's item-wise detail; a tax at one rate for all
		# items (no item tax rates) falls on the lines in proportion to their net amounts, as the weights say
		by_item = [name for name, rows in by_invoice.items() if any(row[6] for row in rows)]
		item_taxes = _item_taxes(TAXES[doctype], by_item)
		for name, rows in by_invoice.items():
			weights = weights_of[name] = rules.invoice_weights(
				(contract, net) for _p, contract, net, *_r in rows
			)
			untagged = [row for row in rows if not row[1]]
			taxes = item_taxes.get(name)
			shared[doctype, name] = rules.Voucher(
				weights,
				frozenset(row[3] for row in untagged if row[3]),
				rules.tax_weights([(row[4], row[1], row[2]) for row in rows], taxes) if taxes else None,
			)
			touching[doctype, name] = frozenset(row[1] for row in rows if row[1])
			rebate = sum(flt(flt(row[2]) * flt(row[5]) / 100, 2) for row in untagged)
			if rebate:
				rebate_none[doctype, name] = flt(rebate, 2)
	invoices = tuple(weights_of) or ("",)
	# collections settling them, with every invoice they settle
	references = frappe.db.sql(
		"""select per.parent, per.reference_name, per.allocated_amount, pe.unallocated_amount
		from `tabPayment Entry Reference` per join `tabPayment Entry` pe on pe.name = per.parent
		where pe.docstatus = 1 and ifnull(pe.export_contract, '') = '' and per.parent in (
			select parent from `tabPayment Entry Reference` where reference_name in %(invoices)s)""",
		{"invoices": invoices},
	)
	# journal entries settling them or with rows of the contracts (each row tagged by its user)
	journal_rows = frappe.db.sql(
		f"""select jea.parent, if(jea.reference_type in %(doctypes)s, jea.reference_name, null), jea.debit,
			jea.credit, jea.export_contract, jea.account
		from `tabJournal Entry Account` jea join `tabJournal Entry` je on je.name = jea.parent
		where je.docstatus = 1 and jea.parent in (
			select parent from `tabJournal Entry Account` where reference_name in %(invoices)s
			union select parent from `tabJournal Entry Account` where {condition})""",
		{**scope, "invoices": invoices, "doctypes": tuple(INVOICES)},
	)
	# what they settle besides: invoices of other contracts, or of none, have their parts too
	others = {r[1] for r in references if r[1] not in weights_of} | {
		r[1] for r in journal_rows if r[1] and r[1] not in weights_of
	}
	if others:
		weights_of.update(_weights_of_invoices(others))
	settled: dict[str, list] = {}
	unsettled: dict[str, float] = {}
	for parent, invoice, allocated, unallocated in references:
		settled.setdefault(parent, []).append((allocated, weights_of.get(invoice)))
		unsettled[parent] = unallocated
	for name, rows in settled.items():
		shared["Payment Entry", name] = voucher = rules.Voucher(
			rules.settled_weights(rows, unsettled.get(name) or 0)
		)
		touching["Payment Entry", name] = _contracts_in(voucher.weights)
	journals: dict[str, list] = {}
	for parent, invoice, debit, credit, contract, account in journal_rows:
		journals.setdefault(parent, []).append((invoice, flt(debit) - flt(credit), contract, account))
	for name, rows in journals.items():
		settling = [
			(amount, weights_of[invoice]) for invoice, amount, _c, _a in rows if invoice in weights_of
		]
		untagged = frozenset(
			account
			for invoice, _amount, contract, account in rows
			if not contract and invoice not in weights_of and account not in never
		)
		tagged = frozenset(contract for _i, _a, contract, _acc in rows if contract)
		if settling:
			shared["Journal Entry", name] = voucher = rules.Voucher(rules.settled_weights(settling))
			touching["Journal Entry", name] = tagged | _contracts_in(voucher.weights)
		elif untagged:
			shared["Journal Entry", name] = rules.Voucher({}, untagged)  # on no contract
			touching["Journal Entry", name] = tagged
	return shared, rebate_none, touching


def _contracts_in(weights) -> frozenset:
	return frozenset(key for key in weights if key is not rules.NONE)


def _weights_of_invoices(names: set[str]) -> dict[str, dict]:
	"""Invoice → its contracts' parts (``rules.invoice_weights`` of its lines), for any invoices: two
	queries per kind of invoice."""
	out: dict[str, dict] = {}
	names = tuple(names)
	for doctype in INVOICES:
		untagged = []
		for name, contract in frappe.db.sql(
			f"select name, export_contract from `tab{doctype}` where docstatus = 1 and name in %(names)s",
			{"names": names},
		):
			if contract:
				out[name] = {contract: 1}
			else:
				untagged.append(name)
		if untagged:
			lines: dict[str, list] = {}
			for parent, contract, net in frappe.db.sql(
				f"""select parent, export_contract, base_net_amount from `tab{doctype} Item`
				where parent in %(names)s and parenttype = %(doctype)s""",
				{"names": tuple(untagged), "doctype": doctype},
			):
				lines.setdefault(parent, []).append((contract, net))
			for name, rows in lines.items():
				out[name] = rules.invoice_weights(rows)
	return out


def _item_taxes(doctype: str, invoices: list[str]) -> dict[str, dict[str, dict]]:
	"""Invoice → tax account → item → tax amount, from ERPNext's item-wise tax detail (one query)."""
	out: dict[str, dict] = {}
	if not invoices:
		return out
	for parent, account, detail in frappe.db.sql(
		f"""select parent, account_head, item_wise_tax_detail from `tab{doctype}`
		where parent in %(invoices)s and ifnull(item_wise_tax_detail, '') != ''""",
		{"invoices": tuple(invoices)},
	):
		try:
			detail = json.loads(detail)
		except ValueError:
			continue
		per_item = out.setdefault(parent, {}).setdefault(account, {})
		for item, value in (detail or {}).items():
			amount = value[1] if isinstance(value, list | tuple) and len(value) > 1 else 0
			per_item[item] = flt(per_item.get(item)) + flt(amount)
	return out


def _untagged_rows(shared: dict, never: tuple) -> dict[tuple, list]:
	"""(voucher type, voucher) → its untagged, profit-bearing ledger rows (account, debit, credit): one query."""
	out: dict[tuple, list] = {}
	names = tuple({name for _type, name in shared})
	for voucher_type, voucher_no, account, debit, credit in frappe.db.sql(
		"""select voucher_type, voucher_no, account, sum(debit), sum(credit) from `tabGL Entry`
		where voucher_no in %(names)s and is_cancelled = 0 and ifnull(export_contract, '') = ''
			and account not in %(never)s
		group by voucher_type, voucher_no, account""",
		{"names": names, "never": never},
	):
		if (voucher_type, voucher_no) in shared:
			out.setdefault((voucher_type, voucher_no), []).append((account, debit, credit))
	return out


def can_see_profit(user: str | None = None) -> bool:
	"""Profit is for managers and accounts users: read at the contract's permission level 1."""
	return 1 in frappe.get_meta(DIMENSION).get_permlevel_access("read", user=user)


def outlooks(
	contracts: list[str], actual_of: dict, conf=None, estimates: dict | None = None
) -> dict[str, frappe._dict]:
	"""Each contract's figures beside what is booked, like with like (``rules.profit.forecast`` and
	``on_shipped``): what is committed (purchase orders not yet billed), the forecast at completion, the
	profit on what has shipped and the share shipped by value. Four queries for any number of contracts."""
	if not contracts:
		return {}
	conf = conf or settings()
	named = len(contracts) <= FEW
	scope = {"contracts": tuple(contracts)}
	wanted = set(contracts)

	def among(column: str) -> str:
		return f"{column} in %(contracts)s" if named else f"{column} is not null"

	lines = frappe.db.sql(
		f"""select eci.parent, eci.name, eci.item_code,
			{packed(("eci.qty", "eci.shipped_qty", "eci.rate", "eci.purchase_rate", "eci.rebate_rate"))}
		from `tabExport Contract Item` eci
		where eci.parenttype = 'Export Contract' and {among("eci.parent")}
		order by eci.parent, eci.idx""",
		scope,
	)
	if estimates is None:
		estimates = {
			row.name: stored_estimate(row)
			for row in frappe.db.sql(
				f"""select name, est_sales, est_purchase_cost, est_vat_rebate, est_freight, est_insurance,
					est_other_costs from `tabExport Contract` where docstatus = 1 and {among("name")}""",
				scope,
				as_dict=True,
			)
		}
	# billed by suppliers, per contract line: through its purchase order line, else by item on the contract
	billed = {}
	for line, qty, net in frappe.db.sql(
		f"""select poi.export_contract_item, sum(pii.qty), sum(pii.base_net_amount)
		from `tabPurchase Invoice Item` pii join `tabPurchase Invoice` pi on pi.name = pii.parent
		join `tabPurchase Order Item` poi on poi.name = pii.po_detail
		where pi.docstatus = 1 and {among("poi.export_contract")}
		group by poi.export_contract_item""",
		scope,
	):
		billed[line] = [flt(qty), flt(net)]
	by_item = frappe.db.sql(
		f"""select pii.export_contract, pii.item_code, sum(pii.qty), sum(pii.base_net_amount)
		from `tabPurchase Invoice Item` pii
		where pii.docstatus = 1 and ifnull(pii.po_detail, '') = '' and {among("pii.export_contract")}
		group by pii.export_contract, pii.item_code""",
		scope,
	)
	# ordered and not billed (a closed order will bill no more)
	ordered = {}
	for line, qty, net in frappe.db.sql(
		f"""select poi.export_contract_item,
			sum(poi.qty * (1 - least(ifnull(poi.billed_amt, 0) / nullif(poi.amount, 0), 1))),
			sum(poi.base_net_amount * (1 - least(ifnull(poi.billed_amt, 0) / nullif(poi.amount, 0), 1)))
		from `tabPurchase Order Item` poi join `tabPurchase Order` po on po.name = poi.parent
		where po.docstatus = 1 and po.status != 'Closed' and {among("poi.export_contract")}
		group by poi.export_contract_item""",
		scope,
	):
		ordered[line] = (flt(qty), flt(net))
	first_line_of = {}
	for parent, name, item_code, *_rest in lines:
		first_line_of.setdefault((parent, item_code), name)
	for contract, item_code, qty, net in by_item:
		line = first_line_of.get((contract, item_code))
		if line:
			found = billed.setdefault(line, [0.0, 0.0])
			found[0] += flt(qty)
			found[1] += flt(net)
	vat_factor = rules.dec(1 + conf.vat_percent / 100) if conf.vat_rebate else rules.dec(1)
	grouped: dict[str, list] = {}
	for row in lines:
		if row[0] in wanted:
			if row[0] in grouped:
				grouped[row[0]].append(row)
			else:
				grouped[row[0]] = [row]
	none = (rules.ZERO, rules.ZERO)
	dec = rules.dec
	out = {}
	for contract, rows in grouped.items():
		est = estimates.get(contract) or rules.Profit()
		booked = actual_of.get(contract) or rules.Profit()
		contract_lines = []
		ordered_net = rules.ZERO
		rebate_on_order = rules.ZERO
		sale_rates = []
		for _parent, name, _item, numbers in rows:
			qty, shipped_qty, rate, purchase_rate, rebate_rate = unpacked(numbers)
			billed_qty, billed_net = billed.get(name, none)
			ordered_qty, net = ordered.get(name, none)
			contract_lines.append(
				rules.ContractLine(
					qty,
					shipped_qty,
					purchase_rate,
					rebate_rate,
					dec(billed_qty),
					dec(billed_net),
					dec(ordered_qty),
				)
			)
			sale_rates.append(rate)
			if net:
				net = dec(net)
				ordered_net += net
				rebate_on_order += net * rebate_rate / 100
		committed = rules.Profit()
		if ordered_net:
			committed.add(rules.PURCHASE, rules.rounded(ordered_net * vat_factor))
			if conf.vat_rebate:
				committed.add(rules.REBATE, rules.rounded(rebate_on_order))
		shipped = rules.shipped_share(contract_lines, sale_rates)
		out[contract] = frappe._dict(
			estimate=est,
			booked=booked,
			committed=committed,
			forecast=rules.forecast(
				est, booked, committed, contract_lines, shipped, vat_factor, conf.vat_rebate
			),
			on_shipped=rules.on_shipped(booked, est, contract_lines, shipped, vat_factor, conf.vat_rebate),
			shipped=shipped,
		)
	return out


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
