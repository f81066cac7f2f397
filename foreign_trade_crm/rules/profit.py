"""Contract profit (seed 000: 以利潤為核心): the estimate made when a contract is signed, the actual as the
ledger fills, and the variance between them, per cost kind. Amounts are in company currency.

Estimate (kept as it was when the contract is submitted):
	sales      = contract amount × the contract's exchange rate
	purchase   = Σ qty × purchase rate (net of VAT), × (1 + purchase VAT %) where the firm claims the export
	             VAT rebate: an exporter pays its suppliers' VAT and gets back only the rebate, so the VAT is
	             cost (出口總成本 = 含稅採購成本 − 退稅收入 + 費用)
	rebate     = Σ qty × purchase rate (net of VAT) × the item's rebate rate
	freight, insurance, other costs = the Incoterm's percentages of sales (or entered by hand)
	profit     = sales − purchase − freight − insurance − other + rebate

Actual: every ledger row (GL Entry) tagged with the contract, grouped by account, is given a kind by
``cost_kind``; the rebate on what was actually bought is Σ net purchase × rebate rate of the contract's
Purchase Invoice lines:
	profit     = sales − purchase − freight − insurance − other − claims + exchange + rebate
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from foreign_trade_crm.rules.numbers import dec

ZERO = Decimal(0)
CENT = Decimal("0.01")


def rounded(value) -> Decimal:
	"""To the cent (company currency)."""
	return (value if type(value) is Decimal else dec(value)).quantize(CENT, rounding=ROUND_HALF_UP)


SALES, PURCHASE, FREIGHT, INSURANCE, OTHER, CLAIMS, EXCHANGE, REBATE = (
	"sales",
	"purchase",
	"freight",
	"insurance",
	"other",
	"claims",
	"exchange",
	"rebate",
)
#: what a Contract Cost Account row's "Cost Kind" means
KIND_OF_LABEL = {
	"Purchase": PURCHASE,
	"Freight": FREIGHT,
	"Insurance": INSURANCE,
	"Other Costs": OTHER,
	"Claims": CLAIMS,
}
COSTS = (PURCHASE, FREIGHT, INSURANCE, OTHER, CLAIMS)
KINDS = (SALES, PURCHASE, FREIGHT, INSURANCE, OTHER, CLAIMS, EXCHANGE, REBATE)
#: account types of balance-sheet movements that are never profit (a receivable collected, a payable paid)
NEVER = frozenset(("Receivable", "Payable", "Bank", "Cash"))
#: what a Purchase Invoice may book for the goods it bills: stock, goods received not billed, their cost
PURCHASED = frozenset(
	("Stock", "Stock Received But Not Billed", "Cost of Goods Sold", "Expenses Included In Valuation", "")
)


@dataclass(frozen=True)
class Line:
	"""A contract line for the estimate: its quantity, purchase rate (net of VAT, company currency) and the
	item's export VAT rebate rate (percent)."""

	qty: Decimal | float
	purchase_rate: Decimal | float | None
	rebate_rate: Decimal | float | None = 0


@dataclass(frozen=True)
class CostRates:
	"""Freight, insurance and other costs as percentages of sales (an Incoterm's defaults)."""

	freight: Decimal | float = 0
	insurance: Decimal | float = 0
	other: Decimal | float = 0


class Profit:
	"""One contract's (or a group's) figures by kind, and what follows from them."""

	__slots__ = ("_profit", "amounts")

	def __init__(self, amounts: dict[str, Decimal] | None = None):
		self.amounts: dict[str, Decimal] = dict(amounts or {})
		self._profit: Decimal | None = None

	def __repr__(self) -> str:
		return f"Profit({self.amounts!r})"

	def get(self, kind: str) -> Decimal:
		return self.amounts.get(kind, ZERO)

	def add(self, kind: str, amount) -> None:
		self.amounts[kind] = self.amounts.get(kind, ZERO) + (
			amount if type(amount) is Decimal else dec(amount)
		)
		self._profit = None

	def merge(self, other: Profit) -> Profit:
		mine = self.amounts
		for kind, amount in other.amounts.items():
			mine[kind] = mine.get(kind, ZERO) + (amount if type(amount) is Decimal else dec(amount))
		self._profit = None
		return self

	@property
	def profit(self) -> Decimal:
		if self._profit is None:
			get = self.amounts.get
			# the costs are COSTS, written out: a report works this out for every contract
			self._profit = rounded(
				get(SALES, ZERO)
				- get(PURCHASE, ZERO)
				- get(FREIGHT, ZERO)
				- get(INSURANCE, ZERO)
				- get(OTHER, ZERO)
				- get(CLAIMS, ZERO)
				+ get(EXCHANGE, ZERO)
				+ get(REBATE, ZERO)
			)
		return self._profit

	@property
	def margin(self) -> Decimal | None:
		"""Profit as a percentage of sales; none without sales."""
		sales = self.get(SALES)
		if not sales:
			return None
		return (self.profit / sales * 100).quantize(CENT)


