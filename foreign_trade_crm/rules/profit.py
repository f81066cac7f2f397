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

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from foreign_trade_crm.rules.numbers import dec
from foreign_trade_crm.rules.numbers import rounded as _rounded

ZERO = Decimal(0)
CENT = Decimal("0.01")


def rounded(value) -> Decimal:
	"""To the cent (company currency)."""
	return _rounded(value, 2)


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
		self.amounts[kind] = self.amounts.get(kind, ZERO) + dec(amount)
		self._profit = None

	def merge(self, other: Profit) -> Profit:
		for kind, amount in other.amounts.items():
			self.add(kind, amount)
		return self

	@property
	def profit(self) -> Decimal:
		if self._profit is None:
			get = self.amounts.get
			self._profit = rounded(
				get(SALES, ZERO)
				- sum((get(k, ZERO) for k in COSTS), ZERO)
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