def estimate(
	sales: Decimal | float,
	lines: Iterable[Line],
	rates: CostRates | None = None,
	vat_rebate: bool = True,
	purchase_vat_percent: Decimal | float = 13,
	entered: dict[str, Decimal | float] | None = None,
) -> Profit:
	"""The estimate of a contract whose sales (company currency) are ``sales``: purchase cost and rebate from
	its ``lines``, freight, insurance and other costs from ``rates`` unless ``entered`` by hand (a dict with
	freight, insurance and other)."""
	sales = dec(sales)
	net = sum((dec(line.qty) * dec(line.purchase_rate or 0) for line in lines), Decimal(0))
	result = Profit()
	result.add(SALES, rounded(sales))
	if vat_rebate:
		result.add(PURCHASE, rounded(net * (1 + dec(purchase_vat_percent) / 100)))
		result.add(
			REBATE,
			rounded(
				sum(
					(
						dec(line.qty) * dec(line.purchase_rate or 0) * dec(line.rebate_rate or 0) / 100
						for line in lines
					),
					Decimal(0),
				)
			),
		)
	else:
		result.add(PURCHASE, rounded(net))
	if entered is not None:
		for kind in (FREIGHT, INSURANCE, OTHER):
			result.add(kind, rounded(dec(entered.get(kind) or 0)))
	else:
		rates = rates or CostRates()
		result.add(FREIGHT, rounded(sales * dec(rates.freight) / 100))
		result.add(INSURANCE, rounded(sales * dec(rates.insurance) / 100))
		result.add(OTHER, rounded(sales * dec(rates.other) / 100))
	return result


class LedgerSum(NamedTuple):
	"""Ledger rows of one contract on one account from one kind of voucher, summed (a tuple: a report makes
	one per contract, account and kind of voucher)."""

	account: str
	root_type: str  # Asset, Liability, Equity, Income, Expense
	account_type: str  # the Account's type ("" when none)
	voucher_type: str
	debit: Decimal | float
	credit: Decimal | float


def cost_kind(
	row: LedgerSum,
	mapped: dict[str, str],
	exchange_accounts: frozenset[str] | set[str] = frozenset(),
	claim_accounts: frozenset[str] | set[str] = frozenset(),
	vat_rebate: bool = True,
) -> str | None:
	"""What a ledger sum of a contract counts as in its profit, or None when it is no profit at all.

	In order: an account mapped in settings counts as its kind; the company's exchange gain/loss account as
	exchange; the Trade Claims Account as claims; receivables, payables, bank and cash never count; income
	accounts are sales; what a Purchase Invoice books for goods (stock, goods received not billed, cost of
	goods, or an expense account) is purchase, and so is its VAT where the firm claims the rebate (else the
	VAT is recovered, no cost); what other vouchers book on stock or goods-received accounts (a Purchase
	Receipt, a stock entry) is no profit yet; other expenses are other costs."""
	if row.account in mapped:
		return KIND_OF_LABEL.get(mapped[row.account], OTHER)
	if row.account in exchange_accounts:
		return EXCHANGE
	if row.account in claim_accounts:
		return CLAIMS
	if row.account_type in NEVER:
		return None
	if row.root_type == "Income":
		return SALES
	if row.voucher_type == "Purchase Invoice":
		if row.account_type == "Tax":
			return PURCHASE if vat_rebate else None
		if row.account_type in PURCHASED or row.root_type == "Expense":
			return PURCHASE
		return None
	if row.root_type == "Expense":
		if row.account_type in ("Stock Received But Not Billed", "Stock"):
			return None
		return OTHER
	return None


def account_kinds(
	accounts: Mapping[str, tuple[str, str]],
	mapped: dict[str, str] | None = None,
	exchange_accounts: frozenset[str] | set[str] = frozenset(),
	claim_accounts: frozenset[str] | set[str] = frozenset(),
	vat_rebate: bool = True,
) -> dict[str, tuple[frozenset, frozenset, frozenset]]:
	"""Kind → the accounts (name → (root type, account type)) that count as it under any voucher, under a
	Purchase Invoice only, and under other vouchers only (``cost_kind``): what lets the database sum a
	ledger by kind."""
	groups: dict[str, tuple[set, set, set]] = {kind: (set(), set(), set()) for kind in KINDS}
	for account, (root_type, account_type) in accounts.items():
		on_bill, elsewhere = (
			cost_kind(
				LedgerSum(account, root_type, account_type, voucher_type, 0, 0),
				mapped or {},
				exchange_accounts,
				claim_accounts,
				vat_rebate,
			)
			for voucher_type in ("Purchase Invoice", "Journal Entry")
		)
		if on_bill and on_bill == elsewhere:
			groups[on_bill][0].add(account)
			continue
		if on_bill:
			groups[on_bill][1].add(account)
		if elsewhere:
			groups[elsewhere][2].add(account)
	return {kind: tuple(frozenset(g) for g in three) for kind, three in groups.items()}


def actual(
	rows: Iterable[LedgerSum],
	rebate: Decimal | float = 0,
	mapped: dict[str, str] | None = None,
	exchange_accounts: frozenset[str] | set[str] = frozenset(),
	claim_accounts: frozenset[str] | set[str] = frozenset(),
	vat_rebate: bool = True,
	kinds: dict | None = None,
) -> Profit:
	"""One contract's actual figures from its ledger sums and the rebate on what it bought. Sales, exchange
	(a gain) count credit − debit; costs debit − credit. ``kinds``, a dict kept across the contracts of one
	report, remembers each account's kind (it depends on the account and whether a Purchase Invoice booked
	it, nothing else)."""
	kinds = {} if kinds is None else kinds
	amounts: dict[str, Decimal] = {}
	for row in rows:
		key = (row.account, row.voucher_type == "Purchase Invoice")
		if key in kinds:
			kind = kinds[key]
		else:
			kind = kinds[key] = cost_kind(row, mapped or {}, exchange_accounts, claim_accounts, vat_rebate)
		if kind is None:
			continue
		debit, credit = row.debit, row.credit
		amount = (credit if type(credit) is Decimal else dec(credit)) - (
			debit if type(debit) is Decimal else dec(debit)
		)
		amounts[kind] = amounts.get(kind, ZERO) + (amount if kind in (SALES, EXCHANGE) else -amount)
	if vat_rebate:
		amounts[REBATE] = amounts.get(REBATE, ZERO) + dec(rebate)
	return Profit({kind: rounded(amount) for kind, amount in amounts.items()})


def variance(actual_profit: Profit, estimated: Profit) -> dict[str, Decimal]:
	"""Actual − estimate for each kind and for the profit."""
	out = {kind: rounded(actual_profit.get(kind) - estimated.get(kind)) for kind in KINDS}
	out["profit"] = rounded(actual_profit.profit - estimated.profit)
	return out


# ---------------------------------------------------------------------- vouchers of several contracts
#
# ERPNext tags a voucher's line rows (income, expense, stock) with each line's dimension, but its header rows
# (taxes, rounding, discounts, exchange gain or loss, a collection's deductions) with the header's, which is
# empty when the voucher is of several contracts (or of a contract and of none). Those rows are shared among
# the voucher's contracts in proportion to their lines, so that every profit-bearing row of a voucher that
# touches contracts counts once: for a contract, or for none (``NONE``).

NONE = None  # the part of a voucher that no contract carries


def share(amount, weights: Mapping) -> dict:
	"""``amount`` split in proportion to ``weights`` (their sizes: a credit note's negative lines weigh as
	their positives), to the cent, the parts adding up to ``amount`` exactly: each part is rounded half-up
	and the cents left over go, one each, to the largest remainders (ties to the larger weight, then the
	first key). Weights that are all zero give everything to ``NONE``."""
	amount = rounded(amount)
	sizes = {key: abs(dec(w)) for key, w in weights.items()}
	total = sum(sizes.values(), ZERO)
	if not total:
		return {NONE: amount} if amount else {}
	cents = int(amount / CENT)
	exact = {key: Decimal(cents) * size / total for key, size in sizes.items()}
	# floor towards zero, then hand out what is left by the largest remainder
	parts = {key: int(value) for key, value in exact.items()}
	left = cents - sum(parts.values())
	step = 1 if left > 0 else -1
	order = sorted(
		exact, key=lambda key: (-(abs(exact[key] - parts[key])), -sizes[key], list(sizes).index(key))
	)
	for key in order[: abs(left)]:
		parts[key] += step
	return {key: Decimal(part) * CENT for key, part in parts.items() if part}


@dataclass(frozen=True)
class Voucher:
	"""What decides how a voucher's untagged rows are shared.

	``weights``: each contract's part of the voucher (``NONE`` for lines of no contract): its lines' net
	amounts for an invoice, the invoices' parts it settles for a collection or a journal entry.
	``line_accounts``: accounts of its untagged lines; their rows are those lines' own, so on no contract.
	``tax_weights``: per tax account, each contract's part of that tax (ERPNext's item-wise tax detail)."""

	weights: Mapping
	line_accounts: frozenset = frozenset()
	tax_weights: Mapping = None  # type: ignore[assignment]


def allocate(voucher: Voucher, rows: Iterable[tuple[str, object, object]]) -> dict[tuple, Decimal]:
	"""The voucher's untagged rows ``(account, debit, credit)`` given to its contracts: (contract or
	``NONE``, account) → debit − credit. A row on a line account stays on no contract; a tax row is shared
	by its tax's parts when known, any other row by the voucher's weights."""
	out: dict[tuple, Decimal] = {}
	taxes = voucher.tax_weights or {}
	for account, debit, credit in rows:
		amount = dec(debit) - dec(credit)
		if not amount:
			continue
		if account in voucher.line_accounts:
			parts = {NONE: amount}
		else:
			parts = share(amount, taxes.get(account) or voucher.weights)
		for contract, part in parts.items():
			key = (contract, account)
			out[key] = out.get(key, ZERO) + part
	return out


def invoice_weights(lines: Iterable[tuple[object, object]]) -> dict:
	"""Each contract's part of an invoice from its lines ``(contract or None, net amount)``."""
	out: dict = {}
	for contract, net in lines:
		key = contract or NONE
		out[key] = out.get(key, ZERO) + dec(net)
	return out


def settled_weights(settled: Iterable[tuple[object, Mapping | None]], unsettled=0) -> dict:
	"""A collection's (or a journal entry's) parts: each invoice it settles ``(amount settled, that
	invoice's weights or None)`` gives its amount to the invoice's contracts in the invoice's proportions;
	what settles no invoice of a contract (an advance, another invoice) is on no contract."""
	out: dict = {}
	rest = abs(dec(unsettled))
	for amount, weights in settled:
		amount = abs(dec(amount))
		if not weights:
			rest += amount
			continue
		total = sum((abs(dec(w)) for w in weights.values()), ZERO)
		if not total:
			rest += amount
			continue
		for key, w in weights.items():
			out[key] = out.get(key, ZERO) + amount * abs(dec(w)) / total
	if rest:
		out[NONE] = out.get(NONE, ZERO) + rest
	return out


def tax_weights(
	lines: Iterable[tuple[str, object, object]], item_taxes: Mapping[str, Mapping[str, object]]
) -> dict[str, dict]:
	"""Per tax account, each contract's part of that tax, from ERPNext's item-wise tax detail
	``item_taxes`` (account → item key → tax amount) and the invoice's lines ``(item key, contract or None,
	net amount)``: an item's tax is given to its lines in proportion to their net amounts."""
	by_item: dict[str, dict] = {}
	for item, contract, net in lines:
		parts = by_item.setdefault(item, {})
		parts[contract or NONE] = parts.get(contract or NONE, ZERO) + abs(dec(net))
	out: dict[str, dict] = {}
	for account, per_item in item_taxes.items():
		weights: dict = {}
		for item, tax in per_item.items():
			parts = by_item.get(item)
			if not parts:
				continue
			total = sum(parts.values(), ZERO)
			for contract, net in parts.items():
				if total:
					weights[contract] = weights.get(contract, ZERO) + abs(dec(tax)) * net / total
		if any(weights.values()):
			out[account] = weights
	return out


# ---------------------------------------------------------------------- like with like
#
# The ledger books sales as they ship and costs as they are billed, so a contract half shipped and not yet
# billed by its suppliers shows all of its sales to date against none of their cost. Two figures compare like
# with like: the forecast at completion (what is booked, what is ordered and not billed, and the estimate of
# what is neither), against which the variance is taken; and the profit on what has shipped, whose goods
# cost what they were billed at, or the estimate's rate where they are not billed yet.


class ContractLine(NamedTuple):
	"""A contract line as the forecast and the profit on what has shipped see it (quantities in its UOM,
	rates net of VAT in company currency). A tuple: a report makes one per line of every contract."""

	qty: Decimal | float
	shipped_qty: Decimal | float
	est_rate: Decimal | float  # the estimate's purchase rate
	rebate_rate: Decimal | float  # percent, kept on the contract line
	billed_qty: Decimal | float = 0  # bought and billed by suppliers (debit notes less)
	billed_net: Decimal | float = 0
	ordered_qty: Decimal | float = 0  # on purchase orders, not yet billed


def _fraction(part, whole) -> Decimal:
	whole = dec(whole)
	if whole <= 0:
		return ZERO
	return min(max(dec(part) / whole, ZERO), Decimal(1))


def shipped_share(lines: Iterable[ContractLine], sale_rates: Iterable) -> Decimal:
	"""The share of the contract's value that has shipped (by value: quantities of different items do not
	add up), from its lines and their sale rates."""
	shipped = total = ZERO
	for line, rate in zip(lines, sale_rates, strict=True):
		rate = dec(rate)
		total += dec(line.qty) * rate
		shipped += min(dec(line.shipped_qty), dec(line.qty)) * rate
	return _fraction(shipped, total)


def forecast(
	est: Profit,
	booked: Profit,
	committed: Profit,
	lines: Iterable[ContractLine],
	shipped: Decimal,
	vat_factor: Decimal | float = 1,
	vat_rebate: bool = True,
) -> Profit:
	"""The contract at completion: per kind, what is booked, plus what is committed (ordered, not billed),
	plus the estimate of what is neither: the goods neither billed nor ordered at the estimate's rate (with
	the VAT paid, ``vat_factor``, and their rebate), the sales of what has not shipped (``shipped`` is the
	share that has), and the freight, insurance and other costs of what has not shipped, and of what has
	while none of that kind is booked or committed. Claims and exchange differences are as booked."""
	b, c, e = booked.amounts, committed.amounts, est.amounts
	out = {kind: b.get(kind, ZERO) + c.get(kind, ZERO) for kind in KINDS}
	rest_net = rest_rebate = ZERO
	for line in lines:
		left = dec(line.qty) - dec(line.billed_qty) - dec(line.ordered_qty)
		if left > 0:
			net = left * dec(line.est_rate)
			rest_net += net
			rest_rebate += net * dec(line.rebate_rate)
	out[PURCHASE] += rounded(rest_net * dec(vat_factor))
	if vat_rebate:
		out[REBATE] += rounded(rest_rebate / 100)
	share_shipped = min(max(dec(shipped), ZERO), Decimal(1))
	unshipped = Decimal(1) - share_shipped
	out[SALES] += rounded(e.get(SALES, ZERO) * unshipped)
	for kind in (FREIGHT, INSURANCE, OTHER):
		estimated = e.get(kind, ZERO)
		if not estimated:
			continue
		# what has shipped and is not billed yet is estimated too
		if not b.get(kind) and not c.get(kind):
			out[kind] += rounded(estimated * share_shipped)
		out[kind] += rounded(estimated * unshipped)
	# each part is to the cent, so their sums are
	return Profit(out)


def on_shipped(
	booked: Profit,
	est: Profit,
	lines: Iterable[ContractLine],
	shipped: Decimal,
	vat_factor: Decimal | float = 1,
	vat_rebate: bool = True,
) -> Profit:
	"""The profit on what has shipped, like with like: the sales booked; the goods shipped at what they
	were billed (the average of their line's bills), or at the estimate's rate for what is not billed yet,
	with the VAT paid and their rebate; freight, insurance and other costs as booked, or the estimate's
	share for what has shipped while none is booked; claims and exchange differences as booked."""
	net = rebate = ZERO
	for line in lines:
		shipped_qty = dec(line.shipped_qty)
		if shipped_qty <= 0:
			continue
		billed_qty = max(dec(line.billed_qty), ZERO)
		from_bills = min(shipped_qty, billed_qty)
		line_net = (shipped_qty - from_bills) * dec(line.est_rate)
		if from_bills:
			line_net += from_bills * dec(line.billed_net) / billed_qty
		net += line_net
		rebate += line_net * dec(line.rebate_rate)
	b = booked.amounts
	out = {SALES: b.get(SALES, ZERO), PURCHASE: rounded(net * dec(vat_factor))}
	if vat_rebate:
		out[REBATE] = rounded(rebate / 100)
	share_shipped = min(max(dec(shipped), ZERO), Decimal(1))
	for kind in (FREIGHT, INSURANCE, OTHER):
		out[kind] = b.get(kind) or rounded(est.amounts.get(kind, ZERO) * share_shipped)
	for kind in (CLAIMS, EXCHANGE):
		out[kind] = b.get(kind, ZERO)
	return Profit(out)
